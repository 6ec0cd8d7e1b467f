"""Shared set-up for the mentorship journeys: alice (mentee), bob (mentor) and carol
(coordinator) from the personas, able to sign in through the real login form."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from tandem.conftest import Personas


@pytest.fixture
def members(personas: Personas) -> Personas:
    """The personas with verified addresses, which allauth requires before a sign-in."""
    for user in (personas.alice.user, personas.bob.user, personas.carol):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return personas
