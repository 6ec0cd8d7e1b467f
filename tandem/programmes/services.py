"""Writes for programmes, questionnaires, enrolments and invitations."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core import audit
from tandem.core.personal_data import ERASED_NAME, ErasureSubject
from tandem.people.models import Skill
from tandem.people.services import person_for_user
from tandem.programmes import defaults, selectors
from tandem.programmes.access import can_apply
from tandem.programmes.errors import ProgrammeError
from tandem.programmes.models import (
    EmailSuppression,
    Enrolment,
    Invitation,
    InvitationBatch,
    Programme,
    Question,
)
from tandem.programmes.questionnaire import clean_answers
from tandem.programmes.selectors import InviteeCriteria
from tandem.programmes.signals import enrolment_decided, invitation_sent
from tandem.programmes.skills import resolve_skills

PROGRAMME_FIELDS = frozenset(Programme.EDITABLE_FIELDS)
QUESTION_FIELDS = frozenset({"key", "text", "help_text", "kind", "choices", "required"})
CORE_QUESTION_EDITABLE = frozenset({"text", "help_text"})
DECISIONS = (Enrolment.Status.APPROVED, Enrolment.Status.DECLINED)


def _full_clean(instance: Programme | Question | Invitation) -> None:
    """Validate a model as a service: its refusal is a ProgrammeError like any other rule's."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ProgrammeError.from_validation_error(exc) from exc


