from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from tandem.accounts.language import in_language_of, language_for, language_for_address
from tandem.accounts.models import User
from tandem.core.errors import ServiceError
from tandem.core.personal_data import ERASED_NAME, ErasureSubject
from tandem.notifications.email_templates import BY_KEY as EMAIL_SPECS
from tandem.notifications.email_templates import email_render, placeholders_unknown
from tandem.notifications.emails import email_send_once
from tandem.notifications.kinds import BY_KEY, DIGESTS, Category, Delivery, category_for
from tandem.notifications.models import (
    EmailTemplate,
    Notification,
    NotificationPreference,
    SentEmail,
)
from tandem.notifications.unsubscribe import (
    CATEGORY,
    Unsubscribe,
    invitation_unsubscribe_url,
    unsubscribe_headers,
    unsubscribe_url,
)
from tandem.people.models import Person
from tandem.programmes.models import Programme

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


class NotificationError(ServiceError):
    pass


def notification_send(
    *,
    recipient: User,
    kind: str,
    title: StrOrPromise,
    body: StrOrPromise = "",
    url: str = "",
    dedupe_key: str,
    email: bool = True,
    programme_id: int | None = None,
) -> Notification | None:
    """Notify someone in the app, and by email as their preference for the kind says, once
    per `dedupe_key`.

    Returns the new notification, or None when this event already notified them. An email of
    its own is queued only after the surrounding transaction commits, so a rolled-back request
    sends nothing; a notice for a digest waits for the digest job. `email=False` keeps the
    notice in the app whatever the preference. A notice about a programme (`programme_id`: a
    pair's, a coordinator's alert) is emailed in that programme's wording of the notification
    email; one about none in the default wording.

    A lazy `title` or `body` (`tandem.core.i18n.interpolate_lazy`) is written in the
    recipient's language; plain text is stored as it is.
    """
    with in_language_of(recipient):
        title, body = str(title), str(body)
    delivery = delivery_for(user=recipient, kind=kind) if email and recipient.is_active else None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                title=title[:200],
                body=body,
                url=url,
                dedupe_key=dedupe_key[:200],
                digest=delivery if delivery in DIGESTS else "",
                programme_id=programme_id,
            )
    except IntegrityError:
        return None
    if delivery == Delivery.IMMEDIATE:
        from tandem.notifications.tasks import notification_email

        transaction.on_commit(lambda: notification_email.enqueue(notification.pk))
    return notification


def delivery_for(*, user: User, kind: str) -> Delivery:
    """How `user` wants notices of `kind` delivered: their choice, else the category's default.

    One query, by the preference's unique (user, category) index.
    """
    category = category_for(kind)
    chosen = (
        NotificationPreference.objects.filter(user=user, category=category.key)
        .values_list("delivery", flat=True)
        .first()
    )
    return Delivery(chosen) if chosen in Delivery.values else category.default


