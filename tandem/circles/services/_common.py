from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import reduce
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from tandem.circles.errors import CircleError
from tandem.circles.models import Circle, CircleMember
from tandem.core.i18n import interpolate_lazy
from tandem.notifications.services import notification_send, notification_send_to_person
from tandem.people.models import Person

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# Log lines carry ids and event names only, never anything a person wrote.
logger = logging.getLogger("tandem.circles")


def lock(circle: Circle) -> Circle:
    """Re-read the circle's state under a row lock so that two changes cannot interleave."""
    fresh = Circle.objects.select_for_update().get(pk=circle.pk)
    for name in ("state", "outcome", "started_at", "closed_at"):
        setattr(circle, name, getattr(fresh, name))
    return circle


def require_member(circle: Circle, person: Person) -> CircleMember:
    """The person's current membership; someone who left is no longer a member."""
    membership = (
        CircleMember.objects.current().filter(circle=circle, person=person).select_related("person")
    ).first()
    if membership is None:
        raise CircleError(_("Only the circle's current members can do that."))
    return membership


def require_open(circle: Circle) -> None:
    if not circle.accepts_content:
        raise CircleError(_("This circle is closed: its history stays readable but cannot change."))


def require_state(circle: Circle, *states: str, action: str) -> None:
    """``action`` is a translated phrase that completes "You can … only when"."""
    if circle.state not in states:
        allowed = reduce(
            lambda left, right: (
                pgettext("a list of states", "%(left)s or %(right)s")
                % {"left": left, "right": right}
            ),
            (str(Circle.State(s).label).lower() for s in states),
        )
        current = circle.get_state_display().lower()
        raise CircleError(
            _("You can %(action)s only when the circle is %(allowed)s; it is %(current)s.")
            % {"action": action, "allowed": allowed, "current": current}
        )


def circle_url(name: str, circle: Circle, *args: object) -> str:
    return reverse(f"circles:{name}", args=[circle.pk, *args])


def tell_members(
    circle: Circle,
    *,
    event: str,
    title: StrOrPromise | Callable[[Person], StrOrPromise],
    url: str,
    dedupe: str,
    but: Person | None = None,
    people: Iterable[Person] | None = None,
) -> None:
    """Notify the circle's current members (or `people`), but not the one who acted, once the
    transaction commits. Titles name people and events, never what anyone wrote.

    Each member reads the title in their own language (lazy text, tandem/core/i18n.py); a
    title that also depends on its reader, such as a time in their time zone, is given as a
    function of the reader."""
    logger.info("circle %s: %s by person %s", circle.pk, event, but.pk if but else "-")
    if people is None:
        people = [
            m.person
            for m in CircleMember.objects.current()
            .filter(circle=circle)
            .select_related("person__user")
        ]
    recipients = [p for p in people if but is None or p.pk != but.pk]

    def send() -> None:
        for person in recipients:
            notification_send_to_person(
                person=person,
                kind=f"circle.{event}",
                title=title(person) if callable(title) else title,
                url=url,
                dedupe_key=f"circle.{event}:{circle.pk}:{dedupe}:{person.pk}",
                programme_id=circle.programme_id,
            )

    transaction.on_commit(send)


def tell_coordinators(
    circle: Circle, *, kind: str, title: StrOrPromise, url: str, dedupe: str, body: str = ""
) -> None:
    """Notify the programme's coordinators once the transaction commits, each in their own
    language."""
    titled = interpolate_lazy(
        gettext_lazy("%(title)s (%(programme)s)"), title=title, programme=circle.programme.name
    )

    def send() -> None:
        for coordinator in circle.programme.coordinators.all():
            notification_send(
                recipient=coordinator,
                kind=kind,
                title=titled,
                body=body,
                url=url,
                dedupe_key=f"{kind}:{circle.pk}:{dedupe}",
                programme_id=circle.programme_id,
            )

    transaction.on_commit(send)


def coordinator_url(circle: Circle) -> str:
    return reverse("circles:coordinator_detail", args=[circle.programme.slug, circle.pk])
