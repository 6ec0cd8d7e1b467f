"""Coordinator pages of a group programme: its group settings, its circles (metadata only),
a circle formed by hand, and the members of a circle added or taken out."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.circles import access
from tandem.circles.errors import CircleError
from tandem.circles.forming_forms import AddMemberForm, CircleForm, GroupSettingsForm
from tandem.circles.forming_selectors import circle_members, circles_for_coordinator
from tandem.circles.models import CircleMember
from tandem.circles.services import forming as services
from tandem.circles.services.runs import group_settings
from tandem.core.forms import add_service_error
from tandem.people.access import signed_in_user
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme

PAGE_SIZE = 50


def _participants(programme: Programme, role: str) -> Any:
    return Person.objects.filter(
        enrolments__programme=programme,
        enrolments__role=role,
        enrolments__status=Enrolment.Status.APPROVED,
    ).order_by("name", "pk")


@login_required
def settings_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme = access.group_programme_for_coordinator(user, slug)
    form = GroupSettingsForm(request.POST or None, instance=group_settings(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.group_settings_update(
                programme=programme,
                max_mentees=form.cleaned_data["max_mentees"],
                mentees_may_join=form.cleaned_data["mentees_may_join"],
                by=user,
            )
        except CircleError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Group settings saved."))
            return redirect("circles:group_settings", programme.slug)
    return render(
        request,
        "circles/forming/settings.html",
        {"programme": programme, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def circle_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.group_programme_for_coordinator(request.user, slug)
    page = Paginator(circles_for_coordinator(programme), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for circle in page.object_list:
        circle.room = max(0, circle.max_mentees - circle.mentee_count)
    return render(request, "circles/forming/list.html", {"programme": programme, "page": page})


@login_required
def circle_create(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme = access.group_programme_for_coordinator(user, slug)
    form = CircleForm(
        request.POST or None,
        initial={"max_mentees": group_settings(programme).max_mentees},
        mentors=_participants(programme, Enrolment.Role.MENTOR),
        mentees=_participants(programme, Enrolment.Role.MENTEE),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            circle = services.circle_form(
                programme=programme,
                name=data["name"],
                topic=data["topic"],
                facilitators=list(data["facilitators"]),
                mentees=list(data["mentees"]),
                max_mentees=data["max_mentees"],
                by=user,
            )
        except CircleError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Formed %(circle)s; its members have been told.") % {"circle": circle.name},
            )
            return redirect("circles:coordinator_members", programme.slug, circle.pk)
    return render(
        request,
        "circles/forming/create.html",
        {"programme": programme, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _free_mentees(programme: Programme) -> Any:
    busy = CircleMember.objects.current().filter(
        circle__programme=programme,
        role=CircleMember.Role.MENTEE,
        circle__state__in=("forming", "active", "paused"),
    )
    return _participants(programme, Enrolment.Role.MENTEE).exclude(pk__in=busy.values("person_id"))


@login_required
def circle_members_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    circle = access.programme_circle_for_coordinator(user, slug, pk)
    form = AddMemberForm(request.POST or None, mentees=_free_mentees(circle.programme))
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.circle_member_add(circle=circle, person=person, by=user)
        except CircleError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Added %(name)s to %(circle)s.") % {"name": person.name, "circle": circle.name},
            )
            return redirect("circles:coordinator_members", slug, pk)
    members = circle_members(circle)
    return render(
        request,
        "circles/forming/members.html",
        {
            "programme": circle.programme,
            "circle": circle,
            "members": members,
            "mentee_count": sum(1 for m in members if m.role == CircleMember.Role.MENTEE),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int, member: int) -> HttpResponse:
    user = signed_in_user(request)
    circle = access.programme_circle_for_coordinator(user, slug, pk)
    found = get_object_or_404(
        CircleMember.objects.current().select_related("person", "circle"), circle=circle, pk=member
    )
    try:
        services.circle_member_remove(member=found, by=user)
    except CircleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Took %(name)s out of %(circle)s.")
            % {"name": found.person.name, "circle": circle.name},
        )
    return redirect("circles:coordinator_members", slug, pk)
