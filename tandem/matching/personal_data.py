"""What the matching app holds about a person: the mentor requests they sent or received.

Both people in a request see all of it, so each gets all of it. A coordinator's working data
(match runs, proposals, pair rules) is the programme's, not the person's, and stays out.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tandem.core.personal_data import erases, fields, personal_data
from tandem.matching import services
from tandem.matching.models import MentorRequest

erases(order=30)(services.matching_erase_person)


@personal_data(section="mentor_requests", order=40)
def mentor_requests(user: Any) -> list[dict[str, Any]]:
    rows = (
        MentorRequest.objects.filter(Q(mentee__user=user) | Q(mentor__user=user))
        .select_related("programme", "mentee", "mentor")
        .order_by("created_at", "pk")
    )
    return [
        {
            "programme": request.programme.name,
            "you_were": "mentee" if request.mentee.user_id == user.pk else "mentor",
            "mentee": request.mentee.name,
            "mentor": request.mentor.name,
            **fields(
                request,
                "hope_to_gain",
                "why_this_mentor",
                "status",
                "response_note",
                "created_at",
                "expires_at",
                "responded_at",
            ),
        }
        for request in rows
    ]
