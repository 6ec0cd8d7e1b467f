from __future__ import annotations

from importlib import import_module

from rest_framework.routers import DefaultRouter

# Apps whose `api.py` defines `register(router)`.
API_MODULES = [
    "tandem.people.api",
    "tandem.programmes.api",
    "tandem.matching.api",
    "tandem.mentorships.api",
    "tandem.notifications.api",
    "tandem.reports.api",
]


def register_all(router: DefaultRouter) -> None:
    for dotted in API_MODULES:
        import_module(dotted).register(router)
