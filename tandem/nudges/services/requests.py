"""Requests nobody answers: the mentor is reminded, then the coordinators are told."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from tandem.core.batches import batches
from tandem.core.i18n import interpolate_lazy
from tandem.matching.models import MentorRequest
from tandem.nudges.services._common import tell, tell_coordinators
from tandem.nudges.services.settings import SettingsByProgramme
from tandem.programmes.models import Enrolment


def request_reminders_send(*, now: datetime) -> int:
    settings = SettingsByProgramme()
    pending = (
        MentorRequest.objects.pending()
        .filter(created_at__lte=now - timedelta(days=1), expires_at__gt=now)
        .select_related("mentee", "mentor__user", "programme")
        .prefetch_related("programme__coordinators")
    )
    told = 0
    for batch in batches(pending):
        for request in batch:
            chosen = settings[request.programme_id]
            if not chosen.request_reminders:
                continue
            days = (now - request.created_at).days
            url = reverse("matching:request_detail", args=[request.pk])
            if days >= chosen.request_mentor_days:
                told += tell(
                    request.mentor,
                    kind="nudge.request",
                    title=interpolate_lazy(
                        _("%(mentee)s is waiting for your answer"), mentee=request.mentee.name
                    ),
                    body=interpolate_lazy(
                        ngettext_lazy(
                            "They asked you %(count)d day ago to mentor them in %(programme)s. "
                            "Accept or decline, so that they can ask someone else if you cannot.",
                            "They asked you %(count)d days ago to mentor them in %(programme)s. "
                            "Accept or decline, so that they can ask someone else if you cannot.",
                            "count",
                        ),
                        count=days,
                        programme=request.programme.name,
                    ),
                    url=url,
                    key=f"nudge.request:{request.pk}",
                    programme_id=request.programme_id,
                )
            if days >= chosen.request_coordinator_days:
                told += tell_coordinators(
                    request.programme,
                    kind="alert.request",
                    title=interpolate_lazy(
                        ngettext_lazy(
                            "%(mentor)s has not answered %(mentee)s's request for %(count)d day "
                            "(%(programme)s)",
                            "%(mentor)s has not answered %(mentee)s's request for %(count)d days "
                            "(%(programme)s)",
                            "count",
                        ),
                        mentor=request.mentor.name,
                        mentee=request.mentee.name,
                        count=days,
                        programme=request.programme.name,
                    ),
                    body=_(
                        "The mentor was reminded. You may want to help the mentee "
                        "find someone else."
                    ),
                    url=_mentee_enrolment_url(request),
                    key=f"alert.request:{request.pk}",
                )
    return told


def _mentee_enrolment_url(request: MentorRequest) -> str:
    """Coordinators do not read requests; the mentee's application is where they can help."""
    enrolment = Enrolment.objects.filter(
        programme_id=request.programme_id, person_id=request.mentee_id, role=Enrolment.Role.MENTEE
    ).first()
    if enrolment is None:
        return reverse("programmes:enrolments", args=[request.programme.slug])
    return reverse("programmes:enrolment", args=[request.programme.slug, enrolment.pk])
