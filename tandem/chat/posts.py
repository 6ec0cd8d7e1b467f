"""What Tandem posts to a programme's channels, for each occasion, in words for the channel.

Posts are worded in the site's language: a channel is shared by people who each chose their
own. A channel is read by people beyond the pair or circle, so a post carries facts and a link,
never what anyone wrote: a concern (a pair's or a circle's) is only said to exist; an
announcement gives its title (its text is read in Tandem by its audience); the digest lists the
coordinator alerts' titles, which hold names and dates only.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tandem.announcements.models import Announcement
from tandem.chat import services
from tandem.chat.models import ChatWebhook
from tandem.circles.models import CircleConcern
from tandem.core.links import absolute_url
from tandem.mentorships.models import Concern
from tandem.notifications.models import Notification
from tandem.programmes.models import Programme

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

DIGEST_KIND_PREFIX = "alert."
DIGEST_MAX_LINES = 30


def _webhooks(programme_id: int, flag: str) -> QuerySet[ChatWebhook]:
    return ChatWebhook.objects.filter(programme_id=programme_id, is_active=True, **{flag: True})


def _queue(
    programme_id: int, flag: str, *, key: str, title: str, lines: list[str], link: str
) -> int:
    """Queue one post to each active channel of the programme that takes this kind of post."""
    queued = 0
    for webhook in _webhooks(programme_id, flag):
        queued += (
            services.message_queue(webhook=webhook, key=key, title=title, lines=lines, link=link)
            is not None
        )
    return queued


def concern_post(concern: Concern) -> int:
    """Say a concern reached the coordinators; a concern for the partner alone is theirs."""
    if not concern.reaches_coordinator:
        return 0
    mentorship = concern.mentorship
    programme = mentorship.programme
    return _concern_queue(
        programme,
        key=f"concern:{concern.pk}",
        link=reverse("mentorships:coordinator_detail", args=[programme.slug, mentorship.pk]),
        title=gettext_lazy("A concern was raised for the coordinators of %(programme)s."),
    )


def circle_concern_post(concern: CircleConcern) -> int:
    """Say a circle's concern reached the coordinators; one for the facilitators alone is
    theirs. The circle is not named: its name can say who is in it."""
    if not concern.reaches_coordinator:
        return 0
    circle = concern.circle
    programme = circle.programme
    return _concern_queue(
        programme,
        key=f"circle-concern:{concern.pk}",
        link=reverse("circles:coordinator_detail", args=[programme.slug, circle.pk]),
        title=gettext_lazy(
            "A concern was raised in a circle for the coordinators of %(programme)s."
        ),
    )


def _concern_queue(programme: Programme, *, key: str, link: str, title: StrOrPromise) -> int:
    """A concern's post: only that one was raised, and where coordinators read it."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(title) % {"programme": programme.name}
        lines = [_("Read it in Tandem, where only the coordinators can see it.")]
    return _queue(
        programme.pk, "post_concerns", key=key, title=text, lines=lines, link=absolute_url(link)
    )


def announcement_post(announcement: Announcement) -> int:
    programme = announcement.programme
    link = absolute_url(reverse("announcements:detail", args=[announcement.pk]))
    with translation.override(settings.LANGUAGE_CODE):
        title = _("New announcement in %(programme)s: %(title)s") % {
            "programme": programme.name,
            "title": announcement.title,
        }
        lines = [_("For: %(audience)s.") % {"audience": announcement.audience_label}]
    return _queue(
        programme.pk,
        "post_announcements",
        key=f"announcement:{announcement.pk}",
        title=title,
        lines=lines,
        link=link,
    )


def digest_day(now: datetime | None = None) -> date:
    """The day a digest posted now covers: yesterday, in the server's time zone."""
    return timezone.localdate(now or timezone.now()) - timedelta(days=1)


def digest_post(webhook: ChatWebhook, day: date) -> bool:
    """Post the coordinator alerts of `day` for the webhook's programme; nothing when there
    were none. Each alert went to every coordinator, so it is listed once."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    alerts = (
        Notification.objects.filter(
            programme_id=webhook.programme_id,
            kind__startswith=DIGEST_KIND_PREFIX,
            created_at__gte=start,
            created_at__lt=start + timedelta(days=1),
        )
        .order_by("created_at", "pk")
        .values_list("dedupe_key", "title")
    )
    titles: dict[str, str] = {}
    for dedupe_key, title in alerts.iterator():
        titles.setdefault(dedupe_key or title, title)
    if not titles:
        return False
    lines = list(titles.values())
    programme = webhook.programme
    count = len(titles)
    with translation.override(settings.LANGUAGE_CODE):
        if len(lines) > DIGEST_MAX_LINES:
            more = len(lines) - DIGEST_MAX_LINES
            lines = [
                *lines[:DIGEST_MAX_LINES],
                ngettext("and %(count)d more in Tandem.", "and %(count)d more in Tandem.", more)
                % {"count": more},
            ]
        title = ngettext(
            "%(programme)s: %(count)d coordinator alert on %(day)s",
            "%(programme)s: %(count)d coordinator alerts on %(day)s",
            count,
        ) % {"programme": programme.name, "count": count, "day": date_format(day, "l j F")}
    return (
        services.message_queue(
            webhook=webhook,
            key=f"digest:{day.isoformat()}",
            title=title,
            lines=lines,
            link=absolute_url(reverse("mentorships:coordinator_list", args=[programme.slug])),
        )
        is not None
    )


def digests_post(now: datetime | None = None) -> int:
    """Every active channel's digest for yesterday, once the morning hour has come."""
    now = now or timezone.now()
    if timezone.localtime(now).hour < settings.TANDEM_CHAT_DIGEST_HOUR:
        return 0
    day = digest_day(now)
    webhooks = ChatWebhook.objects.filter(is_active=True, post_digest=True).select_related(
        "programme"
    )
    return sum(digest_post(webhook, day) for webhook in webhooks)
