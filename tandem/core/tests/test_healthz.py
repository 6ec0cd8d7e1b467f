from unittest import mock

import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_healthz_reports_each_dependency_it_checked(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_cannot_be_reached(client):
    with mock.patch(
        "tandem.core.health.connection.cursor", side_effect=OperationalError("unreachable")
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {
        "ok": False,
        "detail": "OperationalError",
        "ms": body["checks"]["database"]["ms"],
    }


def test_healthz_needs_no_sign_in(client, db):
    assert client.get("/healthz").status_code == 200
