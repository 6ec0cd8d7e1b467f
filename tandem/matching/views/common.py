from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from tandem.matching.services import MatchingError

PAGE_SIZE = 50


def show_error(form: forms.BaseForm, error: MatchingError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def flash_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
