from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tandem.accounts.forms import PersonalTokenForm
from tandem.accounts.models import PersonalToken


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    new_key = None
    form = PersonalTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _, new_key = PersonalToken.issue(user=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        form = PersonalTokenForm()
    tokens = PersonalToken.objects.filter(user=request.user)  # type: ignore[misc]
    return render(
        request, "accounts/tokens.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(PersonalToken, pk=token_id, user=request.user, revoked_at=None)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("accounts:tokens")
