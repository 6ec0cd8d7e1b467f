"""Mentees asking mentors directly, in programmes that let mentees choose."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.i18n import interpolate_lazy, lazy_text
from tandem.matching.models import MentorRequest
from tandem.matching.selectors import matching_settings
from tandem.mentorships.access import zone_of
from tandem.mentorships.models import MentorExclusion, Mentorship
from tandem.mentorships.services import MentorshipError
from tandem.mentorships.services.lifecycle import mentorship_create
from tandem.notifications.services import notification_send
from tandem.people.models import Person, day_text
from tandem.programmes.models import Enrolment, Programme

from ._common import MatchingError, logger, role_word

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

MAX_ANSWER = 1000


def _approved(programme: Programme, person: Person, role: str) -> Enrolment | None:
    return Enrolment.objects.filter(
        programme=programme, person=person, role=role, status=Enrolment.Status.APPROVED
    ).first()


def _notify(
    request: MentorRequest, person: Person, event: str, title: StrOrPromise, body: StrOrPromise
) -> None:
    """Tell `person` of the request's `event`, in their language: the texts are lazy."""
    if person.user is None:
        return
    notification_send(
        recipient=person.user,
        kind=f"mentor_request_{event}",
        title=title,
        body=body,
        url=reverse("matching:request_detail", args=[request.pk]),
        dedupe_key=f"mentor-request:{request.pk}:{event}:{person.pk}",
        programme_id=request.programme_id,
    )


@transaction.atomic
def mentor_request_create(
    *,
    programme: Programme,
    mentee: Person,
    mentor: Person,
    hope_to_gain: str,
    why_this_mentor: str,
) -> MentorRequest:
    """Ask a mentor; the mentor is notified and has until the programme's expiry to answer."""
    hope_to_gain, why_this_mentor = hope_to_gain.strip(), why_this_mentor.strip()
    words = {"mentor": programme.labels.mentor, "mentee": programme.labels.mentee}
    errors = {}
    if not hope_to_gain:
        errors["hope_to_gain"] = _("Say what you hope to gain.")
    if not why_this_mentor:
        errors["why_this_mentor"] = _("Say why you are asking this %(mentor)s.") % words
    for name, value in (("hope_to_gain", hope_to_gain), ("why_this_mentor", why_this_mentor)):
        if len(value) > MAX_ANSWER:
            errors[name] = _("Keep it under %(count)s characters.") % {"count": MAX_ANSWER}
    if errors:
        name, message = next(iter(errors.items()))
        raise MatchingError(message, field=name)
    if not programme.allows_self_selection:
        raise MatchingError(
            _("In this programme the coordinator matches %(mentees)s with %(mentors)s.")
            % {"mentees": programme.labels.mentees, "mentors": programme.labels.mentors}
        )
    if _approved(programme, mentee, Enrolment.Role.MENTEE) is None:
        raise MatchingError(
            _("Only an approved %(mentee)s of this programme can ask for a %(mentor)s.") % words
        )
    if _approved(programme, mentor, Enrolment.Role.MENTOR) is None:
        raise MatchingError(
            _("%(name)s is not a %(mentor)s in this programme.") % {"name": mentor.name, **words},
            field="mentor",
        )
    if mentee.pk == mentor.pk:
        raise MatchingError(_("You cannot ask yourself."), field="mentor")
    if mentor.is_not_taking_mentees:
        # Requests already waiting stay: the mentor may still answer them.
        until = mentor.not_taking_mentees_until
        if until is not None:
            text = _(
                "%(name)s is not taking new %(mentees)s until %(until)s; choose another %(mentor)s."
            )
        else:
            text = _(
                "%(name)s is not taking new %(mentees)s at the moment; choose another %(mentor)s."
            )
        raise MatchingError(
            text
            % {
                "name": mentor.name,
                "until": day_text(until) if until is not None else "",
                "mentees": programme.labels.mentees,
                **words,
            },
            field="mentor",
        )
    if Mentorship.objects.open().filter(programme=programme, mentee=mentee).exists():
        raise MatchingError(_("You already have a %(mentor)s in this programme.") % words)
    if MentorExclusion.objects.filter(programme=programme, mentee=mentee, mentor=mentor).exists():
        raise MatchingError(
            _(
                "After your earlier pairing ended, %(name)s is not available to you again in "
                "this programme; choose another %(mentor)s."
            )
            % {"name": mentor.name, **words},
            field="mentor",
        )
    settings = matching_settings(programme)
    pending = MentorRequest.objects.pending().filter(programme=programme, mentee=mentee)
    if pending.filter(mentor=mentor).exists():
        raise MatchingError(
            _("You have already asked %(name)s; wait for the answer.") % {"name": mentor.name}
        )
    if pending.count() >= settings.max_pending_requests:
        raise MatchingError(
            _(
                "You can wait on at most %(count)s requests at a time; withdraw one or wait "
                "for an answer."
            )
            % {"count": settings.max_pending_requests}
        )
    try:
        with transaction.atomic():
            request = MentorRequest.objects.create(
                programme=programme,
                mentee=mentee,
                mentor=mentor,
                hope_to_gain=hope_to_gain,
                why_this_mentor=why_this_mentor,
                expires_at=timezone.now() + timedelta(days=settings.request_expiry_days),
            )
    except IntegrityError as exc:
        raise MatchingError(_("You have already asked %(name)s.") % {"name": mentor.name}) from exc
    _notify(
        request,
        mentor,
        "received",
        interpolate_lazy(
            gettext_lazy("%(name)s asks you to be their %(mentor)s in %(programme)s"),
            name=mentee.name,
            programme=programme.name,
            mentor=lazy_text(role_word, programme, "mentor"),
        ),
        interpolate_lazy(
            gettext_lazy("Please answer by %(date)s."),
            # The day as it is where the mentor lives.
            date=lazy_text(date_format, request.expires_at.astimezone(zone_of(mentor)), "d F Y"),
        ),
    )
    logger.info("mentor request %s created", request.pk)
    return request


