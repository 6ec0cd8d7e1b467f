"""Users over SCIM, as an identity provider provisions them: create, find, read, replace,
patch, deactivate and reactivate, and the errors it may meet."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from tandem.core.models import AuditEvent
from tandem.people.models import Person
from tandem.people.tests.factories import DepartmentFactory, PersonFactory
from tandem.scim.models import ProvisionedPerson
from tandem.scim.tests.client import (
    ENTERPRISE,
    LIST,
    ScimClient,
    assert_error,
    op,
    user_body,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scim(personas):
    return ScimClient.for_operator(personas.superuser)


def test_create_then_read_a_user_with_department_and_manager(scim, personas):
    erin_id = str(personas.erin.pk)

    created = scim.post("Users", user_body("Nadia@Example.org", manager=erin_id))

    assert created.status_code == 201, created.document
    user = created.document
    assert user["userName"] == "nadia@example.org"
    assert user["displayName"] == "Nadia Newcomer"
    assert user["name"] == {
        "formatted": "Nadia Newcomer",
        "givenName": "Nadia",
        "familyName": "Newcomer",
    }
    assert user["title"] == "Analyst"
    assert user["active"] is True
    assert user["externalId"] == "entra-0001"
    assert user["emails"] == [{"value": "nadia@example.org", "type": "work", "primary": True}]
    assert user[ENTERPRISE]["department"] == "Finance"
    assert user[ENTERPRISE]["manager"]["value"] == erin_id
    assert user[ENTERPRISE]["manager"]["displayName"] == personas.erin.name
    assert created["Location"] == user["meta"]["location"]
    assert user["meta"]["location"].endswith(f"/scim/v2/Users/{user['id']}")
    nadia = Person.objects.get(pk=user["id"])
    assert (nadia.name, nadia.job_title, nadia.department.name, nadia.manager) == (
        "Nadia Newcomer",
        "Analyst",
        "Finance",
        personas.erin,
    )
    assert scim.get(f"Users/{user['id']}").document == user
    event = AuditEvent.objects.get(action="scim.user_created")
    assert (event.actor, event.object_id) == (personas.superuser, user["id"])


def test_list_with_filters_on_username_external_id_email_and_active(scim, personas):
    nadia = scim.post("Users", user_body("nadia@example.org", external_id="ext-1")).document
    scim.post("Users", user_body("omar@example.org", "Omar Other", external_id="ext-2"))

    by_user_name = scim.find('userName eq "NADIA@example.org"')
    by_external_id = scim.find('externalId eq "ext-1"')
    by_email = scim.find('emails.value eq "nadia@example.org"')
    by_email_with_urn = scim.find(
        f'{"urn:ietf:params:scim:schemas:core:2.0:User"}:userName eq "nadia@example.org"'
    )
    combined = scim.find('userName sw "nadia" and active eq true')

    assert [u["id"] for u in by_user_name] == [nadia["id"]]
    assert [u["id"] for u in by_external_id] == [nadia["id"]]
    assert [u["id"] for u in by_email] == [nadia["id"]]
    assert [u["id"] for u in by_email_with_urn] == [nadia["id"]]
    assert [u["id"] for u in combined] == [nadia["id"]]
    # externalId is case-exact (RFC 7643 §3.1); userName is not.
    assert scim.find('externalId eq "EXT-1"') == []
    assert scim.find('userName eq "nobody@example.org"') == []

    scim.patch(f"Users/{nadia['id']}", op("replace", "active", False))

    assert [u["id"] for u in scim.find("active eq false")] == [nadia["id"]]
    assert nadia["id"] not in [u["id"] for u in scim.find("active eq true", count=100)]


def test_an_imported_person_is_found_by_user_name_and_linked_by_patch(scim, personas):
    """Entra and Okta match existing people on userName before creating anyone."""
    [alice] = scim.find('userName eq "alice@example.org"')

    response = scim.patch(f"Users/{alice['id']}", op("add", "externalId", "entra-alice"))

    assert response.status_code == 200
    assert scim.find('externalId eq "entra-alice"')[0]["id"] == str(personas.alice.pk)


def test_pagination_counts_every_match_and_pages_with_start_index_and_count(scim, personas):
    for n in range(5):
        PersonFactory(email=f"page{n}@example.org")

    first = scim.get("Users", filter='userName sw "page"', startIndex=1, count=2).document
    third = scim.get("Users", filter='userName sw "page"', startIndex=5, count=2).document
    beyond = scim.get("Users", filter='userName sw "page"', startIndex=9, count=2).document
    counted = scim.get("Users", filter='userName sw "page"', count=0).document

    assert first["schemas"] == [LIST]
    assert (first["totalResults"], first["startIndex"], first["itemsPerPage"]) == (5, 1, 2)
    assert [u["userName"] for u in first["Resources"]] == ["page0@example.org", "page1@example.org"]
    assert [u["userName"] for u in third["Resources"]] == ["page4@example.org"]
    assert (beyond["totalResults"], beyond["Resources"]) == (5, [])
    assert (counted["totalResults"], counted["Resources"]) == (5, [])


def test_the_list_runs_the_same_queries_whatever_the_number_of_people(
    scim, personas, django_assert_max_num_queries
):
    boss = PersonFactory()
    department = DepartmentFactory()
    for _ in range(3):
        PersonFactory(manager=boss, department=department)
    with django_assert_max_num_queries(6):
        small = scim.get("Users", count=100)
    for _ in range(20):
        PersonFactory(manager=boss, department=department)
    with django_assert_max_num_queries(6):
        large = scim.get("Users", count=100)

    assert len(large.document["Resources"]) == len(small.document["Resources"]) + 20


def test_put_replaces_the_user_and_clears_what_it_leaves_out(scim, personas):
    nadia = scim.post("Users", user_body("nadia@example.org", manager=str(personas.erin.pk)))
    user_id = nadia.document["id"]
    body = user_body("nadia.new@example.org", "Nadia Renamed", title="Lead", department=None)
    del body["externalId"]

    replaced = scim.put(f"Users/{user_id}", body)

    assert replaced.status_code == 200, replaced.document
    user = replaced.document
    assert (user["userName"], user["displayName"], user["title"]) == (
        "nadia.new@example.org",
        "Nadia Renamed",
        "Lead",
    )
    assert ENTERPRISE not in user
    assert "externalId" not in user
    person = Person.objects.get(pk=user_id)
    assert (person.email, person.department, person.manager) == (
        "nadia.new@example.org",
        None,
        None,
    )


@pytest.mark.parametrize(
    "operations",
    [
        # With a path, as Microsoft Entra ID sends them (note the capitalised op and text bool).
        [
            op("Replace", "displayName", "Nadia Patched"),
            op("Replace", "title", "Head of Finance"),
            op("Add", f"{ENTERPRISE}:department", "Treasury"),
            op("Replace", 'emails[type eq "work"].value', "nadia.p@example.org"),
        ],
        # Without a path: the value holds the attributes, as Okta sends them.
        [
            op(
                "replace",
                value={
                    "displayName": "Nadia Patched",
                    "title": "Head of Finance",
                    "userName": "nadia.p@example.org",
                    ENTERPRISE: {"department": "Treasury"},
                },
            )
        ],
    ],
    ids=["with path", "without path"],
)
def test_patch_add_and_replace(scim, personas, operations):
    user_id = scim.post("Users", user_body("nadia@example.org")).document["id"]

    response = scim.patch(f"Users/{user_id}", *operations)

    assert response.status_code == 200, response.document
    user = response.document
    assert (user["displayName"], user["title"], user["userName"]) == (
        "Nadia Patched",
        "Head of Finance",
        "nadia.p@example.org",
    )
    assert user[ENTERPRISE]["department"] == "Treasury"
    assert scim.get(f"Users/{user_id}").document == user


def test_patch_name_parts_keep_the_other_part(scim, personas):
    user_id = scim.post("Users", user_body("nadia@example.org")).document["id"]

    user = scim.patch(f"Users/{user_id}", op("replace", "name.familyName", "Okafor")).document

    assert user["displayName"] == "Nadia Okafor"


def test_patch_manager_add_replace_and_remove(scim, personas):
    user_id = scim.post("Users", user_body("nadia@example.org")).document["id"]
    manager_path = f"{ENTERPRISE}:manager"

    # Entra sends the manager's id bare; the RFC's shape is {"value": id}.
    added = scim.patch(f"Users/{user_id}", op("Add", manager_path, str(personas.erin.pk)))
    replaced = scim.patch(
        f"Users/{user_id}", op("replace", manager_path, {"value": str(personas.bob.pk)})
    )
    by_email = scim.patch(f"Users/{user_id}", op("replace", manager_path, "erin@example.org"))
    removed = scim.patch(f"Users/{user_id}", op("remove", manager_path))

    assert added.document[ENTERPRISE]["manager"]["value"] == str(personas.erin.pk)
    assert replaced.document[ENTERPRISE]["manager"]["value"] == str(personas.bob.pk)
    assert by_email.document[ENTERPRISE]["manager"]["value"] == str(personas.erin.pk)
    assert "manager" not in removed.document.get(ENTERPRISE, {})
    assert Person.objects.get(pk=user_id).manager is None


def test_patch_remove_clears_title_department_and_external_id(scim, personas):
    user_id = scim.post("Users", user_body("nadia@example.org")).document["id"]

    user = scim.patch(
        f"Users/{user_id}",
        op("remove", "title"),
        op("remove", f"{ENTERPRISE}:department"),
        op("remove", "externalId"),
    ).document

    assert "title" not in user
    assert ENTERPRISE not in user
    assert "externalId" not in user


def test_a_manager_cycle_is_refused_and_nothing_changes(scim, personas):
    # erin manages alice; making alice erin's manager would close a loop.
    response = scim.patch(
        f"Users/{personas.erin.pk}",
        op("replace", f"{ENTERPRISE}:manager", {"value": str(personas.alice.pk)}),
    )
    themselves = scim.patch(
        f"Users/{personas.erin.pk}",
        op("replace", f"{ENTERPRISE}:manager", {"value": str(personas.erin.pk)}),
    )

    assert_error(response, 400, "invalidValue")
    assert "reports to Erin" in response.document["detail"]
    assert_error(themselves, 400, "invalidValue")
    personas.erin.refresh_from_db()
    assert personas.erin.manager is None


def test_errors_in_the_scim_error_format(scim, personas):
    scim.post("Users", user_body("nadia@example.org"))

    assert_error(scim.post("Users", user_body("NADIA@example.org")), 409, "uniqueness")
    assert_error(scim.get("Users", filter='userName eq "nadia@example.org'), 400, "invalidFilter")
    assert_error(scim.get("Users", filter='nickName eq "N"'), 400, "invalidFilter")
    assert_error(scim.get("Users", filter="userName eq nadia"), 400, "invalidFilter")
    assert_error(scim.get("Users/999999"), 404)
    assert_error(scim.get("Users/not-a-number"), 404)
    assert_error(scim.patch("Users/999999", op("replace", "title", "x")), 404)
    assert_error(scim.get("Widgets"), 404)
    assert_error(
        scim.post("Users", {"schemas": [], "displayName": "No address"}), 400, "invalidValue"
    )
    assert_error(scim.post("Users", user_body("not an address")), 400, "invalidValue")
    alice = f"Users/{personas.alice.pk}"
    assert_error(scim.patch(alice, op("remove")), 400, "noTarget")
    assert_error(scim.patch(alice, op("remove", "userName")), 400, "mutability")
    assert_error(scim.patch(alice, op("replace", "shoeSize", 42)), 400, "invalidPath")
    assert_error(scim.patch(alice, op("replace", "active", "maybe")), 400, "invalidValue")
    assert_error(scim.patch(alice, op("move", "title", "x")), 400, "invalidSyntax")
    assert_error(
        scim.patch(alice, op("replace", f"{ENTERPRISE}:manager", "424242")), 400, "invalidValue"
    )
    taken = scim.patch(alice, op("replace", "userName", "bob@example.org"))
    assert_error(taken, 409, "uniqueness")
    bad_json = scim.client.generic(
        "POST",
        "/scim/v2/Users",
        "{not json",
        content_type="application/scim+json",
        HTTP_AUTHORIZATION=f"Bearer {scim.key}",
    )
    assert bad_json.status_code == 400
    personas.alice.refresh_from_db()
    assert personas.alice.email == "alice@example.org"


def test_erased_people_are_not_provisioned(scim, personas):
    from tandem.people.services import person_erase

    outsider = PersonFactory(email="gone@example.org")
    person_erase(person=outsider, by=personas.superuser)

    assert scim.find('userName sw "gone"') == []
    assert_error(scim.get(f"Users/{outsider.pk}"), 404)


def test_accepts_plain_json_and_a_trailing_slash(scim, personas):
    response = scim.client.post(
        "/scim/v2/Users/",
        user_body("json@example.org"),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {scim.key}",
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 201
    assert response["Content-Type"] == "application/scim+json"


def test_erasing_a_person_forgets_the_identity_provider_s_id(scim, personas):
    from tandem.people.services import person_erase

    scim.patch(f"Users/{personas.oscar.pk}", op("add", "externalId", "entra-oscar"))
    export = personas.client_for("oscar").get(reverse("accounts:my_data_download"))
    assert json.loads(export.content)["provisioning"]["external_id"] == "entra-oscar"

    person_erase(person=personas.oscar, by=personas.superuser)

    assert scim.find('externalId eq "entra-oscar"') == []
    assert not ProvisionedPerson.objects.filter(person=personas.oscar).exists()
