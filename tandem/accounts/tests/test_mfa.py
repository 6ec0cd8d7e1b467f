"""Two-factor authentication: setting up an authenticator app, signing in with it or with a
recovery code, the Security section of the profile, and the pages it adds."""

import json
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tandem.accounts.tests import permissions
from tandem.accounts.tests.mfa import (
    confirm_password,
    recovery_codes_of,
    sign_in_with_password,
    totp_code,
    verified,
    with_key,
    with_totp,
)
from tandem.conftest import Personas
from tandem.core.testing.forms import submit_unchanged

pytestmark = pytest.mark.django_db


def test_setting_up_an_authenticator_app_turns_two_factor_on_and_gives_recovery_codes(
    personas: Personas,
) -> None:
    carol = verified(personas.carol)
    client = personas.client_for("carol")
    confirm_password(client)

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert b"Set up an authenticator app" in page.content
    assert b"data:image/svg+xml" in page.content  # the QR code
    secret = page.context["form"].secret
    assert secret.encode() in page.content  # the key to type instead

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "Incorrect code." in wrong.content.decode()
    assert not Authenticator.objects.filter(user=carol).exists()

    right = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert right.status_code == 302
    assert right["Location"] == reverse("mfa_view_recovery_codes")
    assert set(Authenticator.objects.filter(user=carol).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert all(code in codes.content.decode() for code in recovery_codes_of(carol))


def test_the_setup_pages_ask_for_the_password_again_first(personas: Personas) -> None:
    client = personas.client_for("carol")

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_signing_in_asks_for_the_app_code_after_the_password(personas: Personas, client) -> None:
    carol = verified(personas.carol)
    secret = with_totp(carol)

    sign_in_with_password(client, carol)

    # The password alone signs nobody in.
    assert client.get(reverse("home"))["Location"].startswith(reverse("account_login"))
    step = client.get(reverse("mfa_authenticate"))
    assert step.status_code == 200
    assert b"Enter the code your authenticator app shows" in step.content

    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200
    assert "Incorrect code." in wrong.content.decode()
    assert client.get(reverse("home")).status_code == 302

    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert right.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_code_from_the_last_step_is_still_taken_but_an_old_one_is_not(
    personas: Personas, client
) -> None:
    carol = verified(personas.carol)
    secret = with_totp(carol)
    sign_in_with_password(client, carol)

    stale = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, time.time() - 90)})

    assert stale.status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_a_recovery_code_signs_in_once(personas: Personas, client) -> None:
    carol = verified(personas.carol)
    with_totp(carol)
    code = recovery_codes_of(carol)[0]

    sign_in_with_password(client, carol)
    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert code not in recovery_codes_of(carol)
    assert len(recovery_codes_of(carol)) == 9

    client.post(reverse("account_logout"))
    sign_in_with_password(client, carol)
    again = client.post(reverse("mfa_authenticate"), {"code": code})

    assert again.status_code == 200
    assert "Incorrect code." in again.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_the_sign_in_step_offers_a_passkey_to_someone_who_has_one(
    personas: Personas, client
) -> None:
    carol = verified(personas.carol)
    with_totp(carol)
    with_key(carol)
    sign_in_with_password(client, carol)

    step = client.get(reverse("mfa_authenticate"))

    assert b"Use a passkey or security key" in step.content
    assert b'id="js_data"' in step.content  # the challenge the browser's key signs


def test_the_sign_in_page_offers_a_passkey_under_its_own_name(client) -> None:
    page = client.get(reverse("account_login")).content.decode()

    assert "Use a passkey instead" in page
    assert 'id="mfa_login"' in page  # the form the passkey's answer is posted with
    assert len(re.findall(r">\s*Sign In\s*</button>", page)) == 1


def test_the_security_section_of_the_profile_shows_which_factors_are_on(
    personas: Personas,
) -> None:
    carol = personas.carol
    client = personas.client_for("carol")

    before = client.get(reverse("people:profile_edit")).content.decode()
    assert "Two-factor authentication is <strong>off</strong>" in before
    assert "Set up two-factor authentication" in before
    assert reverse("mfa_index") in before

    with_totp(carol)
    with_key(carol)
    with_key(carol, "Phone")
    after = client.get(reverse("people:profile_edit")).content.decode()
    assert "Two-factor authentication is <strong>on</strong>" in after
    assert 'Authenticator app: <span class="badge badge-ok">on</span>' in after
    assert 'Passkeys and security keys: <span class="badge badge-ok">2</span>' in after
    assert "10 left" in after
    assert "Manage two-factor authentication" in after


