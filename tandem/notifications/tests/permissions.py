from tandem.core.testing.permissions import OK, REDIRECT, Case, signed_in

CASES = [
    Case("notifications:list", signed_in(OK, superuser=OK)),
    Case("notifications:mark_read", signed_in(REDIRECT, superuser=REDIRECT), method="post"),
    Case("notifications:preferences", signed_in(OK, superuser=OK)),
]
