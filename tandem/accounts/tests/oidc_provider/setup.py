"""Prepare the provider's database: `python -m tandem.accounts.tests.oidc_provider.setup`.

Reads OIDC_PROVIDER_CLIENT (JSON: client_id, client_secret, redirect_uris) and registers that
confidential client for the authorization-code flow, with RS256-signed ID tokens.
"""

from __future__ import annotations

import json
import os

import django
from django.core.management import call_command


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.accounts.tests.oidc_provider.settings")
    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from oauth2_provider.models import get_application_model

    client = json.loads(os.environ["OIDC_PROVIDER_CLIENT"])
    Application = get_application_model()
    Application.objects.create(
        name="Tandem",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        hash_client_secret=False,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(client["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


if __name__ == "__main__":
    main()
