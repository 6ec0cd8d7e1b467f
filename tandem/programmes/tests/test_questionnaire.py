from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.programmes import services
from tandem.programmes.errors import ProgrammeError
from tandem.programmes.models import Question
from tandem.programmes.tests.factories import ProgrammeFactory


def test_default_questionnaire_has_core_and_structured_questions(db: None) -> None:
    programme = ProgrammeFactory()
    questions = {q.key: q for q in programme.questions.all()}
    assert [q.text for q in list(programme.questions.order_by("order"))[:3]] == [
        "How would you define mentoring?",
        "What do you want to get out of it?",
        "What do you expect from the other person?",
    ]
    assert [v for v, _ in questions["frequency"].choices] == [
        "weekly",
        "fortnightly",
        "monthly",
        "quarterly",
    ]
    assert [v for v, _ in questions["format"].choices] == ["in_person", "video", "phone", "mixed"]
    assert [v for v, _ in questions["style"].choices] == ["1", "2", "3", "4", "5"]
    assert "Directive" in questions["style"].choices[0][1]
    assert questions["focus_areas"].kind == Question.Kind.MULTI


def test_installing_defaults_twice_adds_nothing(db: None) -> None:
    programme = ProgrammeFactory()
    before = programme.questions.count()
    services.questionnaire_install_defaults(programme=programme)
    assert programme.questions.count() == before


def test_core_question_cannot_be_deleted(personas: Personas) -> None:
    core = personas.programme.questions.get(key=Question.DEFINE_MENTORING)
    with pytest.raises(ProgrammeError):
        services.question_delete(question=core)
    response = personas.client_for("carol").post(
        reverse("programmes:question_delete", args=[personas.programme.slug, core.pk]),
        follow=True,
    )
    assert "part of every questionnaire" in response.content.decode()
    assert Question.objects.filter(pk=core.pk).exists()


def test_core_question_keeps_its_key_but_can_be_reworded(personas: Personas) -> None:
    core = personas.programme.questions.get(key=Question.WANT_FROM_IT)
    with pytest.raises(ProgrammeError):
        services.question_update(question=core, key="something_else")
    response = personas.client_for("carol").post(
        reverse("programmes:question_edit", args=[personas.programme.slug, core.pk]),
        {"key": "hijacked", "text": "What would success look like?", "kind": "choice"},
    )
    assert response.status_code == 302
    core.refresh_from_db()
    assert core.key == Question.WANT_FROM_IT
    assert core.kind == Question.Kind.TEXT
    assert core.text == "What would success look like?"


def test_coordinator_adds_a_choice_question(personas: Personas) -> None:
    response = personas.client_for("carol").post(
        reverse("programmes:questions", args=[personas.programme.slug]),
        {
            "new-key": "sector",
            "new-text": "Which sector interests you?",
            "new-kind": "choice",
            "new-choices_text": "public | Public sector\nprivate | Private sector",
            "new-required": "on",
        },
    )
    assert response.status_code == 302
    question = personas.programme.questions.get(key="sector")
    assert question.choices == [["public", "Public sector"], ["private", "Private sector"]]
    assert question.order == personas.programme.questions.count()


def test_adding_a_question_with_htmx_returns_the_updated_editor(personas: Personas) -> None:
    response = personas.client_for("carol").post(
        reverse("programmes:questions", args=[personas.programme.slug]),
        {"new-key": "hobby", "new-text": "What do you do for fun?", "new-kind": "text"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="questionnaire">')
    assert "What do you do for fun?" in content


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"new-key": "define_mentoring", "new-kind": "text"}, "key", "core question"),
        ({"new-key": "frequency", "new-kind": "text"}, "key", "uses this key"),
        ({"new-key": "sector", "new-kind": "choice"}, "choices_text", "at least two"),
        (
            {"new-key": "sector", "new-kind": "text", "new-choices_text": "a | A\nb | B"},
            "choices_text",
            "no choices",
        ),
        (
            {"new-key": "sector", "new-kind": "choice", "new-choices_text": "a | A\na | B"},
            "choices_text",
            "appears twice",
        ),
    ],
)
def test_invalid_question_shows_field_error_and_adds_nothing(
    personas: Personas, data: dict[str, str], field: str, message: str
) -> None:
    before = personas.programme.questions.count()
    response = personas.client_for("carol").post(
        reverse("programmes:questions", args=[personas.programme.slug]),
        {"new-text": "A question", **data},
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert personas.programme.questions.count() == before


def test_coordinator_removes_and_reorders_questions(personas: Personas) -> None:
    programme = personas.programme
    client = personas.client_for("carol")
    fmt = programme.questions.get(key="format")
    client.post(reverse("programmes:question_move", args=[programme.slug, fmt.pk, "up"]))
    keys = list(programme.questions.order_by("order").values_list("key", flat=True))
    assert keys.index("format") < keys.index("frequency")

    style = programme.questions.get(key="style")
    response = client.post(
        reverse("programmes:question_delete", args=[programme.slug, style.pk]),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert not programme.questions.filter(key="style").exists()


def test_another_coordinator_cannot_edit_the_questionnaire(personas: Personas) -> None:
    question = personas.programme.questions.get(key="style")
    client = personas.client_for("dave")
    url = reverse("programmes:question_delete", args=[personas.programme.slug, question.pk])
    assert client.post(url).status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()
    # A question of another programme is not reachable through one's own programme either.
    own_url = reverse(
        "programmes:question_delete", args=[personas.other_programme.slug, question.pk]
    )
    assert client.post(own_url).status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()


def test_question_edit_page_shows_the_choices_as_lines(personas: Personas) -> None:
    question = personas.programme.questions.get(key="format")
    response = personas.client_for("carol").get(
        reverse("programmes:question_edit", args=[personas.programme.slug, question.pk])
    )
    assert response.status_code == 200
    assert "in_person | In person" in response.content.decode()
