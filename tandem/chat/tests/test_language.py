"""A channel's posts are in the site's language, whatever the language of who caused them."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tandem.accounts.models import User
from tandem.mentorships import services as mentorships
from tandem.mentorships.models import Concern
from tandem.mentorships.tests.conftest import make_active

pytestmark = pytest.mark.django_db


def test_a_concern_raised_from_a_french_page_is_posted_in_english(
    personas: Any, slack: Any, receiver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    pair = make_active(
        mentorships.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=personas.bob
        )
    )
    User.objects.filter(pk=personas.alice.user_id).update(language="fr")

    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        mentorships.concern_raise(
            mentorship=pair, by=pair.mentee, audience=Concern.Audience.COORDINATOR, text="Help"
        )

    (post,) = receiver.posts
    assert "A concern was raised for the coordinators of Leaders of Tomorrow." in post["text"]
