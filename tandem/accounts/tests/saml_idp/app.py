"""The identity provider's WSGI app (see the package's docstring)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_EMAILADDRESS, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

AUTHN = {"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"}
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class IdentityProvider:
    def __init__(self, directory: Path, base_url: str) -> None:
        self.directory = directory
        self.base_url = base_url
        self.xmlsec = shutil.which("xmlsec1")
        if self.xmlsec is None:
            raise SystemExit("The test identity provider signs with xmlsec1 (Debian's xmlsec1).")

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/metadata":
            metadata = create_metadata_string(None, config=self._config("idp"), valid=24)
            start_response("200 OK", [("Content-Type", "application/samlmetadata+xml")])
            return [metadata]
        if path == "/sso/redirect":
            return self._single_sign_on(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not here"]

    def _single_sign_on(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        query = parse_qs(environ.get("QUERY_STRING", ""))
        person = json.loads((self.directory / "person.json").read_text())
        server = Server(config=self._config(person.get("sign_with", "idp"), person))
        request = server.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        args = server.response_args(request.message, [BINDING_HTTP_POST])
        args.pop("binding", None)
        name_id = NameID(
            format=person.get("name_id_format", NAMEID_FORMAT_PERSISTENT),
            text=person["name_id"],
        )
        response = server.create_authn_response(
            identity=person["attributes"],
            name_id=name_id,
            authn=AUTHN,
            sign_assertion=True,
            sign_response=False,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
            **args,
        )
        http = server.apply_binding(
            BINDING_HTTP_POST,
            str(response),
            args["destination"],
            query.get("RelayState", [""])[0],
            response=True,
        )
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [http["data"].encode()]

    def _config(self, key: str, person: dict[str, Any] | None = None) -> IdPConfig:
        lifetime = (person or {}).get("lifetime_minutes", 5)
        config = IdPConfig()
        config.load(
            {
                "entityid": f"{self.base_url}/metadata",
                "service": {
                    "idp": {
                        "name": "Tandem's test identity provider",
                        "endpoints": {
                            "single_sign_on_service": [
                                (f"{self.base_url}/sso/redirect", BINDING_HTTP_REDIRECT)
                            ],
                        },
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": lifetime},
                                "attribute_restrictions": None,
                                "name_form": NAME_FORMAT_URI,
                            },
                        },
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_EMAILADDRESS],
                        "want_authn_requests_signed": False,
                    },
                },
                # What signs; the metadata always publishes the identity provider's own
                # certificate (the "idp" configuration).
                "key_file": str(self.directory / f"{key}_key.pem"),
                "cert_file": str(self.directory / f"{key}_cert.pem"),
                "xmlsec_binary": self.xmlsec,
                "metadata": {
                    "local": sorted(str(p) for p in (self.directory / "sp").glob("*.xml"))
                },
                "signing_algorithm": SIG_RSA_SHA256,
                "digest_algorithm": DIGEST_SHA256,
            }
        )
        return config
