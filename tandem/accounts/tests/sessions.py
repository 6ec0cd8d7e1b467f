"""Who a test client's session has signed in, for the single sign-on tests of both protocols."""

from __future__ import annotations

from django.test import Client

from tandem.accounts.models import User


def signed_in_user(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None
