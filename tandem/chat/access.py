"""Who may manage a programme's chat channels: its coordinators (and operators), no one else.
Anyone else gets 404."""

from __future__ import annotations

from django.http import Http404

from tandem.accounts.access import AnyUser
from tandem.chat.models import ChatWebhook
from tandem.programmes.access import programme_for_coordinator
from tandem.programmes.models import Programme


def webhook_for_coordinator(user: AnyUser, slug: str, pk: int) -> tuple[Programme, ChatWebhook]:
    programme = programme_for_coordinator(user, slug)
    webhook = ChatWebhook.objects.filter(programme=programme, pk=pk).first()
    if webhook is None:
        raise Http404("No such channel.")
    return programme, webhook
