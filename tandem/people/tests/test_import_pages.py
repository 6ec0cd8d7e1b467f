from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.conftest import Personas
from tandem.people.models import ImportJob, Person
from tandem.people.tests.csvdata import org_chart, to_csv


def upload(text: str, name: str = "people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


@pytest.mark.parametrize(
    ("who", "status"),
    [("superuser", 200), ("carol", 404), ("dave", 404), ("alice", 404), ("oscar", 404)],
)
def test_only_operators_reach_the_import_page(personas: Personas, who: str, status: int) -> None:
    response = personas.client_for(who).get(reverse("people:import"))

    assert response.status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(personas: Personas) -> None:
    response = personas.client_for("anonymous").get(reverse("people:import"))

    assert response.status_code == 302


def test_upload_runs_the_import_and_shows_the_counts(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    client = personas.client_for("superuser")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:import"), {"file": upload(to_csv(org_chart()))})

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:import_status", args=[job.pk])
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.source == ""
    page = client.get(response["Location"]).content.decode()
    assert "Imported" in page
    assert "<dt>Created</dt><dd>4</dd>" in page
    assert Person.objects.filter(email="cat@example.org").exists()


def test_job_page_lists_errors_by_row_and_column(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    rows = org_chart()
    rows[1]["manager_email"] = "ghost@example.org"
    client = personas.client_for("superuser")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:import"), {"file": upload(to_csv(rows))})

    page = client.get(response["Location"]).content.decode()
    assert "Nothing was saved" in page
    assert "<td>3</td><td><code>manager_email</code></td>" in page
    assert "ghost@example.org" in page
    assert not Person.objects.filter(email="ann@example.org").exists()


def test_unfinished_job_polls_its_fragment_with_htmx(personas: Personas) -> None:
    job = ImportJob.objects.create(
        created_by=personas.superuser,
        filename="big.csv",
        status=ImportJob.Status.VALIDATING,
        total_rows=10_000,
        processed_rows=2_500,
    )
    url = reverse("people:import_status", args=[job.pk])
    client = personas.client_for("superuser")

    page = client.get(url).content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert "<html" in page
    assert f'hx-get="{url}"' in page
    assert 'hx-trigger="every 1s"' in page
    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<section id="import-progress"')
    assert 'value="25"' in fragment
    assert "Checked 2500 of 10000 rows" in fragment


def test_finished_job_stops_polling(personas: Personas) -> None:
    job = ImportJob.objects.create(
        created_by=personas.superuser, filename="x.csv", status=ImportJob.Status.SUCCEEDED
    )

    fragment = (
        personas.client_for("superuser")
        .get(reverse("people:import_status", args=[job.pk]), headers={"HX-Request": "true"})
        .content.decode()
    )

    assert "hx-get" not in fragment


@pytest.mark.parametrize("who", ["dave", "alice", "oscar"])
def test_a_job_page_is_visible_only_to_whoever_started_it(personas: Personas, who: str) -> None:
    job = ImportJob.objects.create(created_by=personas.superuser, filename="x.csv")

    response = personas.client_for(who).get(reverse("people:import_status", args=[job.pk]))

    assert response.status_code == 404


def test_upload_without_a_file_shows_a_field_error(personas: Personas) -> None:
    response = personas.client_for("superuser").post(reverse("people:import"), {})

    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_upload_of_a_non_utf8_file_is_refused(personas: Personas) -> None:
    bad = SimpleUploadedFile("p.csv", "email,name\nzoë@x.org,Zoë\n".encode("latin-1"))

    response = personas.client_for("superuser").post(reverse("people:import"), {"file": bad})

    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.fixture
def operator_client(db):
    from django.test import Client

    from tandem.accounts.tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(email="olga@example.org", is_superuser=True, is_staff=True))
    return client


def test_the_operator_finds_the_import_in_the_menu_and_others_do_not(
    personas: Personas, operator_client
) -> None:
    home = reverse("home")
    link = f'href="{reverse("people:import")}"'
    assert link in operator_client.get(home).content.decode()
    for who in ("carol", "alice"):
        assert link not in personas.client_for(who).get(home).content.decode()


def test_the_template_lists_every_column_and_imports_once_filled_in(
    operator_client, django_capture_on_commit_callbacks
) -> None:
    import_page = operator_client.get(reverse("people:import")).content.decode()
    assert f'href="{reverse("people:import_template")}"' in import_page

    template = operator_client.get(reverse("people:import_template"))
    assert template["Content-Type"].startswith("text/csv")
    assert "attachment" in template["Content-Disposition"]
    header = template.content.decode().splitlines()[0].split(",")
    assert header[:2] == ["email", "name"]
    assert "manager_email" in header

    row = {"email": "ivy@example.org", "name": "Ivy Imported", "job_title": "Analyst"}
    filled = template.content.decode() + ",".join(row.get(c, "") for c in header) + "\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(reverse("people:import"), {"file": upload(filled)})
    assert ImportJob.objects.get().status == ImportJob.Status.SUCCEEDED

    directory = operator_client.get(reverse("people:directory")).content.decode()
    assert "Ivy Imported" in directory
    # The directory still shows only what the person shows: hiding the job title hides it.
    Person.objects.filter(email="ivy@example.org").update(visible_fields=[])
    assert "Analyst" not in operator_client.get(reverse("people:directory")).content.decode()
