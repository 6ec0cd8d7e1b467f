from types import SimpleNamespace

from gunicorn.config import Config

from tandem.core.access_log import RedactingLogger, redact


def test_a_password_reset_key_never_reaches_the_access_log():
    logger = RedactingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/accounts/password/reset/key/1a-c4s9ab-0123456789abcdef0123456789abcdef/",
        "PATH_INFO": "/accounts/password/reset/key/1a-c4s9ab-0123456789abcdef0123456789abcdef/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": "",
        "HTTP_REFERER": "https://t.example.org/accounts/password/reset/key/1a-c4s9ab-01234/",
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[])
    elapsed = SimpleNamespace(seconds=0, microseconds=1000)

    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, elapsed)

    line = logger.cfg.access_log_format % atoms
    assert "c4s9ab" not in line
    assert "0123456789abcdef" not in line
    assert "/accounts/password/reset/key/1a-[redacted]/" in line


def test_other_urls_are_logged_as_they_are():
    assert redact("GET /accounts/password/reset/key/1a-set-password/ HTTP/1.1") == (
        "GET /accounts/password/reset/key/1a-set-password/ HTTP/1.1"
    )
    assert redact("GET /programmes/?page=2 HTTP/1.1") == "GET /programmes/?page=2 HTTP/1.1"
