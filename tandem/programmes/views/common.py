from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where it names one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)
