from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tandem.accounts.tests.factories import UserFactory
from tandem.conftest import Personas
from tandem.programmes.models import Programme, Question
from tandem.programmes.tests.factories import ProgrammeFactory


def programme_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Women in Engineering",
        "purpose": "Help engineers grow into senior roles.",
        "kind": Programme.Kind.ONE_TO_ONE,
        "matching_mode": Programme.MatchingMode.BOTH,
        "status": Programme.Status.OPEN,
        "starts_on": "2026-03-01",
        "ends_on": "2026-12-01",
        "default_duration_months": 9,
        "meeting_cadence": "monthly",
        "exclude_management_chain": "on",
        "require_shared_language": "on",
        "max_timezone_gap_hours": 4,
        "min_score": "0.2",
        "guidelines_what_mentoring_is": "Mentoring is a conversation.",
        "guidelines_roles": "Mentees lead.",
        "guidelines_confidentiality": "What is said stays here.",
        "coordinator_emails": "carol@example.org",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_programme_with_core_questions_and_becomes_coordinator(
    personas: Personas,
) -> None:
    client = personas.client_for("carol")
    response = client.post(reverse("programmes:create"), programme_form())
    programme = Programme.objects.get(name="Women in Engineering")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:detail", args=[programme.slug])
    assert list(programme.coordinators.all()) == [personas.carol]
    assert programme.ends_on == datetime.date(2026, 12, 1)
    assert programme.max_timezone_gap_hours == 4
    keys = list(programme.questions.values_list("key", flat=True))
    assert keys[:3] == list(Question.CORE_KEYS)
    assert set(keys) >= {"frequency", "format", "style", "focus_areas"}
    assert programme.questions.filter(is_core=True).count() == 3


def test_new_programme_form_is_prefilled_with_good_practice_guidelines(
    personas: Personas,
) -> None:
    response = personas.client_for("carol").get(reverse("programmes:create"))
    assert response.status_code == 200
    assert "Mentoring is not line management" in response.content.decode()


