"""Serializer fields shared by every app's API."""

from __future__ import annotations

from typing import Any

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
