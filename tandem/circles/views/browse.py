"""An approved mentee of a group programme browsing its open circles and joining one.

The page shows each circle's metadata only: its name and topic, its facilitators, how many
mentees it holds and the languages its members share. Never anything the circle wrote."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tandem.circles import access
from tandem.circles.errors import CircleError
from tandem.circles.forming_forms import JoinForm
from tandem.circles.forming_selectors import mentee_circle, open_circles
from tandem.circles.models import Circle
from tandem.circles.services.joining import circle_join
from tandem.circles.services.notices import member_circle_url
from tandem.circles.services.runs import group_settings
from tandem.core.forms import add_service_error


@login_required
def browse(request: HttpRequest, slug: str) -> HttpResponse:
    programme, person = access.programme_for_mentee(request.user, slug)
    may_join = group_settings(programme).mentees_may_join
    mine = mentee_circle(programme, person)
    return render(
        request,
        "circles/forming/browse.html",
        {
            "programme": programme,
            "may_join": may_join,
            "mine": mine,
            "mine_url": member_circle_url(mine.pk) if mine else "",
            "circles": open_circles(programme) if may_join and mine is None else [],
        },
    )


@login_required
def join(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme, person = access.programme_for_mentee(request.user, slug)
    if not group_settings(programme).mentees_may_join:
        raise Http404("No such circle.")
    circle = next((c for c in open_circles(programme) if c.pk == pk), None)
    if circle is None:
        # A circle that filled up or closed since the list was drawn: say so, not 404.
        found = Circle.objects.filter(programme=programme, pk=pk).first()
        if found is None:
            raise Http404("No such circle.")
        messages.error(
            request, _("%(circle)s no longer has room for new members.") % {"circle": found.name}
        )
        return redirect("circles:browse", slug)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            circle_join(circle=circle, mentee=person, note=form.cleaned_data["note"])
        except CircleError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("You joined %(circle)s; its members have been told.") % {"circle": circle.name},
            )
            return redirect("circles:browse", slug)
    return render(
        request,
        "circles/forming/join.html",
        {"programme": programme, "circle": circle, "form": form},
        status=400 if request.method == "POST" else 200,
    )