def test_programme_end_before_start_is_refused_and_nothing_is_written(
    personas: Personas,
) -> None:
    client = personas.client_for("carol")
    response = client.post(
        reverse("programmes:create"), programme_form(starts_on="2026-05-01", ends_on="2026-04-01")
    )
    assert response.status_code == 200
    assert "The end date must be after the start date." in response.content.decode()
    assert not Programme.objects.filter(name="Women in Engineering").exists()
    assert not Question.objects.filter(programme__name="Women in Engineering").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("min_score", "1.5", "less than or equal to 1"),
        ("default_duration_months", "0", "greater than or equal to 1"),
        ("max_timezone_gap_hours", "30", "less than or equal to 24"),
        ("coordinator_emails", "nobody@example.org\ncarol@example.org", "No Tandem account"),
        ("coordinator_emails", "not-an-email", "is not an email address"),
    ],
)
def test_programme_form_shows_field_errors(
    personas: Personas, field: str, value: str, message: str
) -> None:
    response = personas.client_for("carol").post(
        reverse("programmes:create"), programme_form(**{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not Programme.objects.filter(name="Women in Engineering").exists()


def test_coordinator_adds_another_coordinator_by_email(personas: Personas) -> None:
    UserFactory(email="frank@example.org")
    client = personas.client_for("carol")
    client.post(
        reverse("programmes:create"),
        programme_form(coordinator_emails="carol@example.org, Frank@example.org"),
    )
    programme = Programme.objects.get(name="Women in Engineering")
    emails = sorted(programme.coordinators.values_list("email", flat=True))
    assert emails == ["carol@example.org", "frank@example.org"]


def test_coordinator_edits_programme(personas: Personas) -> None:
    programme = personas.programme
    response = personas.client_for("carol").post(
        reverse("programmes:edit", args=[programme.slug]),
        programme_form(name="Leaders of Tomorrow", status="running", min_score="0.5"),
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.status == Programme.Status.RUNNING
    assert str(programme.min_score) == "0.500"


def test_coordinator_cannot_remove_themselves_from_programme(personas: Personas) -> None:
    UserFactory(email="frank@example.org")
    programme = personas.programme
    response = personas.client_for("carol").post(
        reverse("programmes:edit", args=[programme.slug]),
        programme_form(coordinator_emails="frank@example.org"),
    )
    assert response.status_code == 200
    assert "Keep yourself as a coordinator" in response.content.decode()
    assert list(programme.coordinators.all()) == [personas.carol]


def test_participant_without_coordinator_role_cannot_open_create_page(
    personas: Personas,
) -> None:
    response = personas.client_for("alice").get(reverse("programmes:create"))
    assert response.status_code == 404


def test_anonymous_is_sent_to_sign_in(personas: Personas) -> None:
    response = personas.client_for("anonymous").get(reverse("programmes:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_list_shows_open_enrolled_and_coordinated_programmes_but_not_others_drafts(
    personas: Personas,
) -> None:
    draft_mine = ProgrammeFactory(
        name="Carol Draft", status=Programme.Status.DRAFT, coordinators=[personas.carol]
    )
    ProgrammeFactory(name="Someone Draft", status=Programme.Status.DRAFT)
    closed_enrolled = personas.programme
    closed_enrolled.status = Programme.Status.CLOSED
    closed_enrolled.save()

    alice_page = personas.client_for("alice").get(reverse("programmes:list")).content.decode()
    assert "Leaders of Tomorrow" in alice_page  # closed, but she is enrolled
    assert "Engineering Guild" in alice_page  # open
    assert "Draft" not in alice_page

    carol_page = personas.client_for("carol").get(reverse("programmes:list")).content.decode()
    assert "Carol Draft" in carol_page
    assert draft_mine.slug in carol_page
    assert "Someone Draft" not in carol_page


def test_detail_shows_guidelines_status_and_apply_button(personas: Personas) -> None:
    other = personas.other_programme
    other.guidelines_confidentiality = "Everything stays between the two of you."
    other.save()
    page = personas.client_for("alice").get(reverse("programmes:detail", args=[other.slug]))
    content = page.content.decode()
    assert "Everything stays between the two of you." in content
    assert reverse("programmes:apply", args=[other.slug]) in content

    mine = personas.client_for("alice").get(
        reverse("programmes:detail", args=[personas.programme.slug])
    )
    assert "You applied as a mentee" in mine.content.decode()
    assert reverse("programmes:apply", args=[personas.programme.slug]) not in (
        mine.content.decode()
    )


def test_draft_programme_is_hidden_from_participants(personas: Personas) -> None:
    draft = ProgrammeFactory(status=Programme.Status.DRAFT, coordinators=[personas.carol])
    url = reverse("programmes:detail", args=[draft.slug])
    assert personas.client_for("oscar").get(url).status_code == 404
    assert personas.client_for("dave").get(url).status_code == 404
    assert personas.client_for("carol").get(url).status_code == 200


@pytest.mark.parametrize(
    "url_name",
    ["programmes:edit", "programmes:questions", "programmes:enrolments", "programmes:invite"],
)
@pytest.mark.parametrize(
    ("who", "expected"),
    [("carol", 200), ("dave", 404), ("alice", 404), ("bob", 404), ("oscar", 404)],
)
def test_management_pages_answer_404_outside_the_coordinators(
    personas: Personas, url_name: str, who: str, expected: int
) -> None:
    response = personas.client_for(who).get(reverse(url_name, args=[personas.programme.slug]))
    assert response.status_code == expected


def test_superuser_can_manage_any_programme(personas: Personas) -> None:
    from django.test import Client

    admin = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    url = reverse("programmes:enrolments", args=[personas.programme.slug])
    assert client.get(url).status_code == 200


def test_programme_named_like_a_reserved_path_gets_another_slug(db: None) -> None:
    programme = ProgrammeFactory(name="New")
    assert programme.slug != "new"


def test_the_coordinator_is_not_told_they_have_not_applied(personas: Personas) -> None:
    url = reverse("programmes:detail", args=[personas.programme.slug])
    page = personas.client_for("carol").get(url).content.decode()
    assert "You have not applied yet." not in page
    assert "You coordinate this programme." in page
    assert "You have not applied yet." in personas.client_for("oscar").get(url).content.decode()


def test_a_programme_without_guidelines_shows_no_empty_heading(personas: Personas) -> None:
    Programme.objects.filter(pk=personas.programme.pk).update(
        guidelines_what_mentoring_is="", guidelines_roles="", guidelines_confidentiality=""
    )
    url = reverse("programmes:detail", args=[personas.programme.slug])
    assert ">Guidelines</h2>" not in personas.client_for("alice").get(url).content.decode()
