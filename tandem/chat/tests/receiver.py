"""A local incoming-webhook endpoint for tests: a real HTTP server on 127.0.0.1 that records
each POST and answers with the statuses it is told to, in turn."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Receiver:
    url: str
    # Statuses to answer with, first to last; once used up, every request gets 200.
    statuses: list[int] = field(default_factory=list)
    retry_after: str = ""
    posts: list[dict[str, Any]] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)

    @property
    def delivered(self) -> list[dict[str, Any]]:
        return [
            post for post, status in zip(self.posts, self.answered, strict=False) if status < 300
        ]


@contextmanager
def running_receiver(path: str = "/services/T000/B000/secret") -> Iterator[Receiver]:
    holder: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            receiver = holder["receiver"]
            length = int(self.headers.get("Content-Length", "0"))
            receiver.posts.append(json.loads(self.rfile.read(length) or b"{}"))
            status = receiver.statuses.pop(0) if receiver.statuses else 200
            receiver.answered.append(status)
            self.send_response(status)
            if status == 429 and receiver.retry_after:
                self.send_header("Retry-After", receiver.retry_after)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok" if status < 300 else b"error")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    host, port = server.server_address[:2]
    holder["receiver"] = Receiver(url=f"http://{host!s}:{port}{path}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder["receiver"]
    finally:
        server.shutdown()
        server.server_close()
