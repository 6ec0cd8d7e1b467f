"""The admin for accounts' third-party models.

allauth's own admin for two-factor authenticators shows each one's data: the key of an
authenticator app and the seed of the recovery codes, which would let whoever reads them pass
as the person's second factor. The admin shows metadata only (docs/architecture.md), so here
it lists who has which factor and when it was last used, and nothing can be added or edited.

The admin's own sign-in page is replaced by Tandem's: it would check a password and nothing
else, past two-factor authentication and past single sign-on only (TANDEM_SSO_ONLY).
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

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


def _signs_in_through_tandem(login: Any) -> Any:
    @wraps(login)
    def view(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_active and user.is_staff):
            raise Http404("No such page.")
        return login(request, extra_context)

    return view


admin.site.login = _signs_in_through_tandem(admin.site.login)  # type: ignore[method-assign]
