"""Journal entries, feedback, and the programme's library of question prompts."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.mentorships.models import Feedback, JournalEntry, Mentorship, Prompt
from tandem.people.models import Person
from tandem.programmes.access import is_coordinator_of
from tandem.programmes.models import Programme

from ._common import MentorshipError, require_member, require_open, require_state

State = Mentorship.State


@transaction.atomic
def journal_entry_create(
    *, mentorship: Mentorship, by: Person, body: str, title: str = "", share: bool = False
) -> JournalEntry:
    require_member(mentorship, by)
    require_open(mentorship)
    if not body.strip():
        raise MentorshipError(_("Write something first."), field="body")
    return JournalEntry.objects.create(
        mentorship=mentorship,
        author=by,
        title=title.strip(),
        body=body,
        shared_at=timezone.now() if share else None,
    )


def _require_author(entry: JournalEntry, by: Person) -> None:
    if entry.author_id != by.pk:
        raise MentorshipError(_("Only the author can change a journal entry."))


@transaction.atomic
def journal_entry_update(
    *, entry: JournalEntry, by: Person, body: str, title: str = ""
) -> JournalEntry:
    _require_author(entry, by)
    require_open(entry.mentorship)
    if not body.strip():
        raise MentorshipError(_("Write something first."), field="body")
    entry.title = title.strip()
    entry.body = body
    entry.save(update_fields=["title", "body", "updated_at"])
    return entry


@transaction.atomic
def journal_entry_share(*, entry: JournalEntry, by: Person, share: bool) -> JournalEntry:
    _require_author(entry, by)
    require_open(entry.mentorship)
    entry.shared_at = (entry.shared_at or timezone.now()) if share else None
    entry.save(update_fields=["shared_at", "updated_at"])
    return entry


@transaction.atomic
def feedback_give(*, mentorship: Mentorship, by: Person, keep: str, try_next: str) -> Feedback:
    """Forward-looking: what to keep doing, and what to try next."""
    require_member(mentorship, by)
    require_state(mentorship, State.ACTIVE, State.PAUSED, State.CLOSING, action=_("give feedback"))
    if not keep.strip():
        raise MentorshipError(_("Say what your partner should keep doing."), field="keep")
    if not try_next.strip():
        raise MentorshipError(_("Suggest something to try next."), field="try_next")
    return Feedback.objects.create(
        mentorship=mentorship, author=by, keep=keep.strip(), try_next=try_next.strip()
    )


def _require_coordinator(programme: Programme, user: User) -> None:
    if not is_coordinator_of(user, programme):
        raise MentorshipError(_("Only the programme's coordinators edit its prompt library."))


def _customise(programme: Programme) -> None:
    """A programme starts from the default library; its first edit takes its own copy."""
    if Prompt.objects.filter(programme=programme).exists():
        return
    Prompt.objects.bulk_create(
        Prompt(programme=programme, purpose=p.purpose, text=p.text, order=p.order)
        for p in Prompt.objects.filter(programme__isnull=True)
    )


def _check_prompt(purpose: str, text: str) -> str:
    if purpose not in Prompt.Purpose.values:
        raise MentorshipError(_("Choose a purpose."), field="purpose")
    text = text.strip()
    if not text:
        raise MentorshipError(_("Write the question."), field="text")
    return text


@transaction.atomic
def prompt_create(*, programme: Programme, by: User, purpose: str, text: str) -> Prompt:
    _require_coordinator(programme, by)
    text = _check_prompt(purpose, text)
    _customise(programme)
    last = Prompt.objects.filter(programme=programme, purpose=purpose).order_by("-order").first()
    return Prompt.objects.create(
        programme=programme, purpose=purpose, text=text, order=(last.order + 1) if last else 0
    )


@transaction.atomic
def prompt_update(
    *, programme: Programme, by: User, prompt: Prompt, purpose: str, text: str
) -> Prompt:
    _require_coordinator(programme, by)
    text = _check_prompt(purpose, text)
    if prompt.programme_id is None:
        _customise(programme)
        prompt = Prompt.objects.get(
            programme=programme, purpose=prompt.purpose, text=prompt.text, order=prompt.order
        )
    elif prompt.programme_id != programme.pk:
        raise MentorshipError(_("That prompt belongs to another programme."))
    prompt.purpose = purpose
    prompt.text = text
    prompt.save(update_fields=["purpose", "text"])
    return prompt


@transaction.atomic
def prompt_delete(*, programme: Programme, by: User, prompt: Prompt) -> None:
    _require_coordinator(programme, by)
    if prompt.programme_id is None:
        _customise(programme)
        Prompt.objects.filter(
            programme=programme, purpose=prompt.purpose, text=prompt.text, order=prompt.order
        ).delete()
        return
    if prompt.programme_id != programme.pk:
        raise MentorshipError(_("That prompt belongs to another programme."))
    prompt.delete()
