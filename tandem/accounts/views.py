from __future__ import annotations

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tandem.accounts import selectors, services
from tandem.accounts.access import require_operator, token_of_owner
from tandem.accounts.adapters import SignatureCheckingOIDCAdapter
from tandem.accounts.forms import AuditSearchForm, PersonalTokenForm, RoleChangeForm
from tandem.accounts.models import User
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


@login_not_required
def oidc_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Where the identity provider sends the browser back: allauth's, signatures checked."""
    try:
        view = OAuth2CallbackView.adapter_view(SignatureCheckingOIDCAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
