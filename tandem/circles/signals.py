"""Events other apps (chat) subscribe to. Payloads carry objects, never text.

`circle_concern_raised` is sent after the transaction commits with `concern`; receivers decide
whom to tell from its audience.
"""

from __future__ import annotations

from django.dispatch import Signal

circle_concern_raised = Signal()
