"""SCIM tokens: an operator creates one, sees it once and revokes it; every SCIM request
without a live token is refused with 401 in SCIM's error format."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.core.models import AuditEvent
from tandem.scim.models import ScimToken, hash_key
from tandem.scim.tests.client import ScimClient, assert_error

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "",
    "Users",
    "Users/1",
    "Groups",
    "Groups/1",
    "ServiceProviderConfig",
    "ResourceTypes",
    "ResourceTypes/User",
    "Schemas",
    "Widgets",
]


def test_operator_creates_a_token_sees_it_once_and_it_is_stored_hashed(personas):
    client = personas.client_for("superuser")

    created = client.post(reverse("scim:tokens"), {"name": "Microsoft Entra ID"}, follow=True)
    key = created.context["new_key"]
    again = client.get(reverse("scim:tokens"))

    assert key
    assert key in created.content.decode()
    assert key not in again.content.decode()
    assert "Microsoft Entra ID" in again.content.decode()
    token = ScimToken.objects.get()
    assert token.key_hash == hash_key(key)
    assert token.prefix == key[:8]
    assert ScimClient(key).get("ServiceProviderConfig").status_code == 200
    assert AuditEvent.objects.filter(action="scim.token_created", actor=personas.superuser).exists()


def test_a_revoked_token_provisions_nothing(personas):
    token, key = ScimToken.issue(name="Okta", created_by=personas.superuser)
    scim = ScimClient(key)
    assert scim.get("Users").status_code == 200

    personas.client_for("superuser").post(reverse("scim:token_revoke", args=[token.pk]))

    assert_error(scim.get("Users"), 401)
    assert AuditEvent.objects.filter(action="scim.token_revoked").count() == 1


def test_a_token_outlives_its_creator_s_operator_role(personas):
    _token, key = ScimToken.issue(name="Okta", created_by=personas.superuser)
    personas.superuser.is_superuser = False
    personas.superuser.save()

    assert ScimClient(key).get("Users").status_code == 200


@pytest.mark.parametrize("path", ENDPOINTS)
def test_no_token_wrong_token_or_a_session_gets_401_in_scim_format(personas, path):
    signed_in = ScimClient(None, client=personas.client_for("superuser"))
    for client in (ScimClient(None), ScimClient("not-a-token"), signed_in):
        response = client.get(path)
        assert_error(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert_error(ScimClient(None).send("DELETE", path), 401)


def test_a_personal_api_token_is_no_scim_token(personas):
    from tandem.accounts.models import PersonalToken

    _token, key = PersonalToken.issue(user=personas.superuser, name="api")

    assert_error(ScimClient(key).get("Users"), 401)


def test_refusals_are_audited(personas):
    ScimClient("guess").get("Users")

    assert AuditEvent.objects.filter(action="scim.refused", actor=None).count() == 1


def test_discovery_documents(personas):
    scim = ScimClient.for_operator(personas.superuser)

    config = scim.get("ServiceProviderConfig").document
    types = scim.get("ResourceTypes").document
    schemas = scim.get("Schemas").document
    enterprise = scim.get(
        "Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    ).document

    assert config["patch"]["supported"] is True
    assert config["filter"] == {"supported": True, "maxResults": 200}
    assert config["bulk"]["supported"] is False
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"
    assert [t["id"] for t in types["Resources"]] == ["User", "Group"]
    assert types["Resources"][0]["schemaExtensions"][0]["schema"].endswith("enterprise:2.0:User")
    assert len(schemas["Resources"]) == 3
    assert {a["name"] for a in enterprise["attributes"]} == {"department", "manager"}
    assert_error(scim.get("Schemas/urn:nothing"), 404)
    assert_error(scim.get("ResourceTypes/Widget"), 404)


def test_only_operators_reach_the_token_page(personas):
    for who in ("alice", "carol"):
        assert personas.client_for(who).get(reverse("scim:tokens")).status_code == 404
    page = personas.client_for("superuser").get(reverse("scim:tokens"))
    assert page.status_code == 200
    assert "/scim/v2" in page.content.decode()
