"""Who sees the organisation view and its API: coordinators, over the programmes they
coordinate, and operators, over every programme. Anyone else gets 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from tandem.accounts.access import AnyUser, is_operator
from tandem.programmes.access import programmes_coordinated_by
from tandem.programmes.models import Programme


def can_see_organisation_report(user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    return bool(is_operator(user) or user.is_coordinator or user.coordinated_programmes.exists())


def organisation_programmes(user: AnyUser) -> QuerySet[Programme]:
    if not can_see_organisation_report(user):
        raise Http404("No such page.")
    return programmes_coordinated_by(user)
