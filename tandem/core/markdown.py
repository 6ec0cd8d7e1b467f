"""Markdown that coordinators write, turned into HTML that cannot carry markup of its own.

Two locks, so that neither alone has to be perfect: the parser treats raw HTML in the source
as text (markdown-it's "js-default" preset has `html` off and refuses `javascript:` links),
and what it produces is cleaned by nh3 against a short list of tags, attributes and URL
schemes. A `<script>` or a `<meta http-equiv="refresh">` in the source is shown as text.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TAGS = {
    "a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
# The same, with each line end a line break: an email's wording is written line by line
# ("To accept, open this link:" then the link), as plain text reads it.
_parser_breaks = MarkdownIt(
    "js-default", {"html": False, "linkify": False, "typographer": False, "breaks": True}
)


def html_clean(html: str) -> SafeString:
    """HTML reduced to the tags, attributes and link schemes that Markdown makes."""
    return mark_safe(
        nh3.clean(
            html,
            tags=TAGS,
            attributes=ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
        )
    )


def markdown_html(text: str, *, breaks: bool = False) -> SafeString:
    """`text` as Markdown, rendered and cleaned: safe to print on a page or in an email.

    `breaks` renders each line end as a line break rather than as a space.
    """
    return html_clean((_parser_breaks if breaks else _parser).render(text or ""))
