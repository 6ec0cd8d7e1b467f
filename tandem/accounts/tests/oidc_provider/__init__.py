"""A small OpenID Connect provider (django-oauth-toolkit) for the sign-on tests.

It is a Django project of its own, run in its own process with its own SQLite database by
`tandem.accounts.tests.oidc`: Tandem reaches it over HTTP exactly as it would reach Entra ID,
Okta or Google. Its people and their claims live in a JSON file (OIDC_PROVIDER_DIR/people.json)
that the tests write: {username: {"password": ..., "claims": {...}}}. Writing
"publish_wrong_key": true beside "people" makes its key set show another key under the signing
key's id, as a provider whose tokens were signed by someone else would.
"""
