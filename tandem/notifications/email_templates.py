"""Tandem's emails as templates a coordinator may rewrite for their programme.

Each email has a default subject and a Markdown body with named placeholders such as
`{person_name}`. A programme may override both (`EmailTemplate`); resetting deletes the
override. Placeholders are filled by a plain search and replace over known names, never by a
template engine, so text a coordinator writes cannot reach an object's attributes or run
anything; a name that is not the email's own is refused when the template is saved.

Sending builds two parts from one template: the plain text is the Markdown with the values
put in as they are; the HTML is the Markdown rendered first, with the values put in escaped
afterwards, so that a person's name is never read as Markdown or markup. A value marked as
Markdown (an announcement's body) is rendered and cleaned on its own and put in as a block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString

from tandem.core.markdown import html_clean, markdown_html

PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_]+)\}")


@dataclass(frozen=True)
class EmailSpec:
    key: str
    label: str
    help: str
    subject: str
    body: str
    # Every placeholder the email offers, with what it holds, in words.
    placeholders: dict[str, str]
    # Placeholders whose values are Markdown themselves, rendered as blocks in the HTML part.
    markdown: frozenset[str] = field(default_factory=frozenset)


EMAILS: tuple[EmailSpec, ...] = (
    EmailSpec(
        key="announcement",
        label="Announcement",
        help="Sent to each person an announcement is for, unless they chose to see "
        "announcements in the app only or in a digest.",
        subject="{programme_name}: {title}",
        body="Hello {person_name},\n\n{announcement}\n\nRead it in Tandem: {link}",
        placeholders={
            "person_name": "the recipient's name",
            "programme_name": "the programme's name",
            "title": "the announcement's title",
            "announcement": "the announcement itself",
            "link": "the address of the announcement in Tandem",
        },
        markdown=frozenset({"announcement"}),
    ),
)

BY_KEY: dict[str, EmailSpec] = {spec.key: spec for spec in EMAILS}


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: SafeString  # cleaned: printed as it is on the preview page


def placeholders_unknown(spec: EmailSpec, *texts: str) -> list[str]:
    """The placeholder names used in `texts` that `spec` does not offer, in order of use."""
    unknown: list[str] = []
    for text in texts:
        for name in PLACEHOLDER.findall(text):
            if name not in spec.placeholders and name not in unknown:
                unknown.append(name)
    return unknown


def _fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: values.get(match[1], match[0]), text)


def email_render(
    spec: EmailSpec, *, subject: str, body: str, values: dict[str, str]
) -> RenderedEmail:
    """The email `spec` with this subject and body, filled with `values` (by placeholder name)."""
    values = {name: str(values.get(name, "")) for name in spec.placeholders}
    tokens = {name: f"tandemvalue{index}x" for index, name in enumerate(spec.placeholders)}
    html = str(markdown_html(_fill(body, tokens)))
    for name, token in tokens.items():
        if name in spec.markdown:
            block = str(markdown_html(values[name]))
            html = html.replace(f"<p>{token}</p>", block).replace(token, block)
        else:
            html = html.replace(token, escape(values[name]))
    return RenderedEmail(
        subject=" ".join(_fill(subject, values).split())[:250],
        text=_fill(body, values),
        # Cleaned once more with the values in, so that no value can open a tag or a link.
        html=html_clean(html),
    )
