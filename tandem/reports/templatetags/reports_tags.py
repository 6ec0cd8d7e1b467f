from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: str) -> Any:
    """`counts|get_item:"mentor,approved"` looks up the tuple key ("mentor", "approved")."""
    return mapping.get(tuple(key.split(",")) if "," in key else key)
