"""gunicorn settings for Tandem: `gunicorn -c python:tandem.gunicorn_conf tandem.wsgi`.

Each can be overridden on the command line or by gunicorn's own environment variables
(GUNICORN_CMD_ARGS); PORT, BIND and WEB_CONCURRENCY are read here for convenience.
"""

from __future__ import annotations

import os

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
# Sync workers: each request holds one worker; two per core suits the pages Tandem serves.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# A request slower than this is a bug; the worker is replaced rather than left stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Restart each worker after a while, so a slow leak in one library never grows without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
logger_class = "tandem.core.access_log.RedactingLogger"
# Behind a reverse proxy on the same machine, trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