def _check_fields(fields: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


# Programmes


@transaction.atomic
def programme_create(
    *, created_by: User, coordinators: Iterable[User] = (), **fields: Any
) -> Programme:
    """A new programme coordinated by its creator (and others), with the default questionnaire."""
    _check_fields(fields, PROGRAMME_FIELDS)
    fields.update(
        defaults.guidelines_for(fields.get("kind", Programme.Kind.ONE_TO_ONE), dict(fields))
    )
    programme = Programme(**fields)
    programme.slug = programme._unique_slug()
    _full_clean(programme)
    programme.save()
    programme.coordinators.set({created_by, *coordinators})
    questionnaire_install_defaults(programme=programme)
    audit.record("programme.created", actor=created_by, obj=programme)
    return programme


@transaction.atomic
def programme_update(
    *,
    programme: Programme,
    by: User | None = None,
    coordinators: Iterable[User] | None = None,
    **fields: Any,
) -> Programme:
    _check_fields(fields, PROGRAMME_FIELDS)
    # Compared with the stored row: a model form has already set its values on `programme`.
    stored = Programme.objects.get(pk=programme.pk)
    changed = sorted(name for name, value in fields.items() if getattr(stored, name) != value)
    _refuse_pool_change(stored, fields.get("kind", stored.kind))
    for name, value in fields.items():
        setattr(programme, name, value)
    _full_clean(programme)
    programme.save()
    if coordinators is not None:
        coordinators = list(coordinators)
        if not coordinators:
            raise ProgrammeError(
                _("A programme needs at least one coordinator."), field="coordinators"
            )
        before = set(programme.coordinators.values_list("pk", flat=True))
        programme.coordinators.set(coordinators)
        if before != {user.pk for user in coordinators}:
            changed.append("coordinators")
    if changed:
        # The names of what changed, not the values: guidelines are long texts.
        audit.record("programme.changed", actor=by, obj=programme, fields=changed)
    return programme


def _refuse_pool_change(stored: Programme, kind: str) -> None:
    """A programme with applicants keeps its kind of pool: peers, or mentors and mentees.

    Turning one into the other would leave every application in a role the programme no
    longer has; reverse and one-to-one mentoring share their roles and may swap.
    """
    if (kind == Programme.Kind.PEER) == stored.is_peer:
        return
    if stored.enrolments.exists():
        raise ProgrammeError(
            _(
                "People have applied to this programme in their roles, so it cannot become or "
                "stop being a peer programme; start a new programme instead."
            ),
            field="kind",
        )


def role_refusal(programme: Programme, role: str) -> str:
    """Why ``role`` is not one of the programme's roles, in words; empty when it is."""
    if role in programme.roles():
        return ""
    if programme.is_peer:
        return _("Everyone in a peer programme takes part as a peer.")
    return _("Choose mentor or mentee.")


# Questionnaire


@transaction.atomic
def questionnaire_install_defaults(*, programme: Programme) -> list[Question]:
    """Add the core and structured questions the programme lacks; existing ones stay as they are."""
    existing = set(programme.questions.values_list("key", flat=True))
    order = programme.questions.aggregate(top=Max("order"))["top"] or 0
    created: list[Question] = []
    for spec in defaults.default_questions():
        order += 1
        if spec["key"] in existing:
            continue
        created.append(
            Question(
                programme=programme,
                is_core=spec["key"] in Question.CORE_KEYS,
                order=order,
                **spec,
            )
        )
    return Question.objects.bulk_create(created)


@transaction.atomic
def question_create(*, programme: Programme, **fields: Any) -> Question:
    _check_fields(fields, QUESTION_FIELDS)
    top = programme.questions.aggregate(top=Max("order"))["top"] or 0
    question = Question(programme=programme, is_core=False, order=top + 1, **fields)
    _full_clean(question)
    question.save()
    return question


@transaction.atomic
def question_update(*, question: Question, **fields: Any) -> Question:
    _check_fields(fields, QUESTION_FIELDS)
    if question.is_core:
        locked = {
            name
            for name, value in fields.items()
            if name not in CORE_QUESTION_EDITABLE and getattr(question, name) != value
        }
        if locked:
            raise ProgrammeError(
                errors={
                    name: [_("A core question keeps its key, kind and choices.")] for name in locked
                }
            )
    for name, value in fields.items():
        setattr(question, name, value)
    _full_clean(question)
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    if question.is_core:
        raise ProgrammeError(_("The three core questions are part of every questionnaire."))
    question.delete()


@transaction.atomic
def question_move(*, question: Question, offset: int) -> None:
    """Move a question up (offset -1) or down (+1); orders are renumbered 1..n."""
    questions = list(
        Question.objects.select_for_update().filter(programme_id=question.programme_id)
    )
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    target = max(0, min(len(questions) - 1, index + offset))
    questions.insert(target, questions.pop(index))
    for number, item in enumerate(questions, start=1):
        item.order = number
    Question.objects.bulk_update(questions, ["order"])


# Enrolment


@transaction.atomic
def enrolment_apply(
    *,
    programme: Programme,
    user: User,
    role: str,
    answers: Mapping[str, Any],
    goals: str = "",
    skill_terms: Iterable[str] = (),
    capacity: int | None = None,
    offers: str = "",
) -> Enrolment:
    """Apply to a programme. Errors are keyed by field; answer errors by `answers.<key>`.

    A peer gives both sides at once: what they want to work on (``goals``, ``skill_terms``)
    and what they can offer (``offers``); they are in one pair at a time.
    """
    if not can_apply(user, programme):
        raise ProgrammeError(_("This programme is not taking applications."))
    person = person_for_user(user=user)
    existing = (
        Enrolment.objects.select_for_update().filter(programme=programme, person=person).first()
    )
    if existing is not None and existing.status != Enrolment.Status.WITHDRAWN:
        raise ProgrammeError(_("You have already applied to this programme."))

    errors: dict[str, list[str]] = {}
    refusal = role_refusal(programme, role)
    if refusal:
        errors["role"] = [refusal]
    try:
        cleaned = clean_answers(programme.questions.all(), answers)
    except ValidationError as exc:
        cleaned = {}
        errors.update({f"answers.{key}": msgs for key, msgs in exc.message_dict.items()})
    goals = goals.strip()
    offers = offers.strip()
    skills: list[Skill] = []
    if role in (Enrolment.Role.MENTEE, Enrolment.Role.PEER):
        if not goals:
            errors["goals"] = [_("Say what you want to work on.")]
        if role == Enrolment.Role.PEER and not offers:
            errors["offers"] = [_("Say what you can offer the other person.")]
        skills, unknown = resolve_skills(skill_terms)
        if unknown:
            errors["skills_wanted"] = [
                _("Not in the skills list: %(terms)s. Use the names the list gives.")
                % {"terms": ", ".join(unknown)}
            ]
        capacity = 1 if role == Enrolment.Role.PEER else 0
    elif role == Enrolment.Role.MENTOR and (capacity is None or not 1 <= capacity <= 20):
        errors["capacity"] = [_("Choose how many mentees you can take, from 1 to 20.")]
    if errors:
        raise ProgrammeError(errors=errors)

    enrolment = existing or Enrolment(programme=programme, person=person)
    enrolment.role = role
    enrolment.status = Enrolment.Status.APPLIED
    enrolment.answers = cleaned
    enrolment.goals = goals
    enrolment.offers = offers if role == Enrolment.Role.PEER else ""
    enrolment.capacity = capacity or 0
    enrolment.decided_at = None
    enrolment.decided_by = None
    enrolment.decision_note = ""
    enrolment.notified_status = ""
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as exc:  # a concurrent application won the race
        raise ProgrammeError(_("You have already applied to this programme.")) from exc
    enrolment.skills_wanted.set(skills)
    Invitation.objects.filter(
        programme=programme, email=user.email.lower(), accepted_at__isnull=True
    ).update(accepted_at=timezone.now())
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment) -> Enrolment:
    if enrolment.status not in (Enrolment.Status.APPLIED, Enrolment.Status.APPROVED):
        raise ProgrammeError(_("Only a pending or approved application can be withdrawn."))
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.save(update_fields=["status", "updated_at"])
    return enrolment


