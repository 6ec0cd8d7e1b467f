"""Serializer fields shared by every app's API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from rest_framework import serializers


class OptionalChoiceField(serializers.ChoiceField):
    """A choice that may not be made yet: answers null rather than "", which is outside the
    enum the schema documents."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        if value in ("", None):
            return None
        return super().to_representation(value)


def query_choice(params: Any, name: str, choices: list[str]) -> str | None:
    """A filter from the query string that must be one of `choices`: anything else is a 400
    rather than an empty list, as the schema documents the choices."""
    value = params.get(name)
    if value and value not in choices:
        raise serializers.ValidationError(
            {name: [gettext("Not one of: %(choices)s.") % {"choices": ", ".join(choices)}]}
        )
    return value or None
