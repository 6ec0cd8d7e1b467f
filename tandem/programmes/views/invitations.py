from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core.forms import add_service_error
from tandem.people.access import signed_in_user
from tandem.programmes import access, selectors, services
from tandem.programmes.errors import ProgrammeError
from tandem.programmes.forms import BulkInvitationForm, InvitationForm
from tandem.programmes.models import Enrolment
from tandem.programmes.views.common import is_htmx

INVITATIONS_PER_PAGE = 50


@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme = access.programme_for_coordinator(user, slug)
    form = InvitationForm(request.POST or None, programme=programme)
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
                refused.append(_("%(email)s: %(reason)s") % {"email": email, "reason": exc.message})
            else:
                (sent if sending else already).append(invitation.email)
        if sent:
            messages.success(
                request, _("Invitation sent to %(emails)s.") % {"emails": ", ".join(sent)}
            )
        if already:
            messages.info(
                request,
                ngettext(
                    "%(emails)s was already invited. Tick “send again” to resend.",
                    "%(emails)s were already invited. Tick “send again” to resend.",
                    len(already),
                )
                % {"emails": ", ".join(already)},
            )
        if not refused:
            return redirect("programmes:invite", programme.slug)
        for reason in refused:
            form.add_error("email", reason)
    page = Paginator(selectors.invitations_with_state(programme), INVITATIONS_PER_PAGE)
    return render(
        request,
        "programmes/invitations.html",
        {
            "programme": programme,
            "form": form,
            "page": page.get_page(request.GET.get("page")),
            "counts": selectors.invitation_state_counts(programme),
            "batches": selectors.invitation_batches_for_programme(programme)[:5],
        },
        status=400 if form.errors else 200,
    )


@login_required
def invite_bulk(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose people from the organisation, see what sending would do, then confirm."""
    user = signed_in_user(request)
    programme = access.programme_for_coordinator(user, slug)
    form = BulkInvitationForm(request.POST or None, programme=programme)
    preview = None
    if request.method == "POST" and form.is_valid():
        criteria = form.criteria()
        if "confirm" in request.POST:
            try:
                batch = services.invitation_batch_create(
                    programme=programme,
                    criteria=criteria,
                    description=form.description(),
                    role=form.cleaned_data["role"],
                    message=form.cleaned_data["message"],
                    created_by=user,
                )
            except ProgrammeError as exc:
                add_service_error(form, exc)
            else:
                return redirect("programmes:invitation_batch", programme.slug, batch.pk)
        preview = selectors.invitation_preview(programme, criteria, form.problems)
    return render(
        request,
        "programmes/invite_bulk.html",
        {"programme": programme, "form": form, "preview": preview},
        status=400 if form.errors else 200,
    )


@login_required
def invitation_batch(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A bulk invitation's progress; the fragment is polled until every email is out."""
    user = signed_in_user(request)
    programme = access.programme_for_coordinator(user, slug)
    batch = selectors.invitation_batch_for_programme(programme, pk)
    if batch is None:
        raise Http404("No such bulk invitation.")
    sent = selectors.invitation_batch_sent_count(batch)
    total = batch.invited_count
    context = {
        "programme": programme,
        "batch": batch,
        "sent": sent,
        "total": total,
        "percent": round(100 * sent / total) if total else (100 if batch.is_finished else 0),
        "polling": not (batch.is_finished and sent >= total) and batch.status != "failed",
    }
    template = "programmes/invitation_batch.html"
    if is_htmx(request):
        template = "programmes/_invitation_batch_progress.html"
    return render(request, template, context)


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
    services.invitation_open(invitation=invitation)
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
