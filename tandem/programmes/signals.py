"""Events of the programmes app, sent after the transaction commits. Payloads carry ids.

`enrolment_decided` is sent with `enrolment_id` when a coordinator approves or declines an
application; `invitation_sent` with `invitation_id` when an invitation is (re)sent.
notifications subscribes and emails the person.
"""

from __future__ import annotations

from django.dispatch import Signal

enrolment_decided = Signal()
invitation_sent = Signal()
