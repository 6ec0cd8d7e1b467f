from tandem.core.testing.permissions import OK, Case, everyone, signed_in

CASES = [
    Case("home", signed_in(OK, superuser=OK)),
    Case("healthz", everyone(OK, superuser=OK)),
    Case("api-schema", everyone(OK, superuser=OK)),
    Case("api-docs", everyone(OK, superuser=OK)),
]
