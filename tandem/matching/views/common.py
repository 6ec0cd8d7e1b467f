from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest

PAGE_SIZE = 50


def flash_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
