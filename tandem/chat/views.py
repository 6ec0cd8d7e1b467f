"""The coordinator's pages of a programme's chat channels."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.chat import selectors, services
from tandem.chat.access import webhook_for_coordinator
from tandem.chat.forms import ChatWebhookForm
from tandem.core.forms import add_service_error
from tandem.people.access import signed_in_user
from tandem.programmes.access import programme_for_coordinator


@login_required
def webhook_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    webhooks = list(selectors.webhooks_of(programme))
    for webhook in webhooks:
        webhook.host = selectors.address_host(webhook.url)  # type: ignore[attr-defined]
    return render(request, "chat/webhook_list.html", {"programme": programme, "webhooks": webhooks})


@login_required
def webhook_add(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_coordinator(request.user, slug)
    form = ChatWebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.webhook_create(
                programme=programme, by=signed_in_user(request), **form.cleaned_data
            )
        except services.ChatError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Channel added. Send a test message to check it works."))
            return redirect("chat:webhooks", slug=programme.slug)
    return render(
        request,
        "chat/webhook_form.html",
        {"programme": programme, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def webhook_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme, webhook = webhook_for_coordinator(request.user, slug, pk)
    form = ChatWebhookForm(request.POST or None, instance=webhook)
    if request.method == "POST" and form.is_valid():
        try:
            services.webhook_update(
                webhook=webhook, by=signed_in_user(request), **form.cleaned_data
            )
        except services.ChatError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Channel saved."))
            return redirect("chat:webhooks", slug=programme.slug)
    return render(
        request,
        "chat/webhook_form.html",
        {
            "programme": programme,
            "form": form,
            "webhook": webhook,
            "recent": selectors.recent_messages(webhook),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def webhook_test(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme, webhook = webhook_for_coordinator(request.user, slug, pk)
    services.test_message_queue(webhook=webhook, by=signed_in_user(request))
    messages.success(
        request,
        _("Test message queued. It appears in the channel within a minute if all is well."),
    )
    return redirect("chat:webhook_edit", slug=programme.slug, pk=webhook.pk)


@login_required
@require_POST
def webhook_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme, webhook = webhook_for_coordinator(request.user, slug, pk)
    services.webhook_delete(webhook=webhook, by=signed_in_user(request))
    messages.success(request, _("Channel “%(name)s” removed.") % {"name": webhook.name})
    return redirect("chat:webhooks", slug=programme.slug)
