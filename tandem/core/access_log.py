"""gunicorn's access log, without the secrets some URLs carry.

A password-reset link holds its key in the path (/accounts/password/reset/key/<uid>-<key>/),
and the access log would keep it, readable by anyone with the logs, until the key expires.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

_SECRET_IN_URL = re.compile(r"(/password/reset/key/[0-9A-Za-z]+-)(?!set-password/)[^/\s?\"]+")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    return _SECRET_IN_URL.sub(rf"\g<1>{REDACTED}", text)


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }
