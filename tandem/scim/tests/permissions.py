"""The SCIM endpoints answer 401 to every persona: only an identity provider's SCIM token
opens them, never a session, whoever it belongs to (the operator included). The token page is
the operator's alone."""

import json

from tandem.core.testing.permissions import (
    INVALID,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHENTICATED,
    Case,
    everyone,
    signed_in,
)
from tandem.scim.models import ScimToken

ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
NOBODY = everyone(UNAUTHENTICATED, superuser=UNAUTHENTICATED)
OPERATOR_ONLY = signed_in(NOT_FOUND, superuser=OK)


def _token(p):
    token, _ = ScimToken.issue(name="Entra", created_by=p.superuser)
    return {"token_id": token.pk}


def _alice(p):
    return {"scim_id": str(p.alice.pk)}


def _department(p):
    from tandem.people.tests.factories import DepartmentFactory

    return {"scim_id": str(DepartmentFactory().pk)}


def _refused_in_scim_format(p, who, response):
    document = json.loads(response.content)
    assert document["schemas"] == [ERROR]
    assert document["status"] == "401"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "alice@example.org" not in response.content.decode()


def _scim(target, method="get", kwargs=lambda p: {}):
    return Case(target, NOBODY, method=method, kwargs=kwargs, check=_refused_in_scim_format)


CASES = [
    Case("scim:tokens", OPERATOR_ONLY),
    Case(
        "scim:tokens",
        signed_in(NOT_FOUND, superuser=REDIRECT),
        method="post",
        data=lambda p: {"name": "Okta"},
    ),
    Case("scim:tokens", signed_in(NOT_FOUND, superuser=INVALID), method="post", label="no name"),
    Case(
        "scim:token_revoke",
        signed_in(NOT_FOUND, superuser=REDIRECT),
        method="post",
        kwargs=_token,
    ),
    _scim("scim:root"),
    _scim("scim:users"),
    _scim("scim:users", "post"),
    _scim("scim:user", kwargs=_alice),
    _scim("scim:user", "put", _alice),
    _scim("scim:user", "patch", _alice),
    _scim("scim:user", "delete", _alice),
    _scim("scim:groups"),
    _scim("scim:groups", "post"),
    _scim("scim:group", kwargs=_department),
    _scim("scim:group", "put", _department),
    _scim("scim:group", "patch", _department),
    _scim("scim:group", "delete", _department),
    _scim("scim:service_provider_config"),
    _scim("scim:resource_types"),
    _scim("scim:resource_type", kwargs=lambda p: {"name": "User"}),
    _scim("scim:schemas"),
    _scim("scim:schema", kwargs=lambda p: {"urn": "urn:ietf:params:scim:schemas:core:2.0:User"}),
]
