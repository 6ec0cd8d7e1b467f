from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tandem.accounts.access import is_operator


def roles(request: HttpRequest) -> dict[str, Any]:
    """Whether to show the operator's navigation; the rule itself lives in access.py."""
    return {"is_operator": is_operator(request.user)}
