import pytest

from tandem.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_api_answers_are_never_stored_by_the_browser(client):
    client.force_login(UserFactory())

    response = client.get("/api/people/me/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private, max-age=0"


def test_every_page_denies_camera_microphone_and_location(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
