from tandem.core.testing.permissions import (
    NOT_FOUND,
    OK,
    REDIRECT,
    Case,
    api_signed_in,
    everyone,
    signed_in,
)
from tandem.notifications.models import Notification
from tandem.notifications.services import notification_send
from tandem.notifications.unsubscribe import (
    CATEGORY,
    invitation_unsubscribe_token,
    unsubscribe_token,
)


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


def alices_unsubscribe(p):
    # The signed token is the only credential: whoever holds the link may use it, signed in
    # or not, as a mail client does.
    return {"token": unsubscribe_token(user_id=p.alice.user.pk, scope=CATEGORY, target="nudges")}


def invitees_unsubscribe(p):
    # Keyed by address, as an invitee may have no account; the token alone is the credential.
    return {"token": invitation_unsubscribe_token(email="invitee@example.org")}


ALICE_ONLY = api_signed_in(NOT_FOUND, alice=OK, superuser=NOT_FOUND)
COORDINATORS = signed_in(NOT_FOUND, carol=OK, superuser=OK)
COORDINATORS_POST = signed_in(NOT_FOUND, carol=REDIRECT, superuser=REDIRECT)


def slug(p):
    return {"slug": p.programme.slug}


def announcement_email(p):
    return {"slug": p.programme.slug, "key": "announcement"}


def invitation_email(p):
    return {"slug": p.programme.slug, "key": "invitation"}


CASES = [
    Case("notifications:list", signed_in(OK, superuser=OK)),
    Case("notifications:mark_read", signed_in(REDIRECT, superuser=REDIRECT), method="post"),
    Case("notifications:preferences", signed_in(OK, superuser=OK)),
    Case("notifications:unsubscribe", everyone(OK, superuser=OK), kwargs=alices_unsubscribe),
    Case(
        "notifications:unsubscribe",
        everyone(OK, superuser=OK),
        method="post",
        kwargs=alices_unsubscribe,
        data=lambda p: {"List-Unsubscribe": "One-Click"},
    ),
    Case(
        "notifications:unsubscribe_invitations",
        everyone(OK, superuser=OK),
        kwargs=invitees_unsubscribe,
    ),
    Case(
        "notifications:unsubscribe_invitations",
        everyone(OK, superuser=OK),
        method="post",
        kwargs=invitees_unsubscribe,
        data=lambda p: {"List-Unsubscribe": "One-Click"},
    ),
    Case("notifications:emails", COORDINATORS, kwargs=slug),
    Case("notifications:email_edit", COORDINATORS, kwargs=announcement_email),
    Case(
        "notifications:email_edit",
        COORDINATORS_POST,
        method="post",
        kwargs=announcement_email,
        data=lambda p: {"subject": "News: {title}", "body": "Hello {person_name}.", "save": ""},
    ),
    Case("notifications:email_reset", COORDINATORS_POST, method="post", kwargs=announcement_email),
    # A transactional email's page and its preview, filled from the programme's invitations.
    Case("notifications:email_edit", COORDINATORS, kwargs=invitation_email, label="invitation"),
    Case(
        "notifications:email_edit",
        COORDINATORS,
        method="post",
        kwargs=invitation_email,
        data=lambda p: {"subject": "{programme_name}", "body": "{accept_link}", "preview": ""},
        label="invitation preview",
    ),
    Case("GET /api/notifications/", api_signed_in(OK, superuser=OK)),
    Case("GET /api/notifications/{id}/", ALICE_ONLY, kwargs=alices),
    Case("POST /api/notifications/{id}/read/", ALICE_ONLY, kwargs=alices),
    Case("POST /api/notifications/read-all/", api_signed_in(OK, superuser=OK)),
]
