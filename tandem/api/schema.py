"""OpenAPI post-processing: the error answers every operation can give, documented once."""

from __future__ import annotations

from typing import Any

ERRORS = {
    "400": ("The request is invalid: errors by field, or a `detail`.", "ValidationErrors"),
    "401": (
        "No valid credentials: sign in or send `Authorization: Token <key>`; an expired or "
        "revoked token says so.",
        "ErrorDetail",
    ),
    "403": (
        "Signed in, but refused: a missing CSRF token, or a read-only token asked to change "
        "something.",
        "ErrorDetail",
    ),
    "404": ("Nothing here that you may see.", "ErrorDetail"),
}


def document_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorDetail"] = {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    }
    schemas["ValidationErrors"] = {
        "type": "object",
        "description": "Field names (or `non_field_errors`, `detail`) with their messages.",
        "additionalProperties": {},
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, (description, component) in ERRORS.items():
                schema = {"$ref": f"#/components/schemas/{component}"}
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": schema}},
                    },
                )
    return result
