"""Per-request rules about the signed-in person.

`MFARequiredMiddleware` sends those who must use two-factor authentication to set it up before
anything else. Who must is decided in `tandem.accounts.access.must_set_up_mfa`; this only
applies it. With TANDEM_MFA_REQUIRED_FOR empty (the default) it does nothing and asks the
database nothing.

`UserLanguageMiddleware` speaks a signed-in person's chosen language (tandem.accounts.language).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django_htmx.http import HttpResponseClientRedirect

from tandem.accounts.access import MFA_REQUIRED_MESSAGE, must_set_up_mfa
from tandem.accounts.language import chosen_language
from tandem.accounts.models import User

# Pages that stay open to someone who has still to set it up: every two-factor page (allauth
# names them all mfa_*), confirming their password before adding a factor, their email
# addresses (allauth adds a factor only to a verified address), and signing out.
OPEN_URL_NAMES = frozenset(
    {
        "account_reauthenticate",
        "account_logout",
        "account_email",
        "account_confirm_email",
        "account_email_verification_sent",
        "healthz",
    }
)
OPEN_URL_PREFIX = "mfa_"
API_PREFIX = "/api/"
# The API's documentation is a page like any other; the rest of /api/ answers in JSON.
API_PAGES = frozenset({"api-docs"})


def _url_name(path: str) -> str:
    try:
        return resolve(path).url_name or ""
    except Resolver404:
        return ""


def _is_open(path: str, name: str) -> bool:
    if path.startswith(settings.STATIC_URL or "/static/"):
        return True
    return name in OPEN_URL_NAMES or name.startswith(OPEN_URL_PREFIX)


class MFARequiredMiddleware:
    """Redirects a signed-in user who must set up two-factor authentication to its page.

    A request to the API made with the browser's session answers 403 with the reason instead
    of a redirect that a script could not follow. A request with a personal token carries no
    session, so it passes here; the token itself is refused (`token_refusal`) until the owner
    has set up a factor.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.TANDEM_MFA_REQUIRED_FOR and request.user.is_authenticated:
            name = _url_name(request.path_info)
            if not _is_open(request.path_info, name) and must_set_up_mfa(request.user):
                return self._refuse(request, name)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, name: str) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX) and name not in API_PAGES:
            return JsonResponse({"detail": MFA_REQUIRED_MESSAGE}, status=403)
        setup = reverse("mfa_index")
        if getattr(request, "htmx", False):
            # htmx would follow a redirect and swap the whole setup page into a fragment.
            return HttpResponseClientRedirect(setup)
        return HttpResponseRedirect(setup)


class UserLanguageMiddleware:
    """Activates the language a signed-in person chose, over the one LocaleMiddleware took from
    the browser; someone who chose none, or is signed out, keeps the browser's.

    It reads the user the session already loads, so it asks the database nothing more. Signing
    in switches to the person's language from the next page on.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User) and (language := chosen_language(user)):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
