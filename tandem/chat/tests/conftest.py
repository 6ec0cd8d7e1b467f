from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from tandem.chat.models import ChatWebhook
from tandem.chat.tests.receiver import Receiver, running_receiver


@pytest.fixture
def local_hosts() -> Iterator[None]:
    with override_settings(TANDEM_CHAT_WEBHOOK_HOSTS=["127.0.0.1"], TANDEM_CHAT_ALLOW_HTTP=True):
        yield


@pytest.fixture
def receiver(local_hosts: None) -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


@pytest.fixture
def slack(receiver: Receiver, personas) -> ChatWebhook:
    return ChatWebhook.objects.create(
        programme=personas.programme, name="#mentoring", kind="slack", url=receiver.url
    )
