"""The people app's next step: a profile to complete before anything else."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core.next_steps import NextStep, next_steps


@next_steps(order=10)
def profile_step(user: User) -> list[NextStep]:
    person = getattr(user, "person", None)
    if person is not None and person.profile_completed_at is not None:
        return []
    return [
        NextStep(
            _("Complete your profile"),
            _(
                "Tell others about your background, skills and languages so that "
                "matching can find the right people for you."
            ),
            reverse("people:profile_edit"),
            _("Complete profile"),
        )
    ]
