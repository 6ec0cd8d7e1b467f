"""The test SAML identity provider (saml_idp/) in a process of its own, and a browser that
signs in through it.

Tandem is driven with Django's test client, the identity provider with `requests`: the
browser's two halves. Tandem reads the identity provider's metadata over HTTP, as in
production; the identity provider reads Tandem's from a file the test writes, as an
administrator uploads it.
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.test import Client
from django.urls import reverse

from tandem.accounts.tests.oidc import _free_port, _wait_until_serving, onward
from tandem.env import saml_providers

IDP_ID = "test-idp"
IDP_NAME = "Test IdP"

# The names Microsoft Entra ID sends by default, and those it is told to add.
ENTRA = {
    "email": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "name": "http://schemas.microsoft.com/identity/claims/displayname",
    "first_name": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
    "last_name": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
    "department": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/department",
    "job_title": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/jobtitle",
    "manager_email": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/manager_email",
}


def _key_and_certificate(common_name: str) -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    return (
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        ),
        certificate.public_bytes(serialization.Encoding.PEM),
    )


@dataclass
class SamlIdp:
    url: str
    directory: Path

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/metadata"

    def sign_in_as(
        self,
        name_id: str,
        attributes: dict[str, str],
        *,
        sign_with: str = "idp",
        lifetime_minutes: int = 5,
    ) -> None:
        """Whom the identity provider signs in next, and what it says about them."""
        (self.directory / "person.json").write_text(
            json.dumps(
                {
                    "name_id": name_id,
                    "attributes": {name: [value] for name, value in attributes.items()},
                    "sign_with": sign_with,
                    "lifetime_minutes": lifetime_minutes,
                }
            )
        )

    def trust(self, name: str, sp_metadata: bytes) -> None:
        """Register a service provider by its metadata, as an administrator uploads it."""
        (self.directory / "sp" / f"{name}.xml").write_bytes(sp_metadata)

    def env(self, **extra: str) -> dict[str, str]:
        prefix = f"SAML_{IDP_ID.upper().replace('-', '_')}_"
        return {
            "SAML_PROVIDERS": IDP_ID,
            f"{prefix}METADATA_URL": self.metadata_url,
            f"{prefix}NAME": IDP_NAME,
            **{f"{prefix}{key}": value for key, value in extra.items()},
        }

    def tandem_settings(self, **extra: str) -> dict[str, dict[str, object]]:
        """SOCIALACCOUNT_PROVIDERS as Tandem builds it from the environment for this IdP."""
        return saml_providers(self.env(**extra))


@contextmanager
def running_idp(directory: Path) -> Iterator[SamlIdp]:
    """Make the identity provider's key and a rogue one, serve it; then stop it."""
    for key in ("idp", "rogue"):
        private, certificate = _key_and_certificate(f"{key}.test-idp.invalid")
        (directory / f"{key}_key.pem").write_bytes(private)
        (directory / f"{key}_cert.pem").write_bytes(certificate)
    (directory / "sp").mkdir()
    port = _free_port()
    idp = SamlIdp(url=f"http://127.0.0.1:{port}", directory=directory)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "PYTEST"))}
    log = (directory / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "tandem.accounts.tests.saml_idp", str(directory), str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_serving(idp.metadata_url, server)
        yield idp
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def browser() -> Client:
    """A browser at http://localhost: python3-saml refuses the test client's single-label
    host name (`testserver`) in the addresses it builds, as it would a production one."""
    return Client(HTTP_HOST="localhost")


def metadata_path() -> str:
    return reverse("saml_metadata", kwargs={"organization_slug": IDP_ID})


def start_sign_in(client: Client) -> str:
    """Press "Sign in with Test IdP" at Tandem: where it sends the browser, with its request."""
    return onward(client.post(reverse("saml_login", kwargs={"organization_slug": IDP_ID})))


@dataclass(frozen=True)
class IdpAnswer:
    """The page the identity provider answers with: a form that posts itself to Tandem."""

    action: str
    saml_response: str
    relay_state: str

    def xml(self) -> str:
        return base64.b64decode(self.saml_response).decode()

    def with_xml(self, xml: str) -> IdpAnswer:
        encoded = base64.b64encode(xml.encode()).decode()
        return IdpAnswer(self.action, encoded, self.relay_state)


def sign_in_at_idp(location: str) -> IdpAnswer:
    page = requests.get(location, timeout=10)
    assert page.status_code == 200, page.text
    action = re.search(r'<form action="([^"]+)"', page.text)
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
    assert action, page.text
    assert "SAMLResponse" in fields, page.text
    return IdpAnswer(
        action=unescape(action.group(1)),
        saml_response=unescape(fields["SAMLResponse"]),
        relay_state=unescape(fields.get("RelayState", "")),
    )


def post_to_tandem(client: Client, answer: IdpAnswer) -> Any:
    """The browser posts the identity provider's form to Tandem and follows Tandem's redirect
    to where it finishes the sign-in; Tandem's answer there."""
    path = urlsplit(answer.action).path
    received = client.post(
        path, {"SAMLResponse": answer.saml_response, "RelayState": answer.relay_state}
    )
    assert received.status_code == 302, received
    return client.get(received["Location"])


def sign_in(client: Client) -> tuple[IdpAnswer, Any]:
    """The whole round trip; the identity provider's answer and Tandem's to it."""
    answer = sign_in_at_idp(start_sign_in(client))
    return answer, post_to_tandem(client, answer)
