import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tandem.accounts.models import User
from tandem.accounts.tests.factories import PASSWORD, UserFactory
from tandem.people.models import Person
from tandem.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def verified_user(email: str = "pat@example.org") -> User:
    user = UserFactory(email=email, name="Pat Example")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def first_link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)


def test_sign_up_sends_a_verification_email_and_confirming_signs_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "name": "Nora New",
            "email": "nora@example.org",
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
        },
    )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nora@example.org"]
    confirm_url = first_link(mail.outbox[0].body)
    assert client.get(reverse("home")).status_code == 302  # not signed in before confirming

    response = client.post(confirm_url)

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    user = User.objects.get(email="nora@example.org")
    assert user.name == "Nora New"
    assert EmailAddress.objects.get(user=user).verified


def test_signing_up_links_the_account_to_the_imported_person_with_that_email(client):
    imported = PersonFactory(user=None, email="ivan@example.org", name="Ivan Imported")

    client.post(
        reverse("account_signup"),
        {
            "name": "Ivan I.",
            "email": "ivan@example.org",
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
        },
    )

    imported.refresh_from_db()
    assert imported.user is not None
    assert imported.user.email == "ivan@example.org"
    assert Person.objects.filter(email="ivan@example.org").count() == 1


def test_sign_up_with_a_weak_password_shows_the_field_error_and_creates_nobody(client):
    response = client.post(
        reverse("account_signup"),
        {"name": "W", "email": "weak@example.org", "password1": "123", "password2": "123"},
    )

    assert response.status_code == 200
    assert "too short" in response.context["form"].errors["password1"][0]
    assert not User.objects.filter(email="weak@example.org").exists()


def test_sign_in_with_email_and_password_then_sign_out(client):
    verified_user()

    response = client.post(
        reverse("account_login"), {"login": "pat@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("home")).status_code == 302


def test_repeated_failed_sign_ins_lock_the_account_even_with_the_right_password(client, settings):
    verified_user()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("account_login"), {"login": "pat@example.org", "password": "wrong"})

    response = client.post(
        reverse("account_login"), {"login": "pat@example.org", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_email_lets_the_person_choose_a_new_password(client):
    verified_user()

    client.post(reverse("account_reset_password"), {"email": "pat@example.org"})

    assert len(mail.outbox) == 1
    reset_url = first_link(mail.outbox[0].body)
    response = client.get(reset_url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    response = client.post(
        form_url, {"password1": "another long phrase", "password2": "another long phrase"}
    )
    assert response.status_code == 302
    client.post(reverse("account_logout"))
    response = client.post(
        reverse("account_login"), {"login": "pat@example.org", "password": "another long phrase"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
