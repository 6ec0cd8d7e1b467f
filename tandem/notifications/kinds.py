"""The categories people choose a delivery for, and which notification kinds each covers.

A kind is named where a notice is sent (`notification_send(kind=...)`); people never see it.
They choose per category, in words they understand, on the preferences page. A category
lists exact kinds and kind prefixes (ending in "*"); an exact kind wins over a prefix, and a
longer prefix over a shorter one. A kind no category covers falls in `OTHER`, which is emailed
at once by default, so that a notice added without a category is never silently held back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


class Delivery(models.TextChoices):
    IN_APP = "in_app", _("In the app only")
    IMMEDIATE = "immediate", _("By email, straight away")
    DAILY = "daily", _("In a daily digest email")
    WEEKLY = "weekly", _("In a weekly digest email")


DIGESTS = (Delivery.DAILY, Delivery.WEEKLY)


@dataclass(frozen=True)
class Category:
    key: str
    label: StrOrPromise
    help: StrOrPromise
    kinds: tuple[str, ...]
    default: Delivery


CATEGORIES: tuple[Category, ...] = (
    Category(
        key="reminders",
        label=_("Reminders"),
        help=_("A meeting in the next 24 hours, and when it is time to check in."),
        kinds=("reminder.*",),
        default=Delivery.IMMEDIATE,
    ),
    Category(
        key="nudges",
        label=_("Nudges to keep your mentorship going"),
        help=_(
            "A request waiting for your answer, a charter to sign, a pair that has not met "
            "for a while or may close for it, and actions and goals past their date."
        ),
        kinds=("nudge.*",),
        default=Delivery.IMMEDIATE,
    ),
    Category(
        key="pairing",
        label=_("Being paired"),
        help=_(
            "You were paired with someone or placed in a circle, someone joined your circle, "
            "a round of matching ended without a mentor or a circle for you, or you can be "
            "matched again after your mentor left."
        ),
        kinds=(
            "mentorship.created",
            "match_published",
            "rematch_offered",
            "circle_placed",
            "circle_unplaced",
            "circle_joined",
        ),
        default=Delivery.IMMEDIATE,
    ),
    Category(
        key="requests",
        label=_("Mentor requests"),
        help=_(
            "Someone asked you to be their mentor, or answered, withdrew or let expire a "
            "request you are part of."
        ),
        kinds=("mentor_request_*",),
        default=Delivery.IMMEDIATE,
    ),
    Category(
        key="concerns",
        label=_("Concerns"),
        help=_(
            "Someone raised a concern about a mentorship or a circle you are part of or coordinate."
        ),
        kinds=("concern.*",),
        default=Delivery.IMMEDIATE,
    ),
    Category(
        key="activity",
        label=_("Activity in your mentorships"),
        help=_(
            "Your partner signed or changed the charter, scheduled a meeting, achieved a "
            "goal, paused, resumed or proposed to close."
        ),
        kinds=("mentorship.*",),
        default=Delivery.DAILY,
    ),
    Category(
        key="circles",
        label=_("Activity in your circles"),
        help=_(
            "In a mentoring circle you belong to: a meeting scheduled, moved or cancelled, the "
            "charter changed or signed, a goal achieved, a member who left, the circle closed."
        ),
        kinds=("circle.*",),
        default=Delivery.IMMEDIATE,
    ),
    Category(
        key="celebrations",
        label=_("Celebrations"),
        help=_(
            "Anniversaries of your mentorship, and your partner's birthday or work "
            "anniversary when they share it."
        ),
        kinds=("celebration.*",),
        default=Delivery.DAILY,
    ),
    Category(
        key="surveys",
        label=_("Surveys"),
        help=_(
            "A short survey from a programme's coordinators, and a reminder if it is still open."
        ),
        kinds=("survey.*",),
        default=Delivery.IMMEDIATE,
    ),
    Category(
        key="announcements",
        label=_("Announcements"),
        help=_("News a programme's coordinators post to its participants."),
        kinds=("announcement.*",),
        default=Delivery.IMMEDIATE,
    ),
    Category(
        key="flash",
        label=_("One-off conversations"),
        help=_("Someone booked, cancelled or moved a one-off conversation with you."),
        kinds=("flash.*",),
        default=Delivery.IMMEDIATE,
    ),
    Category(
        key="alerts",
        label=_("Coordinator alerts"),
        help=_(
            "In programmes you coordinate: a request unanswered for a week, a pair that has "
            "gone quiet, a pair whose health turned amber or red."
        ),
        kinds=("alert.*",),
        default=Delivery.DAILY,
    ),
)

OTHER = Category(
    key="other",
    label=_("Everything else"),
    help=_("Any other notice Tandem sends you."),
    kinds=(),
    default=Delivery.IMMEDIATE,
)

ALL_CATEGORIES: tuple[Category, ...] = (*CATEGORIES, OTHER)
BY_KEY: dict[str, Category] = {category.key: category for category in ALL_CATEGORIES}


def _index() -> tuple[dict[str, Category], list[tuple[str, Category]]]:
    exact: dict[str, Category] = {}
    prefixes: list[tuple[str, Category]] = []
    for category in CATEGORIES:
        for kind in category.kinds:
            if kind.endswith("*"):
                prefixes.append((kind[:-1], category))
            else:
                exact[kind] = category
    prefixes.sort(key=lambda entry: len(entry[0]), reverse=True)
    return exact, prefixes


_EXACT, _PREFIXES = _index()


def category_for(kind: str) -> Category:
    """The category a notification kind belongs to; `OTHER` for a kind none covers."""
    if kind in _EXACT:
        return _EXACT[kind]
    for prefix, category in _PREFIXES:
        if kind.startswith(prefix):
            return category
    return OTHER