def notification_preferences_for(*, user: User) -> dict[str, Delivery]:
    """Every category's delivery for `user`, by category key, defaults filled in."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list("category", "delivery")
    )
    return {
        key: Delivery(chosen[key]) if chosen.get(key) in Delivery.values else category.default
        for key, category in BY_KEY.items()
    }


@transaction.atomic
def notification_preferences_save(*, user: User, deliveries: dict[str, str]) -> None:
    """Store the deliveries `user` chose, by category key; categories left out are unchanged.

    A choice equal to the category's default is stored as no row at all, so that the person
    follows the default if it is ever changed, until they choose otherwise.
    """
    for key, value in deliveries.items():
        category = BY_KEY.get(key)
        if category is None:
            raise NotificationError(gettext("There is no such kind of notification."), field=key)
        if value not in Delivery.values:
            raise NotificationError(gettext("Choose how these notifications reach you."), field=key)
        if value == category.default:
            NotificationPreference.objects.filter(user=user, category=key).delete()
        else:
            NotificationPreference.objects.update_or_create(
                user=user, category=key, defaults={"delivery": value}
            )


def unsubscribe_categories(*, user: User, what: Unsubscribe) -> list[Category]:
    """The categories an unsubscribe link would switch to in-app only: the one it names, or
    every category `user` now has delivered in the digest it names."""
    if what.category is not None:
        return [what.category]
    chosen = notification_preferences_for(user=user)
    return [BY_KEY[key] for key, delivery in chosen.items() if delivery == what.cadence]


@transaction.atomic
def notification_unsubscribe(*, user: User, what: Unsubscribe) -> list[Category]:
    """Stop the emails an unsubscribe link names; returns the categories switched to in-app.

    Unlike a change on the settings page, this also takes the notices it covers out of a
    digest not yet made, so that no email of that kind follows the unsubscribe. A digest
    already made may be on its way and is left alone.
    """
    categories = unsubscribe_categories(user=user, what=what)
    notification_preferences_save(
        user=user, deliveries={category.key: Delivery.IN_APP for category in categories}
    )
    waiting = Notification.objects.filter(recipient=user, digest__in=DIGESTS, digest_key="")
    if what.cadence is not None:
        waiting.filter(digest=what.cadence).update(digest="")
    else:
        keys = {category.key for category in categories}
        covered = [
            pk for pk, kind in waiting.values_list("pk", "kind") if category_for(kind).key in keys
        ]
        Notification.objects.filter(pk__in=covered).update(digest="")
    return categories


def notification_send_to_person(
    *,
    person: Person,
    kind: str,
    title: StrOrPromise,
    url: str,
    dedupe_key: str,
    body: StrOrPromise = "",
    programme_id: int | None = None,
) -> Notification | None:
    """`notification_send` for a person; someone imported without an account is skipped."""
    if person.user_id is None:
        return None
    return notification_send(
        recipient=person.user,  # type: ignore[arg-type]
        kind=kind,
        title=title,
        body=body,
        url=url,
        dedupe_key=dedupe_key,
        programme_id=programme_id,
    )


def notifications_mark_read(*, recipient: User, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def notifications_erase_person(subject: ErasureSubject) -> None:
    """Forget a person: their notifications and preferences go, and others' no longer quote
    their name."""
    if subject.user is not None:
        Notification.objects.filter(recipient=subject.user).delete()
        NotificationPreference.objects.filter(user=subject.user).delete()
    for column in ("title", "body"):
        Notification.objects.filter(**{f"{column}__contains": subject.name}).update(
            **{column: Replace(column, Value(subject.name), Value(ERASED_NAME))}
        )
    # The row stays, so that a retried send still finds it and never sends twice.
    SentEmail.objects.filter(to__iexact=subject.email).update(to=subject.erased_email, subject="")


def email_template_for(*, programme: Programme | None, key: str) -> tuple[str, str, bool]:
    """The subject and body `programme` sends for email `key`, and whether they are its own.

    An email that belongs to no programme (a notice that names none) has the default wording.
    """
    spec = EMAIL_SPECS[key]
    override = (
        EmailTemplate.objects.filter(programme=programme, key=key).first()
        if programme is not None
        else None
    )
    if override is None:
        # The default wording, in the language active now.
        return str(spec.subject), str(spec.body), False
    return override.subject, override.body, True


def email_template_check(*, key: str, subject: str, body: str) -> None:
    """Refuse a template that uses a placeholder its email does not offer, naming those it does."""
    spec = EMAIL_SPECS[key]
    allowed = ", ".join(f"{{{name}}}" for name in spec.placeholders)
    for field, text in (("subject", subject), ("body", body)):
        unknown = placeholders_unknown(spec, text)
        if unknown:
            names = ", ".join(f"{{{name}}}" for name in unknown)
            raise NotificationError(
                gettext("This email has no placeholder %(names)s. You can use: %(allowed)s.")
                % {"names": names, "allowed": allowed},
                field=field,
            )
    if not subject.strip():
        raise NotificationError(gettext("Write a subject."), field="subject")
    if not body.strip():
        raise NotificationError(gettext("Write the email."), field="body")


@transaction.atomic
def email_template_save(
    *, programme: Programme, key: str, subject: str, body: str, by: User
) -> EmailTemplate | None:
    """Store `programme`'s wording of email `key`; wording equal to the default stores nothing,
    so that the programme follows the default if it is ever improved."""
    if key not in EMAIL_SPECS:
        raise NotificationError(gettext("There is no such email."))
    email_template_check(key=key, subject=subject, body=body)
    spec = EMAIL_SPECS[key]
    # Browsers send line ends as CRLF; stored and compared as the default writes them.
    body = body.replace("\r\n", "\n")
    if subject == str(spec.subject) and body == str(spec.body):
        EmailTemplate.objects.filter(programme=programme, key=key).delete()
        return None
    template, _ = EmailTemplate.objects.update_or_create(
        programme=programme, key=key, defaults={"subject": subject, "body": body, "updated_by": by}
    )
    return template


def email_template_reset(*, programme: Programme, key: str) -> None:
    """Go back to the default wording of email `key`."""
    EmailTemplate.objects.filter(programme=programme, key=key).delete()


def email_template_send(
    *,
    programme: Programme | None,
    key: str,
    send_key: str,
    values: Mapping[str, StrOrPromise],
    recipient: User | None = None,
    to: str = "",
    unsubscribe_category: str = "",
) -> bool:
    """Send email `key` in `programme`'s wording, once per `send_key`, to `recipient` (or to
    the address `to`, for someone who may have no account yet).

    It is written in the recipient's language: the default wording, lazy `values` and the
    lines Tandem adds (a programme's own wording is sent as its coordinator wrote it). An
    email that carries an unsubscribe gets its line and headers after the coordinator's
    text, so that no wording can leave them out: for `unsubscribe_category`, or for the address
    `to` when the email is an invitation. A transactional one gets none.
    """
    spec = EMAIL_SPECS[key]
    language = language_for(recipient) if recipient is not None else language_for_address(to)
    with translation.override(language):
        subject, body, _own = email_template_for(programme=programme, key=key)
        filled = {name: str(value) for name, value in values.items()}
        rendered = email_render(spec, subject=subject, body=body, values=filled)
        text, html = f"{rendered.text}\n\n— Tandem", f"{rendered.html}\n<p>— Tandem</p>"
        headers = None
        if spec.unsubscribe_by_address:
            if not to:
                raise ValueError(f"The {key} email needs the address it goes to.")
            link = invitation_unsubscribe_url(email=to)
            stop = gettext("Don't want invitations from Tandem?")
            text += f"\n\n{stop} {link}"
            html += f'\n<p>{escape(stop)} <a href="{escape(link)}">{escape(link)}</a></p>'
            headers = unsubscribe_headers(link)
        elif spec.unsubscribe:
            if recipient is None or not unsubscribe_category:
                raise ValueError(f"The {key} email needs its recipient and unsubscribe category.")
            category = BY_KEY[unsubscribe_category]
            link = unsubscribe_url(user_id=recipient.pk, scope=CATEGORY, target=category.key)
            stop = gettext("Stop emails like this one (%(category)s)") % {
                "category": category.label
            }
            text += f"\n\n{stop}: {link}"
            html += f'\n<p><a href="{escape(link)}">{escape(stop)}</a></p>'
            headers = unsubscribe_headers(link)
    return email_send_once(
        key=send_key,
        to=to or (recipient.email if recipient is not None else ""),
        subject=f"[Tandem] {rendered.subject}",
        body=text,
        html=html,
        headers=headers,
    )


def notifications_withdraw(*, kind: str, dedupe_key: str) -> int:
    """Take back the notices of one event (a withdrawn announcement) that no digest carries yet;
    how many. A digest already made may be on its way, so the notices it lists stay."""
    deleted, _ = Notification.objects.filter(
        kind=kind, dedupe_key=dedupe_key[:200], digest_key=""
    ).delete()
    return deleted
