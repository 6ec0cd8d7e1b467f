"""Operators grant and withdraw the coordinator role; nobody else can."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.accounts.models import RoleChange
from tandem.accounts.services import AccountError, user_coordinator_role_set
from tandem.accounts.tests.factories import UserFactory
from tandem.conftest import Personas


def test_an_operator_makes_someone_a_coordinator_after_confirming(personas: Personas) -> None:
    client = personas.client_for("superuser")
    oscar = personas.oscar.user
    url = reverse("accounts:role_change", args=[oscar.pk])

    asked = client.get(url)
    oscar.refresh_from_db()
    assert asked.status_code == 200
    assert "Make Oscar Outsider a coordinator?" in asked.content.decode()
    assert not oscar.is_coordinator  # asking changes nothing

    response = client.post(url, {"granted": "1"}, follow=True)

    oscar.refresh_from_db()
    assert oscar.is_coordinator
    assert "Oscar Outsider is now a coordinator." in response.content.decode()
    change = RoleChange.objects.get()
    assert (change.user, change.granted, change.changed_by) == (oscar, True, personas.superuser)


def test_an_operator_withdraws_the_role(personas: Personas) -> None:
    carol = personas.carol
    personas.client_for("superuser").post(
        reverse("accounts:role_change", args=[carol.pk]), {"granted": "0"}
    )

    carol.refresh_from_db()
    assert not carol.is_coordinator
    assert RoleChange.objects.get().granted is False


def test_the_same_change_twice_is_recorded_once(personas: Personas) -> None:
    client = personas.client_for("superuser")
    url = reverse("accounts:role_change", args=[personas.oscar.user.pk])

    client.post(url, {"granted": "1"})
    client.post(url, {"granted": "1"})

    assert RoleChange.objects.count() == 1


@pytest.mark.parametrize("who", ["carol", "dave", "alice", "erin", "oscar"])
def test_nobody_but_an_operator_reaches_the_roles_pages(personas: Personas, who: str) -> None:
    client = personas.client_for(who)
    oscar = personas.oscar.user

    assert client.get(reverse("accounts:roles")).status_code == 404
    posted = client.post(reverse("accounts:role_change", args=[oscar.pk]), {"granted": "1"})

    oscar.refresh_from_db()
    assert posted.status_code == 404
    assert not oscar.is_coordinator


def test_the_service_refuses_a_coordinator(personas: Personas) -> None:
    with pytest.raises(AccountError):
        user_coordinator_role_set(user=personas.oscar.user, granted=True, by=personas.carol)

    assert not RoleChange.objects.exists()


def test_an_operator_cannot_change_their_own_role(personas: Personas) -> None:
    with pytest.raises(AccountError):
        user_coordinator_role_set(user=personas.superuser, granted=True, by=personas.superuser)


def test_the_list_is_searchable_and_paginated(personas: Personas) -> None:
    UserFactory.create_batch(30, name="Zed Example")
    client = personas.client_for("superuser")

    found = client.get(reverse("accounts:roles"), {"q": "oscar"}).content.decode()
    first = client.get(reverse("accounts:roles"), {"q": "zed"}).content.decode()
    second = client.get(reverse("accounts:roles"), {"q": "zed", "page": 2}).content.decode()

    assert "oscar@example.org" in found
    assert "carol@example.org" not in found
    assert first.count("Zed Example</th>") == 25
    assert second.count("Zed Example</th>") == 5
    assert "Page 1 of 2" in first


def test_the_operators_navigation_links_to_roles_and_import(personas: Personas) -> None:
    operator_home = personas.client_for("superuser").get(reverse("home")).content.decode()
    coordinator_home = personas.client_for("carol").get(reverse("home")).content.decode()

    assert reverse("accounts:roles") in operator_home
    assert reverse("people:import") in operator_home
    assert reverse("accounts:roles") not in coordinator_home
