"""Once a week, the owner of actions and goals past their date hears about them."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Count
from django.urls import reverse

from tandem.core.batches import BATCH
from tandem.mentorships.models import ActionItem, Goal, Mentorship
from tandem.nudges.services._common import plural, tell
from tandem.nudges.services.settings import SettingsByProgramme

OPEN_GOALS = (Goal.Status.NOT_STARTED, Goal.Status.IN_PROGRESS)


def overdue_reminders_send(*, today: date) -> int:
    """One notice per person and pair per ISO week, counting what is past due."""
    actions = (
        ActionItem.objects.filter(
            mentorship__state=Mentorship.State.ACTIVE, done_at__isnull=True, due_on__lt=today
        )
        .values_list("mentorship_id", "owner_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # Goals are the mentee's: the mentee is the one reminded of them.
    goals = (
        Goal.objects.filter(
            mentorship__state=Mentorship.State.ACTIVE, status__in=OPEN_GOALS, target_on__lt=today
        )
        .values_list("mentorship_id", "mentorship__mentee_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    overdue_actions: Counter[tuple[int, int]] = Counter(
        {(pair, owner): n for pair, owner, n in actions}
    )
    overdue_goals: Counter[tuple[int, int]] = Counter(
        {(pair, owner): n for pair, owner, n in goals}
    )
    owners = sorted(set(overdue_actions) | set(overdue_goals))
    settings = SettingsByProgramme()
    year, week, _ = today.isocalendar()
    told = 0
    for start in range(0, len(owners), BATCH):
        chunk = owners[start : start + BATCH]
        pairs = Mentorship.objects.select_related("mentee__user", "mentor__user").in_bulk(
            {pair for pair, _ in chunk}
        )
        for pair_id, owner_id in chunk:
            mentorship = pairs[pair_id]
            if not settings[mentorship.programme_id].overdue_reminders:
                continue
            owner = mentorship.mentee if owner_id == mentorship.mentee_id else mentorship.mentor
            partner = mentorship.partner_of(owner)
            due = [
                plural(n, word)
                for n, word in (
                    (overdue_actions[(pair_id, owner_id)], "action"),
                    (overdue_goals[(pair_id, owner_id)], "goal"),
                )
                if n
            ]
            told += tell(
                owner,
                kind="nudge.overdue",
                title=f"{' and '.join(due)} past due in your mentorship with {partner.name}",
                body="Mark what is done, or agree a new date with your partner.",
                url=reverse("mentorships:plan", args=[mentorship.pk]),
                key=f"nudge.overdue:{pair_id}:{owner_id}:{year}-W{week:02d}",
                programme_id=mentorship.programme_id,
            )
    return told
