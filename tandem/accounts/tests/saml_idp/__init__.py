"""A SAML 2.0 identity provider for the single sign-on tests: pysaml2's server behind a small
WSGI app, run in a process of its own (`python -m tandem.accounts.tests.saml_idp DIR PORT`).

It publishes its metadata at /metadata and answers an authentication request at
/sso/redirect (HTTP-Redirect binding) without asking anything: it signs in whoever the test
last put in DIR/person.json, and posts a response with a signed assertion back to the service
provider's assertion consumer service, as a real identity provider's page does. It trusts the
service providers whose metadata the test wrote into DIR/sp/, read again at every request.

The test steers it through DIR/person.json:

- `name_id`, `attributes`: who signs in and what the assertion says about them;
- `sign_with`: "idp" (the key its metadata publishes) or "rogue" (another key, whose
  certificate the assertion carries but the metadata does not);
- `lifetime_minutes`: how long the assertion is valid.
"""
