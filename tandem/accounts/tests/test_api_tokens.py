import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import PersonalToken
from tandem.accounts.services import AccountError, token_create
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


def create(client, name="reporting", scope="read", expires_in="90"):
    return client.post(
        reverse("accounts:tokens"), {"name": name, "scope": scope, "expires_in": expires_in}
    )


def test_creating_a_token_redirects_and_shows_its_key_once(client):
    user = UserFactory()
    client.force_login(user)

    created = create(client)
    assert created.status_code == 302
    assert created["Location"] == reverse("accounts:tokens")
    shown = client.get(reverse("accounts:tokens"))
    key = shown.context["new_key"]
    reloaded = client.get(reverse("accounts:tokens"))

    assert key
    assert key.encode() in shown.content
    assert key.encode() not in reloaded.content
    assert b"reporting" in reloaded.content
    assert PersonalToken.objects.filter(user=user).count() == 1
    assert client.get("/api/people/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_reloading_after_creating_a_token_creates_no_second_one(client):
    user = UserFactory()
    client.force_login(user)

    first = client.post(
        reverse("accounts:tokens"),
        {"name": "reporting", "scope": "read", "expires_in": "90"},
        follow=True,
    )
    assert first.redirect_chain == [(reverse("accounts:tokens"), 302)]
    # What a browser's reload repeats: the GET it was redirected to.
    client.get(first.redirect_chain[-1][0])
    client.get(first.redirect_chain[-1][0])

    assert PersonalToken.objects.filter(user=user).count() == 1


def test_a_revoked_token_stops_working_and_shows_as_revoked(client):
    user = UserFactory()
    client.force_login(user)
    create(client)
    key = client.get(reverse("accounts:tokens")).context["new_key"]
    token = PersonalToken.objects.get(user=user)
    assert client.get("/api/people/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200

    client.post(reverse("accounts:token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert token.revoked_at is not None
    response = client.get("/api/people/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401
    assert response.json()["detail"] == "This token was revoked."
    assert b"revoked" in client.get(reverse("accounts:tokens")).content


def test_the_page_lists_name_scope_created_last_used_and_expiry(client, time_machine):
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    user = UserFactory()
    client.force_login(user)
    create(client, name="nightly export", scope="read", expires_in="30")
    create(client, name="sync", scope="write", expires_in="never")

    page = client.get(reverse("accounts:tokens")).content.decode()

    assert "nightly export" in page
    assert "Read only" in page
    assert "Read and write" in page
    assert "1 Apr 2026" in page  # 30 days on
    assert "never" in page
    tokens = {t.name: t for t in PersonalToken.objects.filter(user=user)}
    assert tokens["nightly export"].scope == PersonalToken.Scope.READ
    assert tokens["sync"].scope == PersonalToken.Scope.WRITE
    assert tokens["sync"].expires_at is None


def test_the_form_offers_90_days_and_read_only_first(client):
    client.force_login(UserFactory())
    page = client.get(reverse("accounts:tokens"))
    form = page.context["form"]

    assert form["expires_in"].value() == "90"
    assert form["scope"].value() == "read"


def test_a_token_created_with_the_defaults_expires_in_90_days(client, time_machine):
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    client.force_login(UserFactory())
    page = client.get(reverse("accounts:tokens"))
    form = page.context["form"]

    create(client, expires_in=form["expires_in"].value(), scope=form["scope"].value())

    token = PersonalToken.objects.get()
    assert token.expires_at == datetime.datetime(2026, 5, 31, 9, tzinfo=datetime.UTC)
    assert token.scope == PersonalToken.Scope.READ


@pytest.mark.parametrize(
    "data",
    [
        {"name": "x", "scope": "admin", "expires_in": "90"},
        {"name": "x", "scope": "read", "expires_in": "10000"},
        {"name": "", "scope": "read", "expires_in": "90"},
    ],
    ids=["unknown-scope", "unknown-expiry", "no-name"],
)
def test_a_bad_token_request_is_refused_and_creates_nothing(client, data):
    client.force_login(UserFactory())

    response = client.post(reverse("accounts:tokens"), data)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not PersonalToken.objects.exists()


def test_a_token_stops_working_when_it_expires(client, time_machine):
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    user = UserFactory()
    client.force_login(user)
    create(client, expires_in="30")
    key = client.get(reverse("accounts:tokens")).context["new_key"]
    api = Client()  # a script: no session, only the token

    time_machine.move_to("2026-03-31 09:00:00+00:00", tick=False)
    assert api.get("/api/people/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200

    time_machine.move_to("2026-04-01 09:00:01+00:00", tick=False)
    response = api.get("/api/people/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401
    assert response.json()["detail"] == "This token expired on 1 Apr 2026."
    client.force_login(user)  # the sign-in of a month ago has lapsed
    assert b"expired" in client.get(reverse("accounts:tokens")).content


def test_a_read_only_token_reads_but_may_not_change_anything(client):
    user = UserFactory(name="Rita Reader")
    _, key = PersonalToken.issue(user=user, name="script", scope=PersonalToken.Scope.READ)
    header = {"HTTP_AUTHORIZATION": f"Token {key}"}

    read = client.get("/api/people/me/", **header)
    patched = client.patch(
        "/api/people/me/", {"name": "Changed"}, content_type="application/json", **header
    )
    posted = client.post("/api/mentorship-charters/", {}, content_type="application/json", **header)

    assert read.status_code == 200
    assert patched.status_code == 403
    assert posted.status_code == 403
    assert "read-only" in patched.json()["detail"]
    assert client.get("/api/people/me/", **header).json()["name"] == "Rita Reader"


def test_a_read_write_token_may_change_what_its_owner_may(client):
    user = UserFactory(name="Wes Writer")
    _, key = PersonalToken.issue(user=user, name="script", scope=PersonalToken.Scope.WRITE)

    response = client.patch(
        "/api/people/me/",
        {"name": "Wes Changed"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )

    assert response.status_code == 200
    assert response.json()["name"] == "Wes Changed"


def test_a_token_made_before_scopes_keeps_reading_and_writing_without_expiry():
    token, _ = PersonalToken.issue(user=UserFactory(), name="old script")

    assert token.scope == PersonalToken.Scope.WRITE
    assert token.expires_at is None


def test_the_api_description_documents_token_scopes_and_expiry(client):
    client.force_login(UserFactory())

    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    scheme = schema["components"]["securitySchemes"]["personalToken"]["description"]
    assert "read-only" in scheme
    assert "expire" in scheme
    assert "read-only" in schema["info"]["description"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "   ", "scope": "read", "lifetime_days": 90}, "name"),
        ({"name": "x", "scope": "admin", "lifetime_days": 90}, "scope"),
        ({"name": "x", "scope": "read", "lifetime_days": 0}, "expires_in"),
    ],
)
def test_the_service_refuses_a_bad_token_and_writes_nothing(fields, field):
    with pytest.raises(AccountError) as refused:
        token_create(user=UserFactory(), **fields)

    assert refused.value.field == field
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
