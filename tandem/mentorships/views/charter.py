from __future__ import annotations

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.core.forms import add_service_error
from tandem.mentorships import services
from tandem.mentorships.access import pair_view
from tandem.mentorships.forms import CharterForm
from tandem.mentorships.models import CharterVersion, Mentorship
from tandem.mentorships.services.charter import CHARTER_EDITABLE_STATES
from tandem.people.models import Person

from ._common import back, pair_render, pair_url, run


@pair_view
def charter(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    versions = list(mentorship.charter_versions.select_related("written_by"))
    current = versions[0] if versions else None
    return pair_render(
        request,
        "mentorships/charter.html",
        mentorship,
        me,
        "charter",
        {
            "charter": current,
            "versions": versions,
            "is_current": True,
            "i_signed": bool(current and current.signed_at_by(me)),
        },
    )


@pair_view
def charter_version(
    request: HttpRequest, mentorship: Mentorship, me: Person, number: int
) -> HttpResponse:
    version = get_object_or_404(CharterVersion, mentorship=mentorship, number=number)
    versions = list(mentorship.charter_versions.all())
    return pair_render(
        request,
        "mentorships/charter.html",
        mentorship,
        me,
        "charter",
        {
            "charter": version,
            "versions": versions,
            "is_current": version.pk == versions[0].pk,
            "i_signed": bool(version.signed_at_by(me)),
        },
    )


@pair_view
def charter_edit(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    if mentorship.state not in CHARTER_EDITABLE_STATES:
        # Not linked from anywhere in these states; an old link shows the charter instead of
        # a form that could not be saved.
        messages.info(request, _("The charter cannot be changed at this stage."))
        return redirect(pair_url("charter", mentorship))
    current = mentorship.current_charter()
    # The form only parses; the service decides whether this is an edit or a new version.
    initial = model_to_dict(current, fields=CharterForm.Meta.fields) if current else {}
    form = CharterForm(request.POST or None, initial=initial, labels=mentorship.programme.labels)
    if request.method == "POST" and form.is_valid():
        if current is not None and current.has_signature and not form.has_changed():
            # Saving the signed charter as it stands is not a mistake: there is nothing to sign.
            messages.info(request, _("Nothing changed: the signed charter still stands."))
            return redirect(pair_url("charter", mentorship))
        try:
            services.charter_edit(mentorship=mentorship, by=me, **form.cleaned_data)
        except services.MentorshipError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Charter saved: it holds once you have both signed it."))
            return redirect(pair_url("charter", mentorship))
    return pair_render(
        request,
        "mentorships/charter_edit.html",
        mentorship,
        me,
        "charter",
        {"form": form, "charter": current},
        status=400 if form.errors else 200,
    )


@pair_view
@require_POST
def charter_sign(request: HttpRequest, mentorship: Mentorship, me: Person) -> HttpResponse:
    try:
        number = int(request.POST.get("version", ""))
    except ValueError as exc:
        raise Http404 from exc
    version = get_object_or_404(CharterVersion, mentorship=mentorship, number=number)
    run(
        request,
        lambda: services.charter_sign(mentorship=mentorship, by=me, version=version),
        _("Signed."),
    )
    return back(request, pair_url("charter", mentorship))
