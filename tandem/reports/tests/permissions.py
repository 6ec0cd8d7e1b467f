from tandem.core.testing.permissions import NOT_FOUND, OK, Case, signed_in


def slug(p):
    return {"slug": p.programme.slug}


CASES = [
    Case("reports:programme", signed_in(NOT_FOUND, carol=OK, superuser=OK), kwargs=slug),
    Case("reports:programme_csv", signed_in(NOT_FOUND, carol=OK, superuser=OK), kwargs=slug),
]
