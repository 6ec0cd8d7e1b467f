import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import PersonalToken
from tandem.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_personal_token_authenticates_api_calls_as_its_owner(client):
    user = UserFactory(email="tess@example.org", name="Tess Token")
    _, key = PersonalToken.issue(user=user, name="script")

    response = client.get("/api/people/me/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert response.json()["email"] == "tess@example.org"
    assert PersonalToken.objects.get().last_used_at is not None


def test_only_a_hash_of_the_key_is_stored():
    token, key = PersonalToken.issue(user=UserFactory(), name="script")

    assert key not in {token.key_hash, token.prefix}
    assert token.prefix == key[:8]


@pytest.mark.parametrize("state", ["revoked", "expired", "unknown", "malformed"])
def test_a_revoked_expired_or_unknown_token_is_refused(client, state):
    token, key = PersonalToken.issue(user=UserFactory(), name="script")
    header = f"Token {key}"
    if state == "revoked":
        PersonalToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    elif state == "expired":
        PersonalToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    elif state == "unknown":
        header = "Token not-a-real-key"
    else:
        header = f"Token {key} extra"

    response = client.get("/api/people/me/", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401


def test_the_tokens_page_shows_a_new_key_once_and_can_revoke_it(client):
    user = UserFactory()
    client.force_login(user)

    created = client.post(reverse("accounts:tokens"), {"name": "reporting"})
    key = created.context["new_key"]
    listed = client.get(reverse("accounts:tokens"))
    token = PersonalToken.objects.get(user=user)
    client.post(reverse("accounts:token_revoke", args=[token.pk]))

    assert key
    assert key.encode() in created.content
    assert key.encode() not in listed.content
    assert b"reporting" in listed.content
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/people/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_a_token_name_is_required(client):
    client.force_login(UserFactory())

    response = client.post(reverse("accounts:tokens"), {"name": ""})

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not PersonalToken.objects.exists()


def test_nobody_can_revoke_someone_elses_token(client):
    token, _ = PersonalToken.issue(user=UserFactory(), name="theirs")
    client.force_login(UserFactory())

    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_records_its_last_use_at_most_once_per_few_minutes(client, time_machine):
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    _, key = PersonalToken.issue(user=UserFactory(), name="script")

    client.get("/api/people/me/", HTTP_AUTHORIZATION=f"Token {key}")
    first = PersonalToken.objects.get().last_used_at
    time_machine.move_to("2026-03-02 09:04:00+00:00", tick=False)
    client.get("/api/people/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert PersonalToken.objects.get().last_used_at == first

    time_machine.move_to("2026-03-02 09:06:00+00:00", tick=False)
    client.get("/api/people/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert PersonalToken.objects.get().last_used_at.minute == 6


def test_a_locked_database_does_not_fail_a_token_request(client):
    from unittest import mock

    from django.db import OperationalError
    from django.db.models import QuerySet

    _, key = PersonalToken.issue(user=UserFactory(email="lock@example.org"), name="script")

    with mock.patch.object(QuerySet, "update", side_effect=OperationalError("database is locked")):
        response = client.get("/api/people/me/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert response.json()["email"] == "lock@example.org"
