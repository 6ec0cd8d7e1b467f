"""Groups over SCIM are Tandem's departments: a person is in one department at a time."""

from __future__ import annotations

import pytest

from tandem.people.models import Department, Person
from tandem.scim.tests.client import GROUP, ScimClient, assert_error, op

pytestmark = pytest.mark.django_db


@pytest.fixture
def scim(personas):
    return ScimClient.for_operator(personas.superuser)


def _group(name, *members, external_id="grp-1"):
    return {
        "schemas": [GROUP],
        "displayName": name,
        "externalId": external_id,
        "members": [{"value": str(m.pk)} for m in members],
    }


def test_create_list_filter_and_read_a_group(scim, personas):
    created = scim.post("Groups", _group("Finance", personas.alice, personas.bob))

    assert created.status_code == 201, created.document
    group = created.document
    assert group["displayName"] == "Finance"
    assert group["externalId"] == "grp-1"
    assert {m["value"] for m in group["members"]} == {str(personas.alice.pk), str(personas.bob.pk)}
    personas.alice.refresh_from_db()
    assert personas.alice.department.name == "Finance"
    [found] = scim.get("Groups", filter='displayName eq "finance"').document["Resources"]
    assert found == group
    by_member = scim.get("Groups", filter=f'members.value eq "{personas.bob.pk}"').document
    assert [g["id"] for g in by_member["Resources"]] == [group["id"]]
    slim = scim.get(f"Groups/{group['id']}", excludedAttributes="members").document
    assert "members" not in slim
    user = scim.get(f"Users/{personas.alice.pk}").document
    assert user["groups"][0]["value"] == group["id"]


def test_patch_members_add_remove_and_rename(scim, personas):
    group_id = scim.post("Groups", _group("Finance", personas.alice)).document["id"]
    url = f"Groups/{group_id}"

    scim.patch(url, op("Add", "members", [{"value": str(personas.bob.pk)}]))
    scim.patch(url, op("Remove", "members", [{"value": str(personas.alice.pk)}]))
    scim.patch(url, op("replace", "displayName", "Treasury"))
    after = scim.patch(url, op("remove", f'members[value eq "{personas.bob.pk}"]'))

    assert after.document["displayName"] == "Treasury"
    assert after.document["members"] == []
    assert Person.objects.get(pk=personas.bob.pk).department is None
    assert Person.objects.get(pk=personas.alice.pk).department is None


def test_put_sets_the_members_exactly(scim, personas):
    group_id = scim.post("Groups", _group("Finance", personas.alice)).document["id"]

    group = scim.put(f"Groups/{group_id}", _group("Finance", personas.bob)).document

    assert [m["value"] for m in group["members"]] == [str(personas.bob.pk)]
    assert Person.objects.get(pk=personas.alice.pk).department is None


def test_delete_removes_the_department_and_keeps_its_people(scim, personas):
    group_id = scim.post("Groups", _group("Finance", personas.alice)).document["id"]

    response = scim.delete(f"Groups/{group_id}")

    assert response.status_code == 204
    assert not Department.objects.filter(pk=group_id).exists()
    assert Person.objects.get(pk=personas.alice.pk).department is None
    assert_error(scim.get(f"Groups/{group_id}"), 404)


def test_group_errors(scim, personas):
    scim.post("Groups", _group("Finance"))

    assert_error(scim.post("Groups", _group("finance")), 409, "uniqueness")
    assert_error(scim.post("Groups", {"schemas": [GROUP]}), 400, "invalidValue")
    assert_error(
        scim.post("Groups", _group("Legal", personas.alice) | {"members": [{"value": "99999"}]}),
        400,
        "invalidValue",
    )
    assert_error(scim.get("Groups", filter='name eq "Finance"'), 400, "invalidFilter")
    assert_error(scim.get("Groups/424242"), 404)
