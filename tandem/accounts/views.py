from __future__ import annotations

from allauth.core.internal import httpkit
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect import views as allauth_oidc_views
from allauth.socialaccount.providers.saml import views as allauth_saml_views
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from allauth.socialaccount.providers.saml.utils import get_app_or_404
from allauth.socialaccount.sessions import LoginSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tandem.accounts import saml, selectors, services
from tandem.accounts.access import require_operator, token_of_owner
from tandem.accounts.adapters import SignatureCheckingOIDCAdapter
from tandem.accounts.forms import AuditSearchForm, PersonalTokenForm, RoleChangeForm
from tandem.accounts.models import User
from tandem.accounts.saml import SamlRefusal
from tandem.core import audit
from tandem.core.audit import audit_actions, audit_events, csv_rows
from tandem.core.forms import add_service_error
from tandem.core.personal_data import personal_data_json
from tandem.csvsafe import csv_lines

# The new key waits here between the POST that made it and the page that shows it once.
NEW_TOKEN_SESSION_KEY = "accounts:new-token"


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's tokens. Creating one redirects here, so a reload never makes another."""
    user = request.user
    assert isinstance(user, User)  # login_required let only a signed-in user through
    form = PersonalTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, key = services.token_create(
                user=user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                lifetime_days=form.lifetime_days(),
            )
        except services.AccountError as error:
            add_service_error(form, error)
        else:
            request.session[NEW_TOKEN_SESSION_KEY] = key
            return redirect("accounts:tokens")
    new_key = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": selectors.tokens_of(user),
            "new_key": new_key,
        },
        status=400 if form.errors else 200,
    )


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """What a copy of the person's data holds, and the button that downloads it."""
    return render(request, "accounts/my_data.html")


@never_cache
@login_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required let only a signed-in user through
    audit.record("export.personal_data", actor=user, obj=user, request=request)
    response = HttpResponse(personal_data_json(user), content_type="application/json")
    filename = f"tandem-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = services.token_revoke(token=token_of_owner(request.user, token_id))
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


ROLES_PAGE_SIZE = 25
AUDIT_PAGE_SIZE = 50


@never_cache
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The operator's view of the audit log: searched, newest first, a page at a time."""
    require_operator(request.user)
    form = AuditSearchForm(request.GET or None)
    search = form.search()
    page = Paginator(audit_events(search), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])
    return render(
        request,
        "accounts/audit.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "actions": audit_actions(),
            "retention_days": settings.AUDIT_RETENTION_DAYS,
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def audit_log_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The same search as a CSV file, streamed, whatever its length."""
    operator = require_operator(request.user)
    form = AuditSearchForm(request.GET or None)
    events = audit_events(form.search())
    audit.record("export.audit_csv", actor=operator, request=request)
    response = StreamingHttpResponse(csv_lines(csv_rows(events)), content_type="text/csv")
    filename = f"tandem-audit-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def roles(request: HttpRequest) -> HttpResponse:
    """The operator's list of people with accounts, to grant or withdraw the coordinator role."""
    require_operator(request.user)
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.accounts_search(query), ROLES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/roles.html",
        {"page": page, "q": query, "query": urlencode({"q": query}) if query else ""},
    )


@never_cache
@login_required
def role_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), then grant or withdraw the coordinator role (POST)."""
    operator = require_operator(request.user)
    user = get_object_or_404(User, pk=pk, is_active=True)
    form = RoleChangeForm(
        request.POST if request.method == "POST" else None,
        initial={"granted": "0" if user.is_coordinator else "1"},
    )
    if request.method == "POST" and form.is_valid():
        granted = form.cleaned_data["granted"]
        try:
            services.user_coordinator_role_set(user=user, granted=granted, by=operator)
        except services.AccountError as error:
            add_service_error(form, error)
        else:
            done = (
                _("%(name)s is now a coordinator.")
                if granted
                else _("%(name)s is no longer a coordinator.")
            )
            messages.success(request, done % {"name": user})
            return redirect("accounts:roles")
    return render(
        request,
        "accounts/role_change.html",
        {
            "subject": user,
            "form": form,
            "granting": not user.is_coordinator,
            "history": selectors.role_changes_of(user)[:10],
        },
        status=400 if form.errors else 200,
    )


def _onward(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A "Sign in with …" button's redirect to the identity provider, as a page that carries
    the browser on (socialaccount/onward.html says why); any other answer as it is."""
    location = response.get("Location", "") if response.status_code in (302, 303) else ""
    same_site = url_has_allowed_host_and_scheme(location, allowed_hosts={request.get_host()})
    if request.method != "POST" or not location or same_site:
        return response
    onward = render(request, "socialaccount/onward.html", {"url": location})
    add_never_cache_headers(onward)
    return onward


@login_not_required
def oidc_login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The "Sign in with …" button of an OpenID Connect provider: allauth's, carried on by a
    page."""
    return _onward(request, allauth_oidc_views.login(request, provider_id=provider_id))


@login_not_required
def oidc_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Where the identity provider sends the browser back: allauth's, signatures checked."""
    try:
        view = OAuth2CallbackView.adapter_view(SignatureCheckingOIDCAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


def _saml_provider(request: HttpRequest, organization_slug: str) -> SAMLProvider:
    """The configured SAML identity provider with this name; 404 for any other."""
    provider = get_app_or_404(request, organization_slug).get_provider(request)
    assert isinstance(provider, SAMLProvider)
    return provider


def _saml_refused(
    request: HttpRequest, provider: SAMLProvider, refusal: SamlRefusal
) -> HttpResponse:
    audit.record("signin.failed", request=request, provider=provider.sub_id, reason=refusal.reason)
    messages.error(request, refusal.message)
    return redirect("account_login")


@login_not_required
def saml_login(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """The "Sign in with …" button of a SAML identity provider: allauth's, after checking that
    the identity provider's metadata can be read, so that a person is told when it cannot;
    carried on by a page."""
    provider = _saml_provider(request, organization_slug)
    if request.method == "POST":
        try:
            saml.saml_config(request, provider)
        except SamlRefusal as refusal:
            return _saml_refused(request, provider, refusal)
    return _onward(request, allauth_saml_views.login(request, organization_slug=organization_slug))


@login_not_required
def saml_finish(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """Where allauth's assertion consumer service sends the browser on, with the identity
    provider's response in a short-lived session of its own (the browser's own session cookie
    does not come with the identity provider's cross-site POST).

    The response is checked, claimed once and matched to a sign-in this browser started; then
    allauth's social sign-in takes over, as for OpenID Connect.
    """
    provider = _saml_provider(request, organization_slug)
    acs_session = LoginSession(request, "saml_acs_session", "saml-acs-session")
    posted = acs_session.store.get("request")
    acs_session.delete()
    try:
        if not posted:
            raise SamlRefusal(
                _("Tandem received no answer from %(idp)s. Sign in again.")
                % {"idp": provider.name},
                reason="no_response",
            )
        acs_request = httpkit.deserialize_request(posted, HttpRequest())
        auth = saml.checked_response(request, acs_request, provider)
        sociallogin = saml.sociallogin(request, provider, auth)
    except SamlRefusal as refusal:
        return _saml_refused(request, provider, refusal)
    return complete_social_login(request, sociallogin)
