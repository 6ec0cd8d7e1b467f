"""The provider's sign-in page, its claims, and a key set a test can falsify."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from jwcrypto import jwk
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views import JwksInfoView


def _directory() -> dict[str, Any]:
    path = settings.DATA_DIR / "people.json"
    return json.loads(path.read_text()) if path.exists() else {"people": {}}


@csrf_exempt
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse('<form method="post"><input name="username"></form>')
    username = request.POST.get("username", "")
    entry = _directory()["people"].get(username)
    if entry is None or entry["password"] != request.POST.get("password"):
        return HttpResponse("Wrong username or password.", status=401)
    user, _ = User.objects.get_or_create(username=username)
    login(request, user)
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return HttpResponseRedirect(next_url)


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "department": "profile",
        "job_title": "profile",
        "manager_email": "profile",
    }

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        entry = _directory()["people"][request.user.username]
        return dict(entry["claims"])


def jwks(request: HttpRequest) -> HttpResponse:
    if not _directory().get("publish_wrong_key"):
        return JwksInfoView.as_view()(request)
    signing = jwk.JWK.from_pem(settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"].encode())
    other = jwk.JWK.from_pem((settings.DATA_DIR / "other_key.pem").read_bytes())
    data = {"alg": "RS256", "use": "sig", "kid": signing.thumbprint()}
    data.update(json.loads(other.export_public()))
    return JsonResponse({"keys": [data]})