@transaction.atomic
def enrolment_decide(
    *, enrolment: Enrolment, decision: str, decided_by: User, note: str = ""
) -> bool:
    """Approve or decline; the applicant is emailed once the decision is committed.

    Returns whether the status changed. Deciding again the same way changes nothing and sends
    nothing.
    """
    if decision not in DECISIONS:
        raise ProgrammeError(_("Choose approve or decline."), field="decision")
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.status == Enrolment.Status.WITHDRAWN:
        raise ProgrammeError(_("The applicant has withdrawn."))
    if locked.status == decision:
        return False
    locked.status = decision
    locked.decided_at = timezone.now()
    locked.decided_by = decided_by
    locked.decision_note = note.strip()
    locked.save(update_fields=["status", "decided_at", "decided_by", "decision_note", "updated_at"])
    for name in ("status", "decided_at", "decided_by_id", "decision_note"):
        setattr(enrolment, name, getattr(locked, name))
    audit.record(
        f"enrolment.{decision}",
        actor=decided_by,
        obj=locked,
        programme=locked.programme_id,
        role=locked.role,
    )
    _on_commit_send_decision(locked.pk)
    return True


@transaction.atomic
def enrolments_decide(
    *,
    programme: Programme,
    enrolment_ids: Iterable[int],
    decision: str,
    decided_by: User,
    note: str = "",
) -> list[Enrolment]:
    """Decide several applications of one programme; withdrawn ones are left alone."""
    enrolments = list(
        Enrolment.objects.filter(programme=programme, pk__in=list(enrolment_ids)).exclude(
            status=Enrolment.Status.WITHDRAWN
        )
    )
    changed = []
    for enrolment in enrolments:
        if enrolment_decide(
            enrolment=enrolment, decision=decision, decided_by=decided_by, note=note
        ):
            changed.append(enrolment)
    return changed


def _on_commit_send_decision(enrolment_id: int) -> None:
    transaction.on_commit(
        lambda: enrolment_decided.send(sender=Enrolment, enrolment_id=enrolment_id)
    )


# Invitations


@transaction.atomic
def invitation_send(
    *,
    programme: Programme,
    email: str,
    role: str,
    invited_by: User,
    message: str = "",
    resend: bool = False,
) -> tuple[Invitation, bool]:
    """Invite someone by email. Returns the invitation and whether an email is on its way.

    Inviting the same address again sends nothing unless `resend` asks for it.
    """
    email = email.strip().lower()
    if (
        Enrolment.objects.filter(programme=programme, person__email=email)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .exists()
    ):
        raise ProgrammeError(_("This person has already applied to the programme."), field="email")
    if selectors.address_suppressed(email):
        raise ProgrammeError(
            _(
                "This person asked not to be invited to programmes, from the link in an earlier "
                "invitation."
            ),
            field="email",
        )
    invitation = (
        Invitation.objects.select_for_update().filter(programme=programme, email=email).first()
    )
    if invitation is not None and not resend:
        return invitation, False
    if invitation is None:
        invitation = Invitation(programme=programme, email=email)
    refusal = role_refusal(programme, role)
    if refusal:
        raise ProgrammeError(refusal, field="role")
    invitation.role = role
    invitation.message = message.strip()
    invitation.invited_by = invited_by
    invitation.sent_at = None
    _full_clean(invitation)
    invitation.save()
    invitation_id = invitation.pk
    transaction.on_commit(
        lambda: invitation_sent.send(sender=Invitation, invitation_id=invitation_id)
    )
    return invitation, True


