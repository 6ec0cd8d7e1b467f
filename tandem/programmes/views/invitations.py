from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from tandem.people.access import signed_in_user
from tandem.programmes import access, selectors, services
from tandem.programmes.errors import ProgrammeError
from tandem.programmes.forms import InvitationForm
from tandem.programmes.models import Enrolment


@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme = access.programme_for_coordinator(user, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent: list[str] = []
        already: list[str] = []
        refused: list[str] = []
        for email in form.cleaned_data["email"]:
            try:
                invitation, sending = services.invitation_send(
                    programme=programme,
                    email=email,
                    role=form.cleaned_data["role"],
                    message=form.cleaned_data["message"],
                    resend=form.cleaned_data["resend"],
                    invited_by=user,
                )
            except ProgrammeError as exc:
                refused.append(f"{email}: {exc.message}")
            else:
                (sent if sending else already).append(invitation.email)
        if sent:
            messages.success(request, f"Invitation sent to {', '.join(sent)}.")
        if already:
            messages.info(
                request,
                f"{', '.join(already)} {'was' if len(already) == 1 else 'were'} already "
                "invited. Tick “send again” to resend.",
            )
        if not refused:
            return redirect("programmes:invite", programme.slug)
        for reason in refused:
            form.add_error("email", reason)
    return render(
        request,
        "programmes/invitations.html",
        {
            "programme": programme,
            "form": form,
            "invitations": selectors.invitations_for_programme(programme),
        },
        status=400 if form.errors else 200,
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation email: sign in (or up) with the invited address, then apply."""
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        raise Http404("No such invitation.")
    programme = invitation.programme
    here = reverse("programmes:invitation_accept", args=[token])
    context = {
        "invitation": invitation,
        "programme": programme,
        "signup_url": f"{reverse('account_signup')}?{urlencode({'next': here})}",
        "login_url": f"{reverse('account_login')}?{urlencode({'next': here})}",
    }
    if not request.user.is_authenticated:
        return render(request, "programmes/invitation.html", context)
    user = signed_in_user(request)
    if user.email.lower() != invitation.email:
        return render(request, "programmes/invitation.html", {**context, "wrong_account": True})
    enrolment = access.own_enrolment(user, programme)
    if enrolment is not None and enrolment.status != Enrolment.Status.WITHDRAWN:
        return redirect("programmes:detail", programme.slug)
    apply_url = reverse("programmes:apply", args=[programme.slug])
    return redirect(f"{apply_url}?{urlencode({'role': invitation.role})}")
