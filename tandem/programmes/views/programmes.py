from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tandem.core.forms import add_service_error
from tandem.people.access import signed_in_user
from tandem.programmes import access, selectors, services
from tandem.programmes.errors import ProgrammeError
from tandem.programmes.forms import ProgrammeForm


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    programmes = selectors.programmes_for_list(user)
    return render(
        request,
        "programmes/list.html",
        {
            "programmes": programmes,
            "can_create": access.can_create_programmes(user),
        },
    )


@login_required
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme = access.programme_visible_to(user, slug)
    enrolment = access.own_enrolment(user, programme)
    coordinating = access.is_coordinator_of(user, programme)
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "enrolment": enrolment,
            "coordinating": coordinating,
            "counts": selectors.programme_counts(programme) if coordinating else None,
            "can_apply": access.can_apply(user, programme)
            and (enrolment is None or enrolment.status == enrolment.Status.WITHDRAWN),
        },
    )


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not access.can_create_programmes(user):
        raise Http404("No such page.")
    form = ProgrammeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                created_by=user,
                coordinators=form.cleaned_data["coordinator_emails"],
                **form.programme_fields(),
            )
        except ProgrammeError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Programme “%(name)s” created.") % {"name": programme.name})
            return redirect("programmes:detail", programme.slug)
    return render(request, "programmes/form.html", {"form": form, "programme": None})


@login_required
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme = access.programme_for_coordinator(user, slug)
    saved_name = programme.name  # the form writes its input onto the instance as it validates
    form = ProgrammeForm(request.POST or None, instance=programme, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(
                programme=programme,
                by=user,
                coordinators=form.cleaned_data["coordinator_emails"],
                **form.programme_fields(),
            )
        except ProgrammeError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Programme saved."))
            return redirect("programmes:detail", programme.slug)
    return render(
        request,
        "programmes/form.html",
        {"form": form, "programme": programme, "saved_name": saved_name},
    )
