from __future__ import annotations

from django_tasks import task

from tandem.chat.delivery import message_deliver


@task()
def chat_message_deliver(message_id: int) -> bool:
    """Post one queued message; a retry of this task posts nothing twice."""
    return message_deliver(message_id)
