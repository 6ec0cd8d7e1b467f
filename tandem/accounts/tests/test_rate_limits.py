"""Sign-in and reset limits, counted in a shared Redis cache as on a multi-server install."""

from __future__ import annotations

import os
import uuid

import pytest
import redis
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from tandem.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TANDEM_TEST_REDIS_URL", "redis://127.0.0.1:6379/8")
OFFICE = "203.0.113.7"  # one NAT address for the whole office


@pytest.fixture
def shared_cache(settings):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        if os.environ.get("TANDEM_REQUIRE_REDIS"):
            pytest.fail(f"Redis at {REDIS_URL} is required here: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    client = redis.Redis.from_url(REDIS_URL)
    yield client, prefix
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def _colleague(n: int) -> str:
    email = f"colleague{n}@example.org"
    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return email


def test_forty_colleagues_behind_one_address_can_all_sign_in(shared_cache):
    emails = [_colleague(n) for n in range(40)]

    statuses = [
        Client()
        .post(reverse("account_login"), {"login": email, "password": PASSWORD}, REMOTE_ADDR=OFFICE)
        .status_code
        for email in emails
    ]

    assert statuses == [302] * 40


def test_password_resets_for_one_address_are_limited_in_the_shared_cache(shared_cache):
    redis_client, prefix = shared_cache
    email = _colleague(1)
    url = reverse("account_reset_password")

    statuses = [
        Client().post(url, {"email": email}, REMOTE_ADDR=OFFICE).status_code for _ in range(4)
    ]

    assert statuses == [302, 302, 302, 429]
    assert any(b"rl:" in key for key in redis_client.scan_iter(f"{prefix}:*"))
