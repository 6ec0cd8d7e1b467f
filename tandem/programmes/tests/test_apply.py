from __future__ import annotations

from django.urls import reverse

from tandem.accounts.tests.factories import UserFactory
from tandem.conftest import Personas
from tandem.people.models import Person, SkillAlias
from tandem.people.tests.factories import SkillFactory
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.tests.factories import ProgrammeFactory, valid_answers_form


def apply_url(programme: Programme) -> str:
    return reverse("programmes:apply", args=[programme.slug])


def test_mentee_applies_with_answers_goals_and_skills_by_alias(personas: Personas) -> None:
    ml = SkillFactory(name="Machine learning")
    SkillAlias.objects.update_or_create(alias="ml", defaults={"skill": ml})
    SkillFactory(name="Public speaking")
    programme = personas.other_programme
    response = personas.client_for("oscar").post(
        apply_url(programme),
        {
            "role": "mentee",
            "goals": "Move into a data science role.",
            "skills_wanted": "ml, Public Speaking, machine learning",
            **valid_answers_form(),
        },
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(programme=programme, person=personas.oscar)
    assert enrolment.status == Enrolment.Status.APPLIED
    assert enrolment.role == Enrolment.Role.MENTEE
    assert enrolment.answers["frequency"] == "monthly"
    assert enrolment.answers["focus_areas"] == ["career", "leadership"]
    assert enrolment.answers["define_mentoring"].startswith("A trusted colleague")
    assert sorted(s.name for s in enrolment.skills_wanted.all()) == [
        "Machine learning",
        "Public speaking",
    ]


def test_missing_required_answer_shows_field_error_and_writes_nothing(
    personas: Personas,
) -> None:
    answers = valid_answers_form()
    del answers["q_want_from_it"]
    response = personas.client_for("oscar").post(
        apply_url(personas.other_programme),
        {"role": "mentee", "goals": "Grow.", **answers},
    )
    assert response.status_code == 400
    assert "q_want_from_it" in response.context["questionnaire"].errors
    assert not Enrolment.objects.filter(person=personas.oscar).exists()


def test_invalid_choice_is_refused(personas: Personas) -> None:
    response = personas.client_for("oscar").post(
        apply_url(personas.other_programme),
        {"role": "mentee", "goals": "Grow.", **valid_answers_form(), "q_frequency": "daily"},
    )
    assert response.status_code == 400
    assert "q_frequency" in response.context["questionnaire"].errors
    assert not Enrolment.objects.filter(person=personas.oscar).exists()


def test_unknown_skill_is_refused_with_the_term_named(personas: Personas) -> None:
    response = personas.client_for("oscar").post(
        apply_url(personas.other_programme),
        {
            "role": "mentee",
            "goals": "Grow.",
            "skills_wanted": "underwater basketry",
            **valid_answers_form(),
        },
    )
    assert response.status_code == 400
    assert "underwater basketry" in " ".join(response.context["form"].errors["skills_wanted"])
    assert not Enrolment.objects.filter(person=personas.oscar).exists()


def test_mentor_needs_a_capacity_between_1_and_20(personas: Personas) -> None:
    client = personas.client_for("oscar")
    for capacity in ("", "0", "21"):
        response = client.post(
            apply_url(personas.other_programme),
            {"role": "mentor", "capacity": capacity, **valid_answers_form()},
        )
        assert response.status_code == 400
        assert "capacity" in response.context["form"].errors
    assert not Enrolment.objects.filter(person=personas.oscar).exists()
    response = client.post(
        apply_url(personas.other_programme),
        {"role": "mentor", "capacity": "3", **valid_answers_form()},
    )
    assert response.status_code == 302
    assert Enrolment.objects.get(person=personas.oscar).capacity == 3


def test_mentee_needs_goals(personas: Personas) -> None:
    response = personas.client_for("oscar").post(
        apply_url(personas.other_programme), {"role": "mentee", **valid_answers_form()}
    )
    assert response.status_code == 400
    assert "goals" in response.context["form"].errors


def test_second_application_to_the_same_programme_is_refused(personas: Personas) -> None:
    client = personas.client_for("alice")
    response = client.post(
        apply_url(personas.programme),
        {"role": "mentor", "capacity": "2", **valid_answers_form()},
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(programme=personas.programme, person=personas.alice)
    assert enrolment.role == Enrolment.Role.MENTEE
    assert Enrolment.objects.filter(person=personas.alice).count() == 1


def test_mentee_in_one_programme_can_be_mentor_in_another(personas: Personas) -> None:
    response = personas.client_for("alice").post(
        apply_url(personas.other_programme),
        {"role": "mentor", "capacity": "2", **valid_answers_form()},
    )
    assert response.status_code == 302
    roles = dict(
        Enrolment.objects.filter(person=personas.alice).values_list("programme__slug", "role")
    )
    assert roles == {
        personas.programme.slug: Enrolment.Role.MENTEE,
        personas.other_programme.slug: Enrolment.Role.MENTOR,
    }


def test_applying_creates_the_missing_profile(db: None) -> None:
    from django.test import Client

    user = UserFactory(email="newbie@example.org", name="New Person")
    programme = ProgrammeFactory()
    client = Client()
    client.force_login(user)
    response = client.post(
        apply_url(programme), {"role": "mentee", "goals": "Learn.", **valid_answers_form()}
    )
    assert response.status_code == 302
    person = Person.objects.get(user=user)
    assert person.enrolments.get().programme == programme


def test_closed_or_draft_programme_takes_no_application(personas: Personas) -> None:
    programme = personas.other_programme
    programme.status = Programme.Status.CLOSED
    programme.save()
    response = personas.client_for("carol").post(
        apply_url(programme), {"role": "mentee", "goals": "Learn.", **valid_answers_form()}
    )
    assert response.status_code == 404  # carol cannot see dave's closed programme
    draft = ProgrammeFactory(status=Programme.Status.DRAFT)
    assert personas.client_for("oscar").get(apply_url(draft)).status_code == 404


def test_applicant_withdraws_and_may_apply_again(personas: Personas) -> None:
    client = personas.client_for("alice")
    url = reverse("programmes:withdraw", args=[personas.programme.slug])
    assert client.post(url).status_code == 302
    personas.alice_enrolment.refresh_from_db()
    assert personas.alice_enrolment.status == Enrolment.Status.WITHDRAWN
    response = client.post(
        apply_url(personas.programme),
        {"role": "mentor", "capacity": "1", **valid_answers_form()},
    )
    assert response.status_code == 302
    personas.alice_enrolment.refresh_from_db()
    assert personas.alice_enrolment.status == Enrolment.Status.APPLIED
    assert personas.alice_enrolment.role == Enrolment.Role.MENTOR


def test_withdrawing_without_an_application_is_404(personas: Personas) -> None:
    url = reverse("programmes:withdraw", args=[personas.other_programme.slug])
    assert personas.client_for("alice").post(url).status_code == 404


def test_apply_form_presets_the_role_from_the_link(personas: Personas) -> None:
    response = personas.client_for("oscar").get(
        apply_url(personas.other_programme) + "?role=mentor"
    )
    assert response.status_code == 200
    assert response.context["form"].initial == {"role": "mentor"}
    assert "How would you define mentoring?" in response.content.decode()
