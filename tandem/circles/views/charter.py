from __future__ import annotations

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.circles import selectors, services
from tandem.circles.access import circle_view
from tandem.circles.forms import CircleCharterForm
from tandem.circles.models import Circle, CircleCharterVersion, CircleMember
from tandem.circles.services.charter import CHARTER_EDITABLE_STATES
from tandem.core.forms import add_service_error

from ._common import circle_render, circle_url, run


def _charter_page(
    request: HttpRequest, circle: Circle, me: CircleMember, number: int | None
) -> HttpResponse:
    circle = selectors.circle_with_everything(circle.pk)
    versions = sorted(circle.charter_versions.all(), key=lambda v: v.number, reverse=True)
    if number is None:
        version = versions[0] if versions else None
    else:
        version = next((v for v in versions if v.number == number), None)
        if version is None:
            raise Http404("No such version.")
    members = selectors.current_members(circle)
    state = selectors.charter_state(circle, members)
    is_current = version is not None and version.pk == versions[0].pk
    signed = {s.member_id: s.signed_at for s in version.signatures.all()} if version else {}
    return circle_render(
        request,
        "circles/charter.html",
        circle,
        me,
        "charter",
        {
            "charter": version,
            "versions": versions,
            "is_current": is_current,
            "signatures": [(m, signed.get(m.pk)) for m in members],
            "i_signed": me.pk in signed,
            "has_signature": bool(signed),
            "charter_state": state,
            "editable": circle.state in CHARTER_EDITABLE_STATES,
        },
    )


@circle_view
def charter(request: HttpRequest, circle: Circle, me: CircleMember) -> HttpResponse:
    return _charter_page(request, circle, me, None)


@circle_view
def charter_version(
    request: HttpRequest, circle: Circle, me: CircleMember, number: int
) -> HttpResponse:
    return _charter_page(request, circle, me, number)


@circle_view
def charter_edit(request: HttpRequest, circle: Circle, me: CircleMember) -> HttpResponse:
    if circle.state not in CHARTER_EDITABLE_STATES:
        messages.info(request, _("The charter cannot be changed now that the circle is closed."))
        return redirect(circle_url("charter", circle))
    current = circle.current_charter()
    initial = model_to_dict(current, fields=CircleCharterForm.Meta.fields) if current else {}
    form = CircleCharterForm(request.POST or None, initial=initial)
    has_signature = current is not None and current.signatures.exists()
    if request.method == "POST" and form.is_valid():
        if has_signature and not form.has_changed():
            messages.info(request, _("Nothing changed: the signed charter still stands."))
            return redirect(circle_url("charter", circle))
        try:
            services.circle_charter_edit(circle=circle, by=me.person, **form.cleaned_data)
        except services.CircleError as error:
            add_service_error(form, error)
        else:
            return redirect(circle_url("charter", circle))
    return circle_render(
        request,
        "circles/charter_edit.html",
        circle,
        me,
        "charter",
        {"form": form, "charter": current, "has_signature": has_signature},
        status=400 if form.errors else 200,
    )


@circle_view
@require_POST
def charter_sign(request: HttpRequest, circle: Circle, me: CircleMember) -> HttpResponse:
    try:
        number = int(request.POST.get("version", ""))
    except ValueError as exc:
        raise Http404 from exc
    version = get_object_or_404(CircleCharterVersion, circle=circle, number=number)
    run(
        request,
        lambda: services.circle_charter_sign(circle=circle, by=me.person, version=version),
        _("Signed."),
    )
    return redirect(circle_url("charter", circle))
