from tandem.core.testing.permissions import OK, Case, everyone, signed_in

CASES = [
    Case("home", signed_in(OK)),
    Case("healthz", everyone(OK)),
    Case("api-schema", everyone(OK)),
    Case("api-docs", everyone(OK)),
]
