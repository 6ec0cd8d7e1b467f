"""The test OpenID Connect provider (oidc_provider/) in a process of its own, and a browser
that signs in through it.

Tandem is driven with Django's test client, the provider with `requests`: the browser's two
halves. Tandem itself calls the provider's discovery, token, key-set and userinfo endpoints
over HTTP, as in production.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse

from tandem.env import oidc_providers

PROVIDER_ID = "sso"
CALLBACK = f"http://testserver/accounts/oidc/{PROVIDER_ID}/login/callback/"
PASSWORD = "provider-password"


def _private_key_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class OidcProvider:
    url: str
    directory: Path
    client_id: str
    client_secret: str

    def _write(self, **changes: Any) -> None:
        path = self.directory / "people.json"
        data = json.loads(path.read_text()) if path.exists() else {"people": {}}
        data.update(changes)
        path.write_text(json.dumps(data))

    def add_person(self, username: str, **claims: Any) -> None:
        """Someone who can sign in at the provider, and the claims it will send about them."""
        path = self.directory / "people.json"
        people = json.loads(path.read_text())["people"] if path.exists() else {}
        people[username] = {"password": PASSWORD, "claims": claims}
        self._write(people=people)

    def publish_wrong_key(self, wrong: bool) -> None:
        self._write(publish_wrong_key=wrong)

    def tandem_settings(self, **env: str) -> dict[str, dict[str, object]]:
        """SOCIALACCOUNT_PROVIDERS as Tandem builds it from the environment for this provider."""
        return oidc_providers(
            {
                "OIDC_SERVER_URL": f"{self.url}/o",
                "OIDC_CLIENT_ID": self.client_id,
                "OIDC_CLIENT_SECRET": self.client_secret,
                "OIDC_PROVIDER_ID": PROVIDER_ID,
                "OIDC_NAME": "Test provider",
                **env,
            }
        )


@contextmanager
def running_provider(directory: Path) -> Iterator[OidcProvider]:
    """Migrate a fresh provider database, register Tandem as its client, serve it; then stop."""
    (directory / "signing_key.pem").write_bytes(_private_key_pem())
    (directory / "other_key.pem").write_bytes(_private_key_pem())
    port = _free_port()
    provider = OidcProvider(
        url=f"http://127.0.0.1:{port}",
        directory=directory,
        client_id="tandem-test-client",
        client_secret="tandem-test-secret",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tandem.accounts.tests.oidc_provider.settings",
        OIDC_PROVIDER_DIR=str(directory),
        OIDC_PROVIDER_CLIENT=json.dumps(
            {
                "client_id": provider.client_id,
                "client_secret": provider.client_secret,
                "redirect_uris": [CALLBACK],
            }
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "tandem.accounts.tests.oidc_provider.setup"],
        env=env,
        check=True,
        timeout=120,
    )
    log = (directory / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "django",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--skip-checks",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_serving(f"{provider.url}/o/.well-known/openid-configuration", server)
        yield provider
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _wait_until_serving(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the test provider stopped with exit code {server.returncode}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"the test provider did not answer at {url}")


def onward(response: Any) -> str:
    """Where the page Tandem answers a "Sign in with …" button with carries the browser on."""
    assert response.status_code == 200, response
    page = response.content.decode()
    link = re.search(r'<a class="button" id="onward" href="([^"]+)"', page)
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)"', page)
    assert link, page
    assert refresh, page
    assert link.group(1) == refresh.group(1)
    return unescape(link.group(1))


def start_sign_in(client: Client) -> str:
    """Press "Sign in with …" at Tandem: the provider's authorize address it sends to."""
    return onward(client.post(reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})))


def sign_in_at_provider(authorize_url: str, username: str) -> str:
    """Sign in at the provider's own page: the callback address it sends the browser back to."""
    browser = requests.Session()
    to_login = browser.get(authorize_url, allow_redirects=False, timeout=10)
    assert to_login.status_code == 302, to_login.text
    login_url = urljoin(authorize_url, to_login.headers["Location"])
    next_url = parse_qs(urlsplit(login_url).query)["next"][0]
    signed_in = browser.post(
        login_url.split("?")[0],
        data={"username": username, "password": PASSWORD, "next": next_url},
        allow_redirects=False,
        timeout=10,
    )
    assert signed_in.status_code == 302, signed_in.text
    authorized = browser.get(
        urljoin(authorize_url, signed_in.headers["Location"]), allow_redirects=False, timeout=10
    )
    assert authorized.status_code == 302, authorized.text
    callback = str(authorized.headers["Location"])
    assert callback.startswith(CALLBACK), callback
    return callback


def sign_in(client: Client, username: str) -> tuple[str, Any]:
    """The whole round trip; the callback address and Tandem's answer to it."""
    callback = sign_in_at_provider(start_sign_in(client), username)
    return callback, client.get(callback)


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(changes)
    return parts._replace(query=urlencode(query)).geturl()
