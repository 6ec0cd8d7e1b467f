"""The reports app's next step for coordinators: pairs whose health needs a look.

Health is read from each open pair's latest daily snapshot (reports/services.py records them),
so the home page counts pairs in one query instead of scoring every pair on each visit.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import User
from tandem.core.next_steps import NextStep, counted_per_programme, next_steps
from tandem.mentorships.health import AMBER, RED
from tandem.mentorships.models import Mentorship
from tandem.programmes.selectors import counts_by_coordinated_programme
from tandem.reports.models import HealthSnapshot


@next_steps(order=140)
def pairs_needing_attention(user: User) -> list[NextStep]:
    latest = HealthSnapshot.objects.filter(mentorship=OuterRef("pk")).order_by("-day")
    needing = (
        Mentorship.objects.open()
        .annotate(health=Subquery(latest.values("status")[:1]))
        .filter(health__in=[AMBER, RED])
    )
    return counted_per_programme(
        counts_by_coordinated_programme(user, needing),
        title=_("Pairs needing attention"),
        detail=_(
            "Their health is worth a look or needs attention: few meetings, low check-ins or "
            "stalled goals. See why, and talk to the pair."
        ),
        action=_("See the pairs"),
        url=lambda programme: reverse("reports:programme", args=[programme.slug]),
    )
