"""A service's refusal reaches an API client as a 400 with field errors, whatever the app."""

from __future__ import annotations

from django import forms

from tandem.api.errors import exception_handler
from tandem.core.errors import ServiceError
from tandem.core.forms import add_service_error


class AppError(ServiceError):
    pass


def test_a_refusal_about_one_field_is_a_400_on_that_field() -> None:
    response = exception_handler(AppError("Choose a date after today.", field="due_on"), {})

    assert response is not None
    assert response.status_code == 400
    assert response.data == {"due_on": ["Choose a date after today."]}


def test_a_refusal_about_the_whole_request_is_a_non_field_error() -> None:
    response = exception_handler(AppError("This pair is closed."), {})

    assert response is not None
    assert response.data == {"non_field_errors": ["This pair is closed."]}


def test_answers_of_a_questionnaire_nest_under_answers() -> None:
    error = AppError(errors={"goals": ["Say what you want."], "answers.why": ["Answer this."]})

    response = exception_handler(error, {})

    assert response is not None
    assert response.data == {"goals": ["Say what you want."], "answers": {"why": ["Answer this."]}}


class NoteForm(forms.Form):
    title = forms.CharField()


def test_on_a_page_the_message_sits_on_its_field_or_above_the_form() -> None:
    form = NoteForm({"title": "x"})
    form.is_valid()

    add_service_error(form, AppError("Too vague.", field="title"))
    add_service_error(form, AppError("Unknown field.", field="colour"))

    assert form.errors["title"] == ["Too vague."]
    assert form.non_field_errors() == ["Unknown field."]
