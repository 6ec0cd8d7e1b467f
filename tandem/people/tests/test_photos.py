"""Profile photos: checked and stripped on upload, shown only to those who may see the profile,
initials where there is none."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tandem.conftest import Personas
from tandem.people.models import Person


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def photo_upload(size: tuple[int, int] = (1200, 800)) -> SimpleUploadedFile:
    """A JPEG that carries camera details, as a phone's would."""
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x0132] = "2020:01:01 10:00:00"  # DateTime
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("me.jpg", buffer.getvalue(), content_type="image/jpeg")


def _upload(personas: Personas, who: str, upload: SimpleUploadedFile):
    return personas.client_for(who).post(reverse("people:photo_edit"), {"photo": upload})


def test_an_uploaded_photo_is_squared_shrunk_and_stripped(personas: Personas) -> None:
    assert _upload(personas, "alice", photo_upload()).status_code == 302
    alice = Person.objects.get(pk=personas.alice.pk)
    assert alice.photo
    response = personas.client_for("alice").get(reverse("people:photo", args=[alice.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    stored = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert stored.size == (256, 256)
    assert not stored.getexif()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("me.jpg", b"not an image at all", content_type="image/jpeg"),
        SimpleUploadedFile("me.gif", b"GIF89a" + b"\x00" * 40, content_type="image/gif"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused(personas: Personas, upload) -> None:
    response = personas.client_for("alice").post(
        reverse("people:photo_edit"), {"photo": upload}, follow=True
    )
    assert not Person.objects.get(pk=personas.alice.pk).photo
    assert "photo" in response.content.decode().lower()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_the_photo_is_served_only_to_those_who_may_see_the_profile(personas: Personas) -> None:
    _upload(personas, "bob", photo_upload())
    url = reverse("people:photo", args=[personas.bob.pk])
    for who in ("alice", "bob", "carol"):
        assert personas.client_for(who).get(url).status_code == 200, who
    for who in ("dave", "erin", "oscar"):
        assert personas.client_for(who).get(url).status_code == 404, who
    assert personas.client_for("anonymous").get(url).status_code == 302


def test_directory_shows_the_photo_or_else_initials(personas: Personas) -> None:
    _upload(personas, "bob", photo_upload())
    page = personas.client_for("alice").get(reverse("people:directory")).content.decode()
    assert reverse("people:photo", args=[personas.bob.pk]) in page
    assert '<span class="avatar avatar-initials" aria-hidden="true">AM</span>' in page


def test_removing_the_photo_brings_back_the_initials(personas: Personas) -> None:
    _upload(personas, "alice", photo_upload())
    personas.client_for("alice").post(reverse("people:photo_edit"), {"remove": "on"})
    assert not Person.objects.get(pk=personas.alice.pk).photo
    url = reverse("people:photo", args=[personas.alice.pk])
    assert personas.client_for("alice").get(url).status_code == 404


def test_the_pair_page_shows_the_partner_photo(personas: Personas) -> None:
    from tandem.mentorships import services

    mentorship = services.mentorship_create(
        programme=personas.programme, mentee=personas.alice, mentor=personas.bob
    )
    _upload(personas, "bob", photo_upload())
    url = reverse("mentorships:overview", args=[mentorship.pk])
    page = personas.client_for("alice").get(url).content.decode()
    assert reverse("people:photo", args=[personas.bob.pk]) in page
    bob_page = personas.client_for("bob").get(url).content.decode()
    assert '<span class="avatar avatar-initials" aria-hidden="true">AM</span>' in bob_page
