"""SAML 2.0 sign-in (docs/identity.md): the identity provider's answer checked, used once, and
turned into a sign-in through the same allauth flow as OpenID Connect.

allauth's SAML provider does the protocol with python3-saml: the request, the metadata, and
every check of the response (the signature against the certificate in the identity provider's
metadata, the validity period, the audience, the destination, the issuer). Tandem adds what
it leaves out: a response is refused the second time it is posted
(`services.saml_assertion_claim`), and each refusal tells the person why in words instead of
an error page, and is recorded in the audit log.
"""

from __future__ import annotations

import binascii
import logging
from collections.abc import Mapping
from typing import Any

from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from allauth.socialaccount.providers.saml.utils import build_saml_config, prepare_django_request
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.errors import OneLogin_Saml2_Error, OneLogin_Saml2_ValidationError

from tandem.accounts.services import AccountError, saml_assertion_claim

logger = logging.getLogger("tandem.accounts")

Error = OneLogin_Saml2_ValidationError


class SamlRefusal(AccountError):
    """A sign-in refused; `reason` names why in the audit log (a state, never free text)."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


# The checks python3-saml makes, grouped by what the person can do about them.
_SIGNATURE = {
    Error.INVALID_SIGNATURE,
    Error.NO_SIGNATURE_FOUND,
    Error.NO_SIGNED_ASSERTION,
    Error.NO_SIGNED_MESSAGE,
    Error.WRONG_SIGNED_ELEMENT,
    Error.ID_NOT_FOUND_IN_SIGNED_ELEMENT,
    Error.DUPLICATED_ID_IN_SIGNED_ELEMENTS,
    Error.INVALID_SIGNED_ELEMENT,
    Error.DUPLICATED_REFERENCE_IN_SIGNED_ELEMENTS,
    Error.UNEXPECTED_SIGNED_ELEMENTS,
    Error.WRONG_NUMBER_OF_SIGNATURES_IN_RESPONSE,
    Error.WRONG_NUMBER_OF_SIGNATURES_IN_ASSERTION,
    Error.WRONG_NUMBER_OF_SIGNATURES,
    Error.DEPRECATED_SIGNATURE_METHOD,
    Error.DEPRECATED_DIGEST_METHOD,
}
_EXPIRED = {Error.ASSERTION_EXPIRED, Error.RESPONSE_EXPIRED, Error.SESSION_EXPIRED}
_MISDIRECTED = {
    Error.WRONG_AUDIENCE,
    Error.WRONG_DESTINATION,
    Error.EMPTY_DESTINATION,
    Error.WRONG_ISSUER,
    Error.ISSUER_MULTIPLE_IN_RESPONSE,
    Error.ISSUER_NOT_FOUND_IN_ASSERTION,
}


def _refusal(code: int, idp: str) -> SamlRefusal:
    if code in _SIGNATURE:
        return SamlRefusal(
            _(
                "Tandem refused the answer from %(idp)s: its signature does not match %(idp)s's "
                "certificate, so it cannot be trusted and nobody was signed in. If this keeps "
                "happening, tell the person who runs Tandem for your organisation."
            )
            % {"idp": idp},
            reason="signature",
        )
    if code in _EXPIRED:
        return SamlRefusal(
            _("The answer from %(idp)s has expired, so nobody was signed in. Sign in again.")
            % {"idp": idp},
            reason="expired",
        )
    if code == Error.WRONG_SUBJECTCONFIRMATION:
        # The bearer's own validity ran out, or the answer was addressed to another address.
        return SamlRefusal(
            _(
                "The answer from %(idp)s has expired or was sent to another address, so nobody "
                "was signed in. Sign in again."
            )
            % {"idp": idp},
            reason="expired",
        )
    if code == Error.ASSERTION_TOO_EARLY:
        return SamlRefusal(
            _(
                "The answer from %(idp)s is not valid yet: the clocks of %(idp)s and Tandem "
                "disagree. Tell the person who runs Tandem for your organisation."
            )
            % {"idp": idp},
            reason="too_early",
        )
    if code == Error.STATUS_CODE_IS_NOT_SUCCESS:
        return SamlRefusal(
            _("%(idp)s did not sign you in. Sign in again.") % {"idp": idp}, reason="not_signed_in"
        )
    if code in _MISDIRECTED:
        return SamlRefusal(
            _(
                "The answer from %(idp)s was meant for another service, so Tandem refused it. "
                "Tell the person who runs Tandem for your organisation: the settings of Tandem "
                "and %(idp)s do not match."
            )
            % {"idp": idp},
            reason="misdirected",
        )
    return _unreadable(idp)


def _unreadable(idp: str) -> SamlRefusal:
    return SamlRefusal(
        _(
            "Tandem could not use the answer from %(idp)s, so nobody was signed in. Sign in "
            "again; if this keeps happening, tell the person who runs Tandem for your "
            "organisation."
        )
        % {"idp": idp},
        reason="invalid",
    )


def saml_config(request: HttpRequest, provider: SAMLProvider) -> dict[str, Any]:
    """python3-saml's settings for this identity provider: its metadata, read (and cached) by
    allauth from its address or file; a refusal when it cannot be read."""
    try:
        return build_saml_config(request, provider.app.settings, provider.app.client_id)
    except Exception as exc:  # python3-saml raises bare exceptions for unreadable metadata
        logger.warning("SAML: the metadata of %s could not be read: %s", provider.sub_id, exc)
        raise SamlRefusal(
            _(
                "Tandem could not reach %(idp)s to sign you in. Try again in a few minutes; if "
                "this keeps happening, tell the person who runs Tandem for your organisation."
            )
            % {"idp": provider.name},
            reason="metadata",
        ) from exc


def checked_response(
    request: HttpRequest, acs_request: HttpRequest, provider: SAMLProvider
) -> OneLogin_Saml2_Auth:
    """The identity provider's response as posted to the assertion consumer service, checked
    by python3-saml and claimed so that it signs in once; a refusal otherwise."""
    request_data = prepare_django_request(acs_request)
    auth = OneLogin_Saml2_Auth(request_data, saml_config(request, provider))
    encoded = acs_request.POST.get("SAMLResponse", "")
    if not encoded:
        raise _unreadable(provider.name)
    try:
        response = auth.response_class(auth.get_settings(), encoded)
        # InResponseTo is matched against the sign-in this browser started, afterwards.
        response.is_valid(request_data, raise_exceptions=True)
    except OneLogin_Saml2_ValidationError as exc:
        logger.info("SAML: response from %s refused: %s", provider.sub_id, exc)
        raise _refusal(exc.code, provider.name) from exc
    except (OneLogin_Saml2_Error, binascii.Error, ValueError) as exc:
        logger.info("SAML: unreadable response from %s: %s", provider.sub_id, exc)
        raise _unreadable(provider.name) from exc
    auth.store_valid_response(response)
    if not saml_assertion_claim(
        provider=provider.sub_id,
        assertion_id=auth.get_last_assertion_id(),
        not_on_or_after=auth.get_last_assertion_not_on_or_after(),
    ):
        raise SamlRefusal(
            _(
                "This answer from %(idp)s was already used to sign in, so Tandem refused it. "
                "Sign in again."
            )
            % {"idp": provider.name},
            reason="replayed",
        )
    return auth


def sociallogin(
    request: HttpRequest, provider: SAMLProvider, auth: OneLogin_Saml2_Auth
) -> SocialLogin:
    """allauth's sign-in for a checked response, bound to the sign-in this browser started:
    the response's InResponseTo names the request Tandem sent, whose state waits in this
    browser's session (for ten minutes, once)."""
    try:
        login = provider.sociallogin_from_response(request, auth)
    except ValueError as exc:
        raise SamlRefusal(
            _(
                "%(idp)s did not say who you are, so Tandem could not sign you in. Tell the "
                "person who runs Tandem for your organisation."
            )
            % {"idp": provider.name},
            reason="no_subject",
        ) from exc
    request_id = auth.get_last_response_in_response_to()
    if not request_id:
        raise SamlRefusal(
            _(
                "Start from Tandem's sign-in page and choose %(idp)s there: Tandem only accepts "
                "sign-ins it started."
            )
            % {"idp": provider.name},
            reason="unsolicited",
        )
    try:
        login.state = provider.unstash_redirect_state(request, request_id)
    except PermissionDenied as exc:
        raise SamlRefusal(
            _(
                "This sign-in was started in another browser or too long ago, so Tandem refused "
                "it. Sign in again."
            ),
            reason="not_started_here",
        ) from exc
    return login


def claims(sociallogin: SocialLogin) -> dict[str, Any]:
    """What the assertion said about the person, under the names OpenID Connect gives the same
    claims (`email`, `name`, `department`, `job_title`, `manager_email`), read through the
    identity provider's attribute names (SAML_<ID>_ATTRIBUTE_…)."""
    attributes: Mapping[str, Any] = sociallogin.account.extra_data or {}
    provider = sociallogin.provider
    mapping: Mapping[str, Any] = provider.app.settings.get("attribute_mapping", {})
    found: dict[str, str] = {}
    for field, names in mapping.items():
        for name in [names] if isinstance(names, str) else names:
            values = attributes.get(name)
            if values:
                found[field] = str(values[0] if isinstance(values, list) else values)
                break
    if "name" not in found and ("first_name" in found or "last_name" in found):
        found["name"] = " ".join(
            part for part in (found.get("first_name"), found.get("last_name")) if part
        )
    return found
