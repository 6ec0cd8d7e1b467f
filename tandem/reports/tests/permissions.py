from tandem.core.testing.permissions import NOT_FOUND, OK, Case, api_signed_in, signed_in


def slug(p):
    return {"slug": p.programme.slug}


CASES = [
    Case("reports:programme", signed_in(NOT_FOUND, carol=OK, superuser=OK), kwargs=slug),
    Case("reports:programme_csv", signed_in(NOT_FOUND, carol=OK, superuser=OK), kwargs=slug),
]

ORGANISATION = signed_in(NOT_FOUND, carol=OK, dave=OK, superuser=OK)
CASES += [
    Case("reports:organisation", ORGANISATION),
    Case("reports:organisation_csv", ORGANISATION, kwargs=lambda p: {"figure": "matching"}),
]
CASES += [
    Case(
        "GET /api/reports/organisation/",
        api_signed_in(NOT_FOUND, carol=OK, dave=OK, superuser=OK),
    ),
]
