from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from tandem.accounts.models import User
from tandem.core.forms import add_service_error
from tandem.notifications.access import notifications_of
from tandem.notifications.email_templates import BY_KEY as EMAIL_SPECS
from tandem.notifications.email_templates import EMAILS, EmailSpec, email_render
from tandem.notifications.forms import EmailTemplateForm, NotificationPreferencesForm
from tandem.notifications.models import EmailTemplate
from tandem.notifications.selectors import email_preview_values
from tandem.notifications.services import (
    NotificationError,
    email_template_check,
    email_template_for,
    email_template_reset,
    email_template_save,
    notification_preferences_for,
    notification_preferences_save,
    notification_unsubscribe,
    notifications_mark_read,
    unsubscribe_categories,
)
from tandem.notifications.unsubscribe import invitation_unsubscribe_read, unsubscribe_read
from tandem.people.access import signed_in_user
from tandem.programmes.access import programme_for_coordinator
from tandem.programmes.services import email_suppress


def _email_name(spec: EmailSpec) -> str:
    """An email's name inside a sentence. English writes it in lower case ("the invitation
    reminder email"); other languages keep it as it is, for German capitalises its nouns."""
    name = str(spec.label)
    return name.lower() if (translation.get_language() or "en").startswith("en") else name


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = notifications_of(request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@login_required
def notification_mark_read(request: HttpRequest) -> HttpResponse:
    raw_ids = request.POST.getlist("id")
    ids = [int(value) for value in raw_ids if value.isdigit()] if raw_ids else None
    notifications_mark_read(recipient=request.user, ids=ids)  # type: ignore[arg-type]
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse('<span class="badge">read</span>')
    return redirect("notifications:list")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required let only a signed-in user through
    form = NotificationPreferencesForm(
        request.POST if request.method == "POST" else None,
        initial=notification_preferences_for(user=user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            notification_preferences_save(user=user, deliveries=form.cleaned_data)
        except NotificationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# Mail clients send the one-click POST (RFC 8058) with no session and no CSRF cookie; the signed
# token in the URL is what proves the request came from the email, so CSRF adds nothing here.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def notification_unsubscribe_link(request: HttpRequest, token: str) -> HttpResponse:
    what = unsubscribe_read(token)
    user = User.objects.filter(pk=what.user_id).first() if what else None
    if what is None or user is None:
        raise Http404("This unsubscribe link is not valid.")
    # A GET only asks: link scanners in mail systems follow every link they see.
    if request.method == "POST":
        stopped = notification_unsubscribe(user=user, what=what)
        template = "notifications/unsubscribed.html"
    else:
        stopped = unsubscribe_categories(user=user, what=what)
        template = "notifications/unsubscribe.html"
    return render(request, template, {"what": what, "categories": stopped})


# As above: the invitee may have no account, so the signed address is all there is to go on.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def invitation_unsubscribe_link(request: HttpRequest, token: str) -> HttpResponse:
    email = invitation_unsubscribe_read(token)
    if email is None:
        raise Http404("This unsubscribe link is not valid.")
    if request.method == "POST":
        email_suppress(email=email)
        return render(request, "notifications/unsubscribed_invitations.html", {"email": email})
    return render(request, "notifications/unsubscribe_invitations.html", {"email": email})


@login_required
def email_template_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    overridden = set(
        EmailTemplate.objects.filter(programme=programme).values_list("key", flat=True)
    )
    emails = [(spec, spec.key in overridden) for spec in EMAILS]
    return render(
        request, "notifications/email_templates.html", {"programme": programme, "emails": emails}
    )


@login_required
def email_template_edit(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    spec = EMAIL_SPECS.get(key)
    if spec is None:
        raise Http404("No such email.")
    subject, body, overridden = email_template_for(programme=programme, key=key)
    form = EmailTemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    previewing = "preview" in request.POST
    if request.method == "POST" and form.is_valid():
        subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
        try:
            if previewing:
                email_template_check(key=key, subject=subject, body=body)
            else:
                email_template_save(
                    programme=programme,
                    key=key,
                    subject=subject,
                    body=body,
                    by=signed_in_user(request),
                )
        except NotificationError as error:
            add_service_error(form, error)
        else:
            if not previewing:
                messages.success(
                    request, _("The %(email)s email is saved.") % {"email": _email_name(spec)}
                )
                return redirect("notifications:email_edit", slug=programme.slug, key=key)
    preview = None
    if not form.errors:
        values = email_preview_values(spec, programme=programme, user=signed_in_user(request))
        preview = email_render(spec, subject=subject, body=body, values=values)
    return render(
        request,
        "notifications/email_template_edit.html",
        {
            "programme": programme,
            "spec": spec,
            "form": form,
            "overridden": overridden,
            "preview": preview,
            "placeholders": spec.placeholders.items(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def email_template_reset_view(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    spec = EMAIL_SPECS.get(key)
    if spec is None:
        raise Http404("No such email.")
    email_template_reset(programme=programme, key=key)
    messages.success(
        request,
        _("The %(email)s email is back to Tandem's wording.") % {"email": _email_name(spec)},
    )
    return redirect("notifications:email_edit", slug=programme.slug, key=key)
