from tandem.core.testing.permissions import NOT_FOUND, OK, REDIRECT, Case, signed_in


def slug(p):
    return {"slug": p.programme.slug}


CASES = [
    Case("nudges:settings", signed_in(NOT_FOUND, carol=OK, superuser=OK), kwargs=slug),
    Case(
        "nudges:settings",
        signed_in(NOT_FOUND, carol=REDIRECT, superuser=REDIRECT),
        method="post",
        kwargs=slug,
        data=lambda p: {
            "request_mentor_days": 3,
            "request_coordinator_days": 7,
            "charter_days": 10,
            "meeting_first_factor": "1.5",
            "meeting_second_factor": "2.0",
            "inactivity_factor": "3.0",
            "auto_close_days": 90,
            "auto_close_warning_days": 7,
        },
    ),
]
