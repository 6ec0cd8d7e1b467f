from tandem.core.testing.permissions import OK, REDIRECT, Case, everyone, signed_in

CASES = [
    Case("home", signed_in(OK, superuser=OK)),
    Case("healthz", everyone(OK, superuser=OK)),
    Case("api-schema", everyone(OK, superuser=OK)),
    Case("api-docs", everyone(OK, superuser=OK)),
    # Django's own view behind the footer's language switcher: it sets a cookie and goes back.
    Case(
        "set_language",
        everyone(REDIRECT, superuser=REDIRECT),
        method="post",
        data=lambda p: {"language": "fr", "next": "/"},
    ),
]