def test_the_security_section_asks_a_fixed_number_of_queries(
    personas: Personas, django_assert_max_num_queries
) -> None:
    client = personas.client_for("carol")
    with_totp(personas.carol)
    with_key(personas.carol)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("people:profile_edit"))
    for number in range(5):
        with_key(personas.carol, f"Key {number}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("people:profile_edit"))


def test_the_overview_lists_each_factor_with_its_state(personas: Personas) -> None:
    client = personas.client_for("carol")
    with_totp(personas.carol)
    with_key(personas.carol)

    page = client.get(reverse("mfa_index")).content.decode()

    assert "Turn off the authenticator app" in page
    assert "You have added 1 key." in page
    assert "10 of 10 left" in page


def test_a_key_is_renamed_and_its_rename_page_saves_unchanged(personas: Personas) -> None:
    client = personas.client_for("carol")
    key = with_key(personas.carol, "Laptop")
    confirm_password(client)
    url = reverse("mfa_edit_webauthn", kwargs={"pk": key.pk})

    assert submit_unchanged(client, url, "name").status_code == 302
    key.refresh_from_db()
    assert key.data["name"] == "Laptop"

    client.post(url, {"name": "Work laptop"})
    key.refresh_from_db()
    assert key.data["name"] == "Work laptop"
    listing = client.get(reverse("mfa_list_webauthn")).content.decode()
    assert "Work laptop" in listing
    assert "Passkey" in listing


def test_someone_else_s_key_answers_404(personas: Personas) -> None:
    key = with_key(personas.carol)
    client = personas.client_for("dave")
    confirm_password(client)

    for name in ("mfa_edit_webauthn", "mfa_remove_webauthn"):
        assert client.get(reverse(name, kwargs={"pk": key.pk})).status_code == 404
    assert client.post(reverse("mfa_remove_webauthn", kwargs={"pk": key.pk})).status_code == 404
    assert Authenticator.objects.filter(pk=key.pk).exists()


def test_every_two_factor_page_has_a_permission_row() -> None:
    names = {
        pattern.name
        for entry in get_resolver().url_patterns
        for pattern in _flatten(entry)
        if pattern.name and pattern.name.startswith("mfa_")
    }
    covered = {case.target for case in permissions.CASES}

    assert names
    assert not names - covered, f"two-factor pages without a permission row: {names - covered}"


def _flatten(entry):
    if isinstance(entry, URLResolver) and not entry.namespace:  # the admin has its own
        for inner in entry.url_patterns:
            yield from _flatten(inner)
    elif isinstance(entry, URLPattern):
        yield entry


SECRET_MARKER = "ZQX-FACTOR-MARKER-7702"


@pytest.mark.parametrize("who", ["bob", "carol", "erin", "oscar", "superuser", "other_pair"])
def test_nobody_else_sees_a_person_s_factors_not_even_an_operator_in_the_admin(
    personas: Personas, who: str
) -> None:
    alice = personas.alice.user
    secret = with_totp(alice)
    codes = recovery_codes_of(alice)
    with_key(alice, SECRET_MARKER)
    client = personas.client_for(who)
    confirm_password(client)
    urls = [
        reverse("mfa_index"),
        reverse("mfa_list_webauthn"),
        reverse("people:profile_edit"),
        reverse("people:detail", args=[personas.alice.pk]),
    ]
    # The admin lists who has which factor, under its name; never what it holds.
    admin_urls = []
    if who == "superuser":
        admin_urls = [reverse("admin:mfa_authenticator_changelist")] + [
            reverse("admin:mfa_authenticator_change", args=[pk])
            for pk in Authenticator.objects.filter(user=alice).values_list("pk", flat=True)
        ]

    for url in urls + admin_urls:
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code in {200, 404}, url
        assert secret not in page, url
        assert not any(code in page for code in codes), url
        assert url in admin_urls or SECRET_MARKER not in page, url


def test_the_admin_lists_who_has_which_factor_and_changes_none(personas: Personas) -> None:
    with_totp(personas.alice.user)
    client = personas.client_for("superuser")
    totp = Authenticator.objects.get(user=personas.alice.user, type=Authenticator.Type.TOTP)

    listing = client.get(reverse("admin:mfa_authenticator_changelist")).content.decode()
    assert "alice@example.org" in listing or "Alice Mentee" in listing
    assert client.get(reverse("admin:mfa_authenticator_add")).status_code == 403
    client.post(reverse("admin:mfa_authenticator_change", args=[totp.pk]), {"type": "webauthn"})
    totp.refresh_from_db()
    assert totp.type == Authenticator.Type.TOTP


def test_guessing_codes_stops_after_ten_wrong_ones_even_for_the_right_code(
    personas: Personas, client
) -> None:
    carol = verified(personas.carol)
    secret = with_totp(carol)
    sign_in_with_password(client, carol)
    for guess in range(100000, 100010):
        client.post(reverse("mfa_authenticate"), {"code": str(guess)})

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert "Too many failed" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_copy_of_the_person_s_data_lists_their_factors_but_not_what_they_hold(
    personas: Personas,
) -> None:
    carol = personas.carol
    secret = with_totp(carol)
    codes = recovery_codes_of(carol)
    with_key(carol, "Work laptop")

    response = personas.client_for("carol").get(reverse("accounts:my_data_download"))
    body = response.content.decode()

    factors = json.loads(body)["account_details"]["two_factor"]
    assert [(f["type"], f["name"]) for f in factors] == [
        ("TOTP Authenticator", None),
        ("Recovery codes", None),
        ("WebAuthn", "Work laptop"),
    ]
    assert secret not in body
    assert not any(code in body for code in codes)
