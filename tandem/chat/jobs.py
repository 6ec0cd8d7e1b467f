from __future__ import annotations

from datetime import timedelta

from tandem.chat import posts
from tandem.chat.delivery import messages_due
from tandem.chat.tasks import chat_message_deliver
from tandem.core.scheduler import periodic


@periodic(every=timedelta(minutes=1), name="chat-retries")
def chat_retries() -> None:
    for message_id in messages_due():
        chat_message_deliver.enqueue(message_id)


@periodic(every=timedelta(hours=1), name="chat-digests")
def chat_digests() -> None:
    posts.digests_post()
