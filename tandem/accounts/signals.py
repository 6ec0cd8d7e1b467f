"""Events of the accounts app that apps above it (people, programmes) subscribe to.

`account_created` is sent with `user` once a sign-up has saved the new account.

`sso_signed_in` is sent with `user` and `claims` (what the identity provider said about them)
after every sign-in through single sign-on; people maps the claims onto the Person.

`sso_person_known` is sent with `email` when single sign-on may not create accounts for
strangers (TANDEM_SSO_CREATE_ACCOUNTS off): a receiver answers True when its app knows the
person, from an import or an invitation.
"""

from __future__ import annotations

from django.dispatch import Signal

account_created = Signal()
sso_signed_in = Signal()
sso_person_known = Signal()