def _lock_pending(request: MentorRequest) -> MentorRequest:
    locked = MentorRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != MentorRequest.Status.PENDING:
        raise MatchingError(
            _("This request is already %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    if locked.expires_at <= timezone.now():
        raise MatchingError(_("This request has expired."))
    return locked


@transaction.atomic
def mentor_request_accept(
    *, mentor_request: MentorRequest, by: Person, note: str = ""
) -> Mentorship:
    """The mentor says yes: the mentorship starts, within the mentor's capacity.

    The mentor's enrolment row is locked first, so two acceptances at the same instant are
    counted one after the other and can never exceed the capacity.
    """
    labels = mentor_request.programme.labels
    if by.pk != mentor_request.mentor_id:
        raise MatchingError(
            _("Only the %(mentor)s asked can answer this request.") % {"mentor": labels.mentor}
        )
    # Both enrolment rows, in a fixed order so two acceptances cannot deadlock: the mentor's
    # guards their capacity, the mentee's stops two mentors taking the same mentee at once.
    locked_rows = list(
        Enrolment.objects.select_for_update()
        .filter(
            programme_id=mentor_request.programme_id,
            person_id__in=[mentor_request.mentor_id, mentor_request.mentee_id],
            status=Enrolment.Status.APPROVED,
        )
        .order_by("pk")
        .values_list("person_id", "role")
    )
    if (by.pk, Enrolment.Role.MENTOR) not in locked_rows:
        raise MatchingError(
            _("You are no longer an approved %(mentor)s in this programme.")
            % {"mentor": labels.mentor}
        )
    locked = _lock_pending(mentor_request)
    try:
        mentorship = mentorship_create(
            programme=locked.programme,
            mentee=locked.mentee,
            mentor=locked.mentor,
            created_by=None,
            origin=Mentorship.Origin.REQUEST,
        )
    except MentorshipError as exc:
        raise MatchingError(exc.message) from exc
    now = timezone.now()
    locked.status = MentorRequest.Status.ACCEPTED
    locked.response_note = note.strip()[:MAX_ANSWER]
    locked.responded_at = now
    locked.mentorship = mentorship
    locked.save(
        update_fields=["status", "response_note", "responded_at", "mentorship", "updated_at"]
    )
    # The mentee has a mentor now: their other open requests are withdrawn.
    others = list(
        MentorRequest.objects.pending()
        .filter(programme_id=locked.programme_id, mentee_id=locked.mentee_id)
        .exclude(pk=locked.pk)
        .select_related("mentor__user", "mentee", "programme")
    )
    MentorRequest.objects.filter(pk__in=[o.pk for o in others]).update(
        status=MentorRequest.Status.WITHDRAWN, responded_at=now, updated_at=now
    )
    for other in others:
        _notify(
            other,
            other.mentor,
            "withdrawn",
            interpolate_lazy(
                gettext_lazy("%(name)s found a %(mentor)s in %(programme)s"),
                name=other.mentee.name,
                mentor=lazy_text(role_word, other.programme, "mentor"),
                programme=other.programme.name,
            ),
            gettext_lazy("Their request to you is withdrawn; nothing more to do."),
        )
    _notify(
        locked,
        locked.mentee,
        "accepted",
        interpolate_lazy(
            gettext_lazy("%(name)s accepted your request in %(programme)s"),
            name=locked.mentor.name,
            programme=locked.programme.name,
        ),
        locked.response_note,
    )
    mentor_request.status, mentor_request.mentorship = locked.status, mentorship
    logger.info("mentor request %s accepted", locked.pk)
    return mentorship


@transaction.atomic
def mentor_request_decline(
    *, mentor_request: MentorRequest, by: Person, note: str = ""
) -> MentorRequest:
    labels = mentor_request.programme.labels
    if by.pk != mentor_request.mentor_id:
        raise MatchingError(
            _("Only the %(mentor)s asked can answer this request.") % {"mentor": labels.mentor}
        )
    locked = _lock_pending(mentor_request)
    locked.status = MentorRequest.Status.DECLINED
    locked.response_note = note.strip()[:MAX_ANSWER]
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "response_note", "responded_at", "updated_at"])
    _notify(
        locked,
        locked.mentee,
        "declined",
        interpolate_lazy(
            gettext_lazy("%(name)s cannot mentor you in %(programme)s"),
            name=locked.mentor.name,
            programme=locked.programme.name,
        ),
        locked.response_note
        or interpolate_lazy(
            gettext_lazy("You can ask another %(mentor)s."),
            mentor=lazy_text(role_word, locked.programme, "mentor"),
        ),
    )
    return locked


