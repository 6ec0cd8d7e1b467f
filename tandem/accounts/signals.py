"""Events of the accounts app that apps above it (people) subscribe to.

`account_created` is sent with `user` once a sign-up has saved the new account.
"""

from __future__ import annotations

from django.dispatch import Signal

account_created = Signal()
