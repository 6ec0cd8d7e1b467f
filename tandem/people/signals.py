"""Events other apps subscribe to.

`person_left` is sent inside the transaction that records a person leaving the organisation,
with `person`, so that what each app holds for them ends in the same transaction.
"""

from __future__ import annotations

from django.dispatch import Signal

person_left = Signal()
