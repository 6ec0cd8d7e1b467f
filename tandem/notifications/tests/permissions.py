from tandem.core.testing.permissions import (
    NOT_FOUND,
    OK,
    REDIRECT,
    Case,
    api_signed_in,
    signed_in,
)
from tandem.notifications.models import Notification
from tandem.notifications.services import notification_send


def prepare(personas):
    notification_send(
        recipient=personas.alice.user,
        kind="reminder.meeting",
        title="Meeting with Bob tomorrow",
        url="/mentorships/",
        dedupe_key="permissions",
        email=False,
    )


def alices(p):
    return {"id": Notification.objects.get(recipient=p.alice.user, dedupe_key="permissions").pk}


ALICE_ONLY = api_signed_in(NOT_FOUND, alice=OK, superuser=NOT_FOUND)

CASES = [
    Case("notifications:list", signed_in(OK, superuser=OK)),
    Case("notifications:mark_read", signed_in(REDIRECT, superuser=REDIRECT), method="post"),
    Case("notifications:preferences", signed_in(OK, superuser=OK)),
    Case("GET /api/notifications/", api_signed_in(OK, superuser=OK)),
    Case("GET /api/notifications/{id}/", ALICE_ONLY, kwargs=alices),
    Case("POST /api/notifications/{id}/read/", ALICE_ONLY, kwargs=alices),
    Case("POST /api/notifications/read-all/", api_signed_in(OK, superuser=OK)),
]
