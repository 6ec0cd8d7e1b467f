import pytest


@pytest.mark.django_db
def test_the_openapi_schema_is_served_and_documents_token_authentication(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["personalToken"]["in"] == "header"
    assert "/api/people/" in schema["paths"]
    assert "/api/programmes/" in schema["paths"]
    assert "/api/enrolments/" in schema["paths"]
    assert "/api/people-imports/" in schema["paths"]


@pytest.mark.django_db
def test_the_api_docs_page_loads_everything_from_tandem_itself(client):
    response = client.get("/api/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "https://" not in html
    assert "<script>" not in html  # the start-up script is served as a file
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert b'"validatorUrl": null' in script.content


@pytest.mark.django_db
def test_the_api_docs_page_names_its_language_and_icon(client):
    # Screen readers need the language; without an icon link chromium asks for /favicon.ico,
    # which answers 404 in the console.
    html = client.get("/api/docs/").content.decode()

    assert '<html lang="en">' in html
    assert 'rel="icon" href="/static/tandem/favicon.svg"' in html


@pytest.mark.django_db
def test_the_api_docs_page_nests_no_link_in_an_operation_button_and_uses_readable_colours(client):
    # Swagger UI's deep links sit inside each operation's button (axe: nested-interactive), and
    # its own method badges and links fail the contrast ratio; Tandem's style sheet redraws them.
    html = client.get("/api/docs/").content.decode()
    script = client.get("/api/docs/?script=").content

    assert b'"deepLinking": false' in script
    assert 'href="/static/tandem/api-docs.css"' in html
