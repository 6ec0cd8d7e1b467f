"""SCIM documents Tandem writes: Users, Groups, list responses, errors and the discovery
resources (RFC 7643, RFC 7644). Each function takes what the selectors loaded and queries
nothing itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from tandem.people.models import Department, Person

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
SERVICE_PROVIDER_CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"

CONTENT_TYPE = "application/scim+json"
MAX_PAGE = 200

# Builds the absolute address of a resource from its kind ("Users", "Groups") and id.
Locate = Callable[[str, str], str]


def split_name(name: str) -> tuple[str, str]:
    """Tandem keeps one name; SCIM's given and family names are its first word and the rest."""
    given, _, family = name.strip().partition(" ")
    return given, family.strip()


def _meta(kind: str, obj: Any, locate: Locate, pk: str) -> dict[str, Any]:
    meta: dict[str, Any] = {"resourceType": kind[:-1], "location": locate(kind, pk)}
    if hasattr(obj, "created_at"):
        meta["created"] = obj.created_at.isoformat()
        meta["lastModified"] = obj.updated_at.isoformat()
    return meta


def user_resource(person: Person, locate: Locate) -> dict[str, Any]:
    """A person as a SCIM User with the enterprise extension. Expects `department`, `manager`
    and `provisioning` loaded with the person."""
    pk = str(person.pk)
    given, family = split_name(person.name)
    document: dict[str, Any] = {
        "schemas": [USER, ENTERPRISE],
        "id": pk,
        "userName": person.email,
        "name": {"formatted": person.name, "givenName": given, "familyName": family},
        "displayName": person.name,
        "active": person.left_at is None,
        "emails": [{"value": person.email, "type": "work", "primary": True}],
    }
    provisioning = getattr(person, "provisioning", None)
    if provisioning is not None and provisioning.external_id:
        document["externalId"] = provisioning.external_id
    if person.job_title:
        document["title"] = person.job_title
    enterprise: dict[str, Any] = {}
    if person.department is not None:
        document["groups"] = [
            {
                "value": str(person.department_id),
                "display": person.department.name,
                "$ref": locate("Groups", str(person.department_id)),
                "type": "direct",
            }
        ]
        enterprise["department"] = person.department.name
    if person.manager is not None:
        enterprise["manager"] = {
            "value": str(person.manager_id),
            "displayName": person.manager.name,
            "$ref": locate("Users", str(person.manager_id)),
        }
    if enterprise:
        document[ENTERPRISE] = enterprise
    document["meta"] = _meta("Users", person, locate, pk)
    return document


def group_resource(
    department: Department, members: Sequence[Person] | None, locate: Locate
) -> dict[str, Any]:
    """A department as a SCIM Group; `members` None leaves them out (excludedAttributes)."""
    pk = str(department.pk)
    document: dict[str, Any] = {"schemas": [GROUP], "id": pk, "displayName": department.name}
    provisioning = getattr(department, "provisioning", None)
    if provisioning is not None and provisioning.external_id:
        document["externalId"] = provisioning.external_id
    if members is not None:
        document["members"] = [
            {
                "value": str(member.pk),
                "display": member.name,
                "$ref": locate("Users", str(member.pk)),
                "type": "User",
            }
            for member in members
        ]
    document["meta"] = _meta("Groups", department, locate, pk)
    return document


def list_response(resources: Iterable[dict[str, Any]], *, total: int, start: int) -> dict[str, Any]:
    listed = list(resources)
    return {
        "schemas": [LIST_RESPONSE],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": len(listed),
        "Resources": listed,
    }


def error(status: int, detail: str, scim_type: str = "") -> dict[str, Any]:
    document: dict[str, Any] = {"schemas": [ERROR], "status": str(status), "detail": detail}
    if scim_type:
        document["scimType"] = scim_type
    return document


def service_provider_config(locate: Locate, documentation: str) -> dict[str, Any]:
    return {
        "schemas": [SERVICE_PROVIDER_CONFIG],
        "documentationUri": documentation,
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_PAGE},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A SCIM token an operator creates on Tandem's Provisioning "
                "page, sent as `Authorization: Bearer <token>`.",
                "specUri": "https://www.rfc-editor.org/rfc/rfc6750",
                "documentationUri": documentation,
                "primary": True,
            }
        ],
        "meta": {"resourceType": "ServiceProviderConfig", "location": locate("", "")},
    }


def resource_types(locate: Locate) -> list[dict[str, Any]]:
    return [
        {
            "schemas": [RESOURCE_TYPE],
            "id": "User",
            "name": "User",
            "endpoint": "/Users",
            "description": "A person in the organisation",
            "schema": USER,
            "schemaExtensions": [{"schema": ENTERPRISE, "required": False}],
            "meta": {"resourceType": "ResourceType", "location": locate("ResourceTypes", "User")},
        },
        {
            "schemas": [RESOURCE_TYPE],
            "id": "Group",
            "name": "Group",
            "endpoint": "/Groups",
            "description": "A department",
            "schema": GROUP,
            "meta": {"resourceType": "ResourceType", "location": locate("ResourceTypes", "Group")},
        },
    ]


def _attribute(
    name: str,
    *,
    kind: str = "string",
    required: bool = False,
    mutability: str = "readWrite",
    multi: bool = False,
    unique: str = "none",
    case_exact: bool = False,
    sub: list[dict[str, Any]] | None = None,
    description: str = "",
) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "name": name,
        "type": kind,
        "multiValued": multi,
        "description": description,
        "required": required,
        "caseExact": case_exact,
        "mutability": mutability,
        "returned": "default",
        "uniqueness": unique,
    }
    if sub is not None:
        attribute["subAttributes"] = sub
    return attribute


def schemas(locate: Locate) -> list[dict[str, Any]]:
    """What Tandem stores of each resource: the attributes it reads and returns."""

    def schema(urn: str, name: str, description: str, attributes: list[dict[str, Any]]) -> dict:
        return {
            "schemas": [SCHEMA],
            "id": urn,
            "name": name,
            "description": description,
            "attributes": attributes,
            "meta": {"resourceType": "Schema", "location": locate("Schemas", urn)},
        }

    reference = [
        _attribute("value", description="The SCIM id of the resource"),
        _attribute("display", mutability="readOnly"),
        _attribute("$ref", kind="reference", mutability="readOnly"),
    ]
    return [
        schema(
            USER,
            "User",
            "A person in the organisation",
            [
                _attribute(
                    "userName",
                    required=True,
                    unique="server",
                    description="The person's work email address",
                ),
                _attribute(
                    "name",
                    kind="complex",
                    sub=[
                        _attribute("formatted"),
                        _attribute("givenName"),
                        _attribute("familyName"),
                    ],
                ),
                _attribute("displayName"),
                _attribute("title"),
                _attribute("active", kind="boolean"),
                _attribute(
                    "emails",
                    kind="complex",
                    multi=True,
                    sub=[_attribute("value"), _attribute("type"), _attribute("primary")],
                ),
                _attribute("groups", kind="complex", multi=True, mutability="readOnly"),
            ],
        ),
        schema(
            ENTERPRISE,
            "EnterpriseUser",
            "The person's department and manager",
            [
                _attribute("department"),
                _attribute("manager", kind="complex", sub=reference),
            ],
        ),
        schema(
            GROUP,
            "Group",
            "A department",
            [
                _attribute("displayName", required=True, unique="server"),
                _attribute("members", kind="complex", multi=True, sub=reference),
            ],
        ),
    ]