def programmes_erase_person(subject: ErasureSubject) -> None:
    """Forget a person: they leave the programmes still running, their invitations, and the
    bulk invitations' filters and descriptions that named them."""
    user = subject.user
    running = Programme.objects.exclude(status=Programme.Status.CLOSED)
    if user is not None:
        # Counted before the filter on the same relation, so the count is of every coordinator
        # of the programme, not only of the one being erased.
        alone = (
            running.annotate(coordinator_count=Count("coordinators"))
            .filter(coordinators=user, coordinator_count=1)
            .first()
        )
        if alone is not None:
            raise ProgrammeError(
                _(
                    "%(name)s is the only coordinator of %(programme)s: add another coordinator "
                    "first, so that the programme is not left without one."
                )
                % {"name": subject.name, "programme": alone.name}
            )
        for programme in Programme.objects.filter(coordinators=user):
            programme.coordinators.remove(user)
    Enrolment.objects.filter(person=subject.person, programme__in=running).exclude(
        status__in=[Enrolment.Status.DECLINED, Enrolment.Status.WITHDRAWN]
    ).update(status=Enrolment.Status.WITHDRAWN, updated_at=timezone.now())
    Invitation.objects.filter(email__iexact=subject.email).update(email=subject.erased_email)
    # Nothing is left to suppress: their address is gone from the organisation and from
    # every invitation.
    EmailSuppression.objects.filter(email__iexact=subject.email).delete()
    _invitation_batches_forget(subject)


def _invitation_batches_forget(subject: ErasureSubject) -> None:
    """A batch keeps what the coordinator chose: pasted addresses, and a manager or anyone
    else named in its description or message. The manager's id may stay: it now points at the
    anonymised row."""
    email = subject.email.strip().lower()
    replacements = {
        text: replacement
        for text, replacement in (
            (subject.name.lower(), ERASED_NAME),
            (email, subject.erased_email),
        )
        if text
    }
    if not replacements:
        return
    named = re.compile("|".join(map(re.escape, replacements)), flags=re.IGNORECASE)

    def scrub(text: str) -> str:
        return named.sub(lambda found: replacements[found.group(0).lower()], text)

    # Scanned in Python, not searched in the database: JSON may escape an address's
    # characters, and a name is matched whatever its case. Bulk invitations are a
    # coordinator's occasional act, so there are few.
    batches = InvitationBatch.objects.only("pk", "criteria", "description", "message")
    for batch in batches.iterator():
        pasted = batch.criteria.get("emails") or []
        kept = [entry for entry in pasted if str(entry[1]).strip().lower() != email]
        description, message = scrub(batch.description)[:500], scrub(batch.message)
        if (len(kept), description, message) == (len(pasted), batch.description, batch.message):
            continue
        batch.criteria = {**batch.criteria, "emails": kept}
        batch.description, batch.message = description, message
        batch.save(update_fields=["criteria", "description", "message", "updated_at"])


# Bulk invitations

BATCH_CHUNK = 500  # invitations written, and their emails queued, per transaction


@transaction.atomic
def invitation_batch_create(
    *,
    programme: Programme,
    criteria: InviteeCriteria,
    description: str,
    role: str,
    created_by: User,
    message: str = "",
) -> InvitationBatch:
    """Record a bulk invitation and queue the task that sends it; nothing is sent here.

    The counts are the preview's, taken now; the task selects again when it runs, so someone
    who applied in between is skipped rather than invited.
    """
    from tandem.programmes.tasks import run_invitation_batch

    if criteria.is_empty:
        raise ProgrammeError(_("Choose at least one filter, or paste some addresses."))
    if role not in Enrolment.Role.values:
        raise ProgrammeError(_("Choose a role."), field="role")
    refusal = role_refusal(programme, role)
    if refusal:
        raise ProgrammeError(refusal, field="role")
    preview = selectors.invitation_preview(programme, criteria)
    if preview.to_invite == 0:
        raise ProgrammeError(_("Nobody this filter selects is left to invite."))
    batch = InvitationBatch.objects.create(
        programme=programme,
        role=role,
        message=message.strip(),
        criteria=criteria.as_json(),
        description=description[:500],
        created_by=created_by,
        selected_count=preview.selected,
        skipped_invited=preview.already_invited,
        skipped_enrolled=preview.already_enrolled,
        skipped_no_email=preview.no_email,
        skipped_suppressed=preview.suppressed,
    )
    audit.record(
        "invitation.batch_created",
        actor=created_by,
        obj=batch,
        programme=programme.pk,
        selected=preview.selected,
        to_invite=preview.to_invite,
        skipped=preview.selected - preview.to_invite,
    )
    batch_id = batch.pk
    transaction.on_commit(lambda: run_invitation_batch.enqueue(batch_id))
    return batch


