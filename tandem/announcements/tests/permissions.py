from typing import Any

from tandem.announcements.models import Announcement
from tandem.core.testing.permissions import NOT_FOUND, OK, REDIRECT, Case, signed_in


def prepare(p: Any) -> None:
    Announcement.objects.create(
        programme=p.programme,
        author=p.carol,
        title="For mentees",
        body="Hello mentees.",
        audience=Announcement.Audience.MENTEES,
    )


def slug(p: Any) -> dict[str, Any]:
    return {"slug": p.programme.slug}


def for_mentees(p: Any) -> dict[str, Any]:
    return {"pk": Announcement.objects.get(programme=p.programme, title="For mentees").pk}


def with_slug(p: Any) -> dict[str, Any]:
    return slug(p) | for_mentees(p)


COORDINATORS = signed_in(NOT_FOUND, carol=OK, superuser=OK)

CASES = [
    Case("announcements:coordinator_list", COORDINATORS, kwargs=slug),
    Case("announcements:post", COORDINATORS, kwargs=slug),
    Case(
        "announcements:post",
        signed_in(NOT_FOUND, carol=REDIRECT, superuser=REDIRECT),
        method="post",
        kwargs=slug,
        data=lambda p: {"title": "News", "body": "Hello.", "audience": "everyone"},
    ),
    Case(
        "announcements:withdraw",
        signed_in(NOT_FOUND, carol=REDIRECT, superuser=REDIRECT),
        method="post",
        kwargs=with_slug,
    ),
    # Its audience only: the mentees of the programme (alice, the other pair's mentee). The
    # mentor, the coordinators and the operator read it on the coordinator's list instead.
    Case(
        "announcements:detail",
        signed_in(NOT_FOUND, alice=OK, other_pair=OK, superuser=NOT_FOUND),
        kwargs=for_mentees,
    ),
]
