from typing import Any

from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
