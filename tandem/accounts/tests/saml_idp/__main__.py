"""Serve the test identity provider: `python -m tandem.accounts.tests.saml_idp DIR PORT`."""

from __future__ import annotations

import sys
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

from tandem.accounts.tests.saml_idp.app import IdentityProvider


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def main() -> None:
    directory, port = Path(sys.argv[1]), int(sys.argv[2])
    app = IdentityProvider(directory, f"http://127.0.0.1:{port}")
    with make_server("127.0.0.1", port, app, handler_class=_QuietHandler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
