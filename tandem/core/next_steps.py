"""What a person should do next, shown on the home page after signing in."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from tandem.accounts.models import User


@dataclass(frozen=True)
class NextStep:
    title: str
    detail: str
    url: str
    action: str


def next_steps_for_user(user: User) -> list[NextStep]:
    from tandem.mentorships.next_steps import next_steps_for_member
    from tandem.programmes.selectors import next_steps_for_person

    person = getattr(user, "person", None)
    steps: list[NextStep] = []
    if person is None or person.profile_completed_at is None:
        steps.append(
            NextStep(
                "Complete your profile",
                "Tell others about your background, skills and languages so that "
                "matching can find the right people for you.",
                reverse("people:profile_edit"),
                "Complete profile",
            )
        )
    if person is not None:
        steps.extend(next_steps_for_member(person))
        steps.extend(next_steps_for_person(person))
    if user.is_coordinator or user.coordinated_programmes.exists():
        steps.append(
            NextStep(
                "Run your programmes",
                "Review applications, invite people and import your organisation.",
                reverse("programmes:list"),
                "Open programmes",
            )
        )
    return steps
