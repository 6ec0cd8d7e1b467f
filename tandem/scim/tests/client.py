"""A SCIM client, as an identity provider is one: the request shapes of RFC 7644 sent to
Tandem's own server through Django's test client, with a bearer token."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from tandem.accounts.models import User
from tandem.scim.models import ScimToken

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
BASE = "/scim/v2"


class ScimClient:
    def __init__(self, key: str | None, *, client: Client | None = None) -> None:
        self.client = client or Client()
        self.key = key

    @classmethod
    def for_operator(cls, operator: User) -> ScimClient:
        _token, key = ScimToken.issue(name="Entra", created_by=operator)
        return cls(key)

    def _headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.key}"} if self.key else {}

    def send(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        url = path if path.startswith("/") else f"{BASE}/{path}"
        if method == "GET":
            response = self.client.get(url, params, **self._headers())
        else:
            response = self.client.generic(
                method,
                url,
                "" if body is None else json.dumps(body),
                content_type="application/scim+json",
                **self._headers(),
            )
        if response.content:
            assert response["Content-Type"].startswith("application/scim+json"), response
            response.document = json.loads(response.content)
        return response

    def get(self, path: str, **params: Any) -> Any:
        return self.send("GET", path, **params)

    def post(self, path: str, body: Any) -> Any:
        return self.send("POST", path, body)

    def put(self, path: str, body: Any) -> Any:
        return self.send("PUT", path, body)

    def patch(self, path: str, *operations: dict[str, Any]) -> Any:
        return self.send("PATCH", path, {"schemas": [PATCH_OP], "Operations": list(operations)})

    def delete(self, path: str) -> Any:
        return self.send("DELETE", path)

    def find(self, filter: str, **params: Any) -> list[dict[str, Any]]:
        response = self.get("Users", filter=filter, **params)
        assert response.status_code == 200, response.document
        return response.document["Resources"]


def user_body(
    email: str,
    name: str = "Nadia Newcomer",
    *,
    title: str = "Analyst",
    department: str | None = "Finance",
    manager: str | None = None,
    external_id: str = "entra-0001",
    active: bool = True,
) -> dict[str, Any]:
    """A User as Microsoft Entra ID and Okta send it on create."""
    given, _, family = name.partition(" ")
    enterprise: dict[str, Any] = {}
    if department is not None:
        enterprise["department"] = department
    if manager is not None:
        enterprise["manager"] = {"value": manager}
    return {
        "schemas": [USER, ENTERPRISE],
        "externalId": external_id,
        "userName": email,
        "active": active,
        "displayName": name,
        "name": {"givenName": given, "familyName": family, "formatted": name},
        "title": title,
        "emails": [{"primary": True, "type": "work", "value": email}],
        "locale": "en-GB",
        ENTERPRISE: enterprise,
    }


def op(kind: str, path: str | None = None, value: Any = None) -> dict[str, Any]:
    operation: dict[str, Any] = {"op": kind}
    if path is not None:
        operation["path"] = path
    if value is not None or kind != "remove":
        operation["value"] = value
    return operation


def assert_error(response: Any, status: int, scim_type: str = "") -> None:
    assert response.status_code == status, response.document
    document = response.document
    assert document["schemas"] == [ERROR]
    assert document["status"] == str(status)
    assert document["detail"]
    if scim_type:
        assert document["scimType"] == scim_type
