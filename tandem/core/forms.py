"""Showing a service's refusal on a page's form."""

from __future__ import annotations

from collections.abc import Callable

from django.forms import BaseForm

from tandem.core.errors import NON_FIELD, ServiceError


def add_service_error(
    form: BaseForm,
    error: ServiceError,
    *,
    prefix: str = "",
    field_name: Callable[[str], str] = str,
) -> None:
    """Show each message next to the field it concerns, or above the form when the form has
    no such field.

    Errors keyed `<prefix>.<key>` belong to a nested form (a questionnaire's `answers.<key>`):
    they are shown only when that form is given with `prefix`, on its field
    `field_name(<key>)`.
    """
    for key, messages in error.errors.items():
        if prefix:
            if not key.startswith(f"{prefix}."):
                continue
            key = key[len(prefix) + 1 :]
        elif "." in key:
            continue
        if key != NON_FIELD:
            key = field_name(key)
        name = key if key != NON_FIELD and key in form.fields else None
        for message in messages:
            form.add_error(name, message)
