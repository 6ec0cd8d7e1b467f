"""Sign-ins in the audit log: who signed in or out, and from which address.

A failed attempt is recorded with its address only: the name typed may be a stranger's
address, or a password typed into the wrong box.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from tandem.core import audit


@receiver(user_logged_in, dispatch_uid="audit-sign-in")
def signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit.record("signin.succeeded", actor=user, obj=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit-sign-out")
def signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record("signin.ended", actor=user, obj=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit-sign-in-failed")
def sign_in_failed(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    audit.record("signin.failed", request=request)