def invitation_batch_run(*, batch_id: int) -> InvitationBatch:
    """Create a batch's invitations in chunks and queue one email each (the task's body).

    Safe to run again, after a crash or by a retried task: people invited by the first run are
    "already invited" to the second, and each email is queued only while unsent and is sent
    once by its own key.
    """
    batch = InvitationBatch.objects.select_related("programme", "created_by").get(pk=batch_id)
    if batch.is_finished:
        return batch
    batch.status = InvitationBatch.Status.CREATING
    batch.started_at = timezone.now()
    batch.save(update_fields=["status", "started_at", "updated_at"])
    criteria = selectors.InviteeCriteria.from_json(batch.criteria)
    # An erasure can leave a waiting batch's filter empty, and an empty filter would choose
    # the whole organisation.
    emails = (
        []
        if criteria.is_empty
        else list(
            selectors.people_to_invite(batch.programme, criteria)
            .order_by("pk")
            .values_list("email", flat=True)
        )
    )
    for start in range(0, len(emails), BATCH_CHUNK):
        with transaction.atomic():
            Invitation.objects.bulk_create(
                [
                    Invitation(
                        programme=batch.programme,
                        email=email.strip().lower(),
                        role=batch.role,
                        message=batch.message,
                        invited_by=batch.created_by,
                        batch=batch,
                    )
                    for email in emails[start : start + BATCH_CHUNK]
                ],
                # Someone invited one by one since the selection keeps that invitation.
                ignore_conflicts=True,
            )
            batch.invited_count = batch.invitations.count()
            batch.save(update_fields=["invited_count", "updated_at"])
    _invitation_batch_queue_emails(batch)
    batch.status = InvitationBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "finished_at", "updated_at"])
    return batch


def _invitation_batch_queue_emails(batch: InvitationBatch) -> None:
    unsent = list(
        batch.invitations.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    batch.queued_count = batch.invitations.filter(sent_at__isnull=False).count()
    for start in range(0, len(unsent), BATCH_CHUNK):
        chunk = unsent[start : start + BATCH_CHUNK]
        with transaction.atomic():
            for invitation_id in chunk:
                _on_commit_send_invitation(invitation_id)
            batch.queued_count += len(chunk)
            batch.save(update_fields=["queued_count", "updated_at"])


def _on_commit_send_invitation(invitation_id: int) -> None:
    transaction.on_commit(
        lambda: invitation_sent.send(sender=Invitation, invitation_id=invitation_id)
    )


def invitation_batch_fail(*, batch_id: int) -> None:
    InvitationBatch.objects.filter(pk=batch_id).exclude(status=InvitationBatch.Status.DONE).update(
        status=InvitationBatch.Status.FAILED, finished_at=timezone.now()
    )


def email_suppress(*, email: str, kind: str = EmailSuppression.Kind.INVITATIONS) -> bool:
    """Record that the owner of `email` wants no more emails of `kind`; False if they had
    already asked (a mail client may send the one-click request more than once)."""
    _suppression, created = EmailSuppression.objects.get_or_create(
        email=email.strip().lower(), kind=kind
    )
    return created


def invitation_open(*, invitation: Invitation) -> None:
    """The first visit of an invitation's link; later visits change nothing."""
    Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )


def invitation_mark_reminded(*, invitation: Invitation, now: datetime) -> bool:
    """Claim an invitation's one reminder; False if it was already claimed."""
    return bool(
        Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
    )
