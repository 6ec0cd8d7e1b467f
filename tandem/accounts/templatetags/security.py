"""The Security section that the profile page shows: which second factors are on."""

from __future__ import annotations

from typing import Any

from django import template

from tandem.accounts.models import User
from tandem.accounts.selectors import security_summary

register = template.Library()


@register.inclusion_tag("accounts/_security.html", takes_context=True)
def security_section(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    assert isinstance(user, User)  # the pages that show it are for signed-in people only
    return {"security": security_summary(user)}
