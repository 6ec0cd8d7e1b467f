"""Which language Tandem speaks: the person's choice, else the browser's (docs/translations.md)."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from tandem.accounts.models import User
from tandem.accounts.services import AccountError, user_language_set
from tandem.accounts.tests.factories import PASSWORD, UserFactory
from tandem.conftest import Personas
from tandem.core.testing.forms import form_values

pytestmark = pytest.mark.django_db


def page_language(response) -> str:
    match = re.search(r'<html lang="([^"]+)">', response.content.decode())
    assert match, "the page names no language"
    return match[1]


def test_a_signed_out_visitor_reads_their_browser_language(client) -> None:
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr-CH,fr;q=0.9")

    assert page_language(response) == "fr"
    assert response["Content-Language"] == "fr"


def test_any_english_browser_reads_british_english(client) -> None:
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert page_language(response) == "en-gb"


def test_a_language_tandem_does_not_speak_falls_back_to_english(client) -> None:
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="ja")

    assert page_language(response) == "en-gb"


def test_the_footer_offers_each_language_named_in_itself(client) -> None:
    html = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert f'action="{reverse("set_language")}"' in html
    assert '<label for="language-choice">' in html
    for code, name in settings.LANGUAGES:
        assert f'<option value="{code}" lang="{code}"' in html
        assert f">{name}</option>" in html
    assert '<option value="de" lang="de" selected>' in html


def test_choosing_a_language_in_the_footer_keeps_it_for_later_pages(client) -> None:
    login = reverse("account_login")
    values = dict(form_values(client.get(login).content.decode(), "language"))
    assert values["next"] == login

    response = client.post(
        reverse("set_language"), {**values, "language": "es"}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert response.status_code == 302
    assert response["Location"] == login
    assert page_language(client.get(login, HTTP_ACCEPT_LANGUAGE="fr")) == "es"


def test_a_signed_in_persons_choice_wins_over_their_browser(personas: Personas) -> None:
    User.objects.filter(pk=personas.alice.user_id).update(language="es")
    client = personas.client_for("alice")

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr")

    assert page_language(response) == "es"
    assert response["Content-Language"] == "es"


def test_without_a_choice_a_signed_in_person_reads_their_browser_language(
    personas: Personas,
) -> None:
    client = personas.client_for("alice")

    assert page_language(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="de")) == "de"


def test_the_switcher_is_for_signed_out_visitors_only(personas: Personas) -> None:
    html = personas.client_for("alice").get(reverse("home")).content.decode()

    assert reverse("set_language") not in html


def test_signing_in_switches_to_the_persons_language(client) -> None:
    user = UserFactory(email="pat@example.org", name="Pat Example", language="de")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    assert page_language(client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr")) == "fr"

    response = client.post(
        reverse("account_login"),
        {"login": "pat@example.org", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="fr",
        follow=True,
    )

    assert response.status_code == 200
    assert page_language(response) == "de"


def test_a_person_chooses_their_language_on_their_profile(personas: Personas) -> None:
    client = personas.client_for("alice")
    url = reverse("people:profile_edit")
    values = form_values(client.get(url).content.decode(), "name")
    assert dict(values)["language"] == ""
    data: dict[str, list[str]] = {}
    for name, value in values:
        data.setdefault(name, []).append(value)

    response = client.post(url, {**data, "language": ["fr"]}, HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 302
    assert User.objects.get(pk=personas.alice.user_id).language == "fr"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert page_language(page) == "fr"
    assert dict(form_values(page.content.decode(), "name"))["language"] == "fr"


def test_the_profile_refuses_a_language_tandem_does_not_speak(personas: Personas) -> None:
    client = personas.client_for("alice")
    url = reverse("people:profile_edit")
    data: dict[str, list[str]] = {}
    for name, value in form_values(client.get(url).content.decode(), "name"):
        data.setdefault(name, []).append(value)

    response = client.post(url, {**data, "language": ["ja"]})

    assert response.status_code == 400
    assert User.objects.get(pk=personas.alice.user_id).language == ""


def test_the_service_refuses_a_language_tandem_does_not_speak(personas: Personas) -> None:
    user = personas.user_for("alice")

    with pytest.raises(AccountError) as refusal:
        user_language_set(user=user, language="ja")

    assert refusal.value.field == "language"
    user.refresh_from_db()
    assert user.language == ""


def test_going_back_to_the_browsers_language(personas: Personas) -> None:
    user = personas.user_for("alice")
    user_language_set(user=user, language="de")
    user_language_set(user=user, language="")

    user.refresh_from_db()
    assert user.language == ""


def test_a_french_visitor_reads_the_sign_in_page_in_french(client) -> None:
    html = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Aller au contenu" in html
    assert re.search(r"<title>\s*Connexion\s*· Tandem</title>", html)
    assert "Changer de langue" in html
    assert "Skip to content" not in html


def test_a_person_who_chose_german_reads_their_pages_in_german(personas: Personas) -> None:
    User.objects.filter(pk=personas.alice.user_id).update(language="de")

    html = personas.client_for("alice").get(reverse("home")).content.decode()

    assert "Willkommen, Alice" in html
    assert "Mein Profil" in html
    assert "Abmelden" in html


def test_an_api_refusal_speaks_the_callers_language(client) -> None:
    response = client.get(
        "/api/mentorships/", HTTP_AUTHORIZATION="Token nonsense", HTTP_ACCEPT_LANGUAGE="es"
    )

    assert response.status_code == 401
    assert response.json() == {"detail": "Token no válido."}
