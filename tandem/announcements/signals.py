"""Events other apps subscribe to (chat channels).

`announcement_posted` is sent after the posting transaction commits, with `announcement`.
"""

from __future__ import annotations

from django.dispatch import Signal

announcement_posted = Signal()
