"""An announcement's notice and email are written in each reader's language, not in the
coordinator's who posted it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import translation

from tandem.announcements import services
from tandem.announcements.models import Announcement
from tandem.conftest import Personas
from tandem.core.testing.languages import speaks, translated
from tandem.notifications.models import Notification

pytestmark = pytest.mark.django_db

TITLED = "%(programme)s: %(title)s"
ANNOUNCEMENT = {
    "fr": {TITLED: "%(programme)s : %(title)s"},
    "es": {TITLED: "Anuncio de %(programme)s: %(title)s"},
}


def test_each_reader_gets_the_announcement_in_their_own_language(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    speaks(personas.alice, "fr")
    speaks(personas.bob, "es")
    programme = personas.programme.name

    # Carol posts from a page in German; the notices go out from a background task.
    with (
        translated(ANNOUNCEMENT),
        translation.override("de"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.announcement_post(
            programme=personas.programme,
            by=personas.carol,
            title="Meet-up on Thursday",
            body="See you there.",
            audience=Announcement.Audience.EVERYONE,
        )

    titles = dict(Notification.objects.values_list("recipient__email", "title"))
    assert titles == {
        "alice@example.org": f"{programme} : Meet-up on Thursday",
        "bob@example.org": f"Anuncio de {programme}: Meet-up on Thursday",
    }
    emails = {message.to[0]: message.body for message in mail.outbox}
    assert "Ne plus recevoir d'e-mails comme celui-ci (" in emails["alice@example.org"]
    assert "Dejar de recibir correos como este (" in emails["bob@example.org"]
