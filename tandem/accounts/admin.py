"""The admin for accounts' third-party models.

allauth's own admin for two-factor authenticators shows each one's data: the key of an
authenticator app and the seed of the recovery codes, which would let whoever reads them pass
as the person's second factor. The admin shows metadata only (docs/architecture.md), so here
it lists who has which factor and when it was last used, and nothing can be added or edited.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.http import HttpRequest

METADATA = ("user", "type", "created_at", "last_used_at")


class AuthenticatorAdmin(admin.ModelAdmin[Authenticator]):
    list_display = METADATA
    list_filter = ("type",)
    fields = METADATA
    readonly_fields = METADATA
    search_fields = ["user__email"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)
admin.site.register(Authenticator, AuthenticatorAdmin)