@transaction.atomic
def mentor_request_withdraw(*, mentor_request: MentorRequest, by: Person) -> MentorRequest:
    if by.pk != mentor_request.mentee_id:
        raise MatchingError(
            _("Only the %(mentee)s who asked can withdraw this request.")
            % {"mentee": mentor_request.programme.labels.mentee}
        )
    locked = MentorRequest.objects.select_for_update().get(pk=mentor_request.pk)
    if locked.status != MentorRequest.Status.PENDING:
        raise MatchingError(
            _("This request is already %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    locked.status = MentorRequest.Status.WITHDRAWN
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "responded_at", "updated_at"])
    _notify(
        locked,
        locked.mentor,
        "withdrawn",
        interpolate_lazy(
            gettext_lazy("%(name)s withdrew their request in %(programme)s"),
            name=locked.mentee.name,
            programme=locked.programme.name,
        ),
        gettext_lazy("Nothing more to do."),
    )
    return locked


def mentor_requests_expire() -> int:
    """Expire every pending request past its date and tell the mentee; returns how many."""
    now = timezone.now()
    expired = 0
    due = MentorRequest.objects.pending().filter(expires_at__lte=now).values_list("pk", flat=True)
    for pk in list(due[:5000]):
        with transaction.atomic():
            request = (
                MentorRequest.objects.select_for_update(of=("self",))
                .select_related("mentee__user", "mentor", "programme")
                .filter(pk=pk, status=MentorRequest.Status.PENDING)
                .first()
            )
            if request is None:
                continue
            request.status = MentorRequest.Status.EXPIRED
            request.save(update_fields=["status", "updated_at"])
            _notify(
                request,
                request.mentee,
                "expired",
                interpolate_lazy(
                    gettext_lazy("Your request to %(name)s expired"), name=request.mentor.name
                ),
                interpolate_lazy(
                    gettext_lazy(
                        "%(name)s did not answer in time. You can ask another %(mentor)s."
                    ),
                    name=request.mentor.name,
                    mentor=lazy_text(role_word, request.programme, "mentor"),
                ),
            )
            expired += 1
    return expired
