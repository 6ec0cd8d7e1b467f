from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tandem.accounts.access import require_operator
from tandem.core.forms import add_service_error
from tandem.scim import selectors, services
from tandem.scim.access import scim_token_for_operator
from tandem.scim.errors import ScimError
from tandem.scim.forms import ScimTokenForm

# The new key waits here between the POST that made it and the page that shows it once.
NEW_TOKEN_SESSION_KEY = "scim:new-token"


@never_cache
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The operator's provisioning page: the SCIM address, and the tokens identity providers
    use. Creating one redirects here, so a reload never makes another."""
    operator = require_operator(request.user)
    form = ScimTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, key = services.scim_token_create(by=operator, name=form.cleaned_data["name"])
        except ScimError as error:
            add_service_error(form, error)
        else:
            request.session[NEW_TOKEN_SESSION_KEY] = key
            return redirect("scim:tokens")
    return render(
        request,
        "scim/tokens.html",
        {
            "form": form,
            "tokens": selectors.scim_tokens(),
            "new_key": request.session.pop(NEW_TOKEN_SESSION_KEY, None),
            "base_url": request.build_absolute_uri(reverse("scim:root")).rstrip("/"),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    operator = require_operator(request.user)
    token = services.scim_token_revoke(token=scim_token_for_operator(token_id), by=operator)
    messages.success(
        request,
        _("Token “%(name)s” revoked: it no longer provisions anyone.") % {"name": token.name},
    )
    return redirect("scim:tokens")
