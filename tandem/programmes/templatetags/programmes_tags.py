from __future__ import annotations

from django import forms, template

from tandem.programmes.models import Programme

register = template.Library()


@register.filter
def pick_fields(form: forms.BaseForm, names: str) -> list[forms.BoundField]:
    """The form's fields named in a space-separated list, in that order."""
    return [form[name] for name in names.split() if name in form.fields]


@register.filter
def role_name(programme: Programme, role: str) -> str:
    """What ``programme`` calls ``role`` ("mentor", "mentee" or "peer"), in lower case: its
    own word, or the usual one in the active language."""
    return programme.labels.of(role)
