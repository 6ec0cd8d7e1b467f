"""Once a week, the owner of actions and goals past their date hears about them."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tandem.core.batches import BATCH
from tandem.core.i18n import lazy_text
from tandem.mentorships.models import ActionItem, Goal, Mentorship
from tandem.nudges.services._common import tell
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
    year, week, _weekday = today.isocalendar()
    told = 0
    for start in range(0, len(owners), BATCH):
        chunk = owners[start : start + BATCH]
        pairs = Mentorship.objects.select_related("mentee__user", "mentor__user").in_bulk(
            {pair for pair, _owner in chunk}
        )
        for pair_id, owner_id in chunk:
            mentorship = pairs[pair_id]
            if not settings[mentorship.programme_id].overdue_reminders:
                continue
            owner = mentorship.mentee if owner_id == mentorship.mentee_id else mentorship.mentor
            partner = mentorship.partner_of(owner)
            told += tell(
                owner,
                kind="nudge.overdue",
                title=lazy_text(
                    _overdue_title,
                    overdue_actions[(pair_id, owner_id)],
                    overdue_goals[(pair_id, owner_id)],
                    partner.name,
                ),
                body=gettext_lazy("Mark what is done, or agree a new date with your partner."),
                url=reverse("mentorships:plan", args=[mentorship.pk]),
                key=f"nudge.overdue:{pair_id}:{owner_id}:{year}-W{week:02d}",
                programme_id=mentorship.programme_id,
            )
    return told


def _overdue_title(actions: int, goals: int, partner: str) -> str:
    """What is past due, counted: actions, goals or both, in the language active now."""
    if actions and goals:
        return _("%(actions)s and %(goals)s past due in your mentorship with %(partner)s") % {
            "actions": ngettext("%(count)d action", "%(count)d actions", actions)
            % {"count": actions},
            "goals": ngettext("%(count)d goal", "%(count)d goals", goals) % {"count": goals},
            "partner": partner,
        }
    if actions:
        return ngettext(
            "%(count)d action past due in your mentorship with %(partner)s",
            "%(count)d actions past due in your mentorship with %(partner)s",
            actions,
        ) % {"count": actions, "partner": partner}
    return ngettext(
        "%(count)d goal past due in your mentorship with %(partner)s",
        "%(count)d goals past due in your mentorship with %(partner)s",
        goals,
    ) % {"count": goals, "partner": partner}
