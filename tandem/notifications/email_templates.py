"""Tandem's emails as templates a coordinator may rewrite for their programme.

Each email has a default subject and a Markdown body with named placeholders such as
`{person_name}`. A programme may override both (`EmailTemplate`); resetting deletes the
override. Placeholders are filled by a plain search and replace over known names, never by a
template engine, so text a coordinator writes cannot reach an object's attributes or run
anything; a name that is not the email's own is refused when the template is saved.

Sending builds two parts from one template: the plain text is the Markdown with the values
put in as they are; the HTML is the Markdown rendered first, with the values put in escaped
afterwards, so that a person's name is never read as Markdown or markup. A value marked as
Markdown (an announcement's body) is rendered and cleaned on its own and put in as a block;
a value marked as an address becomes a link. A paragraph that uses an optional placeholder
holding nothing is left out of both parts.

Whether an email carries the one-click unsubscribe is the email's own (`EmailSpec.unsubscribe`):
the transactional ones (a decision on an application) do not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tandem.core.markdown import html_clean, markdown_html

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_]+)\}")


@dataclass(frozen=True)
class EmailSpec:
    key: str
    label: StrOrPromise
    help: StrOrPromise
    # The default wording, translated: a placeholder's name stays as it is in every language.
    subject: StrOrPromise
    body: StrOrPromise
    # Every placeholder the email offers, with what it holds, in words.
    placeholders: dict[str, StrOrPromise]
    # Placeholders whose values are Markdown themselves, rendered as blocks in the HTML part.
    markdown: frozenset[str] = field(default_factory=frozenset)
    # Placeholders that may hold nothing (an invitation without a message): a paragraph that
    # uses one of them while it is empty is left out, so no email says "A note:" and no note.
    optional: frozenset[str] = field(default_factory=frozenset)
    # Placeholders holding an address, made a link in the HTML part (also inside a Markdown
    # link a coordinator writes: `[Accept]({accept_link})`).
    links: frozenset[str] = field(default_factory=frozenset)
    # False for the transactional emails (a decision on an application): sent once because of
    # something the person did, they carry no one-click unsubscribe.
    unsubscribe: bool = True
    # The unsubscribe names the recipient's address rather than their account: invitations go
    # to people who may have none.
    unsubscribe_by_address: bool = False


# The ones each decision email offers: a coordinator words a welcome and a refusal apart.
_DECISION: dict[str, StrOrPromise] = {
    "person_name": _("the applicant's name"),
    "programme_name": _("the programme's name"),
    "role": _("the role they applied for: mentee or mentor"),
    "note": _(
        "the note written with the decision (the paragraph that uses it is left out "
        "when there is none)"
    ),
    "link": _("the address of the programme in Tandem"),
}
_INVITATION: dict[str, StrOrPromise] = {
    "programme_name": _("the programme's name"),
    "role": _("the role they are invited to: mentee or mentor"),
    "inviter": _("the name of who invited them (Tandem, when that is not known)"),
    "accept_link": _("the address at which they accept the invitation"),
    "signup_link": _("the address at which they create their account first, if they have none"),
}

EMAILS: tuple[EmailSpec, ...] = (
    EmailSpec(
        key="announcement",
        label=_("Announcement"),
        help=_(
            "Sent to each person an announcement is for, unless they chose to see "
            "announcements in the app only or in a digest."
        ),
        subject=_("{programme_name}: {title}"),
        body=_("Hello {person_name},\n\n{announcement}\n\nRead it in Tandem: {link}"),
        placeholders={
            "person_name": _("the recipient's name"),
            "programme_name": _("the programme's name"),
            "title": _("the announcement's title"),
            "announcement": _("the announcement itself"),
            "link": _("the address of the announcement in Tandem"),
        },
        markdown=frozenset({"announcement"}),
        links=frozenset({"link"}),
    ),
    EmailSpec(
        key="decision-approved",
        label=_("Application approved"),
        help=_("Sent to an applicant when a coordinator approves their application."),
        subject=_("Your application to {programme_name}: approved"),
        body=_(
            "Hello {person_name},\n\n"
            "Your application to join {programme_name} as a {role} has been approved. "
            "Welcome aboard.\n\n"
            "Next, you will be matched with {matched_with}. "
            "We will let you know as soon as that happens.\n\n"
            "A note from the coordinator:\n{note}\n\n"
            "The programme: {link}"
        ),
        placeholders={
            **_DECISION,
            "matched_with": _("who they will be matched with: a mentor, or mentees"),
        },
        optional=frozenset({"note"}),
        links=frozenset({"link"}),
        unsubscribe=False,
    ),
    EmailSpec(
        key="decision-declined",
        label=_("Application not accepted"),
        help=_("Sent to an applicant when a coordinator declines their application."),
        subject=_("Your application to {programme_name}: not accepted"),
        body=_(
            "Hello {person_name},\n\n"
            "Thank you for applying to {programme_name} as a {role}. "
            "This time your application has not been accepted.\n\n"
            "A note from the coordinator:\n{note}\n\n"
            "The programme: {link}"
        ),
        placeholders=_DECISION,
        optional=frozenset({"note"}),
        links=frozenset({"link"}),
        unsubscribe=False,
    ),
    EmailSpec(
        key="invitation",
        label=_("Invitation"),
        help=_("Sent to each address a coordinator invites, and again when they send it again."),
        subject=_("You are invited to {programme_name}"),
        body=_(
            "Hello,\n\n"
            "{inviter} invites you to join {programme_name} as a {role}.\n\n"
            "{purpose}\n\n"
            "{message}\n\n"
            "To accept, open this link and complete a short application:\n{accept_link}\n\n"
            "New to Tandem? Create your account with this email address first:\n{signup_link}"
        ),
        placeholders={
            **_INVITATION,
            "purpose": _("the programme's purpose, as its settings describe it"),
            "message": _(
                "the message written with the invitation (the paragraph that uses it "
                "is left out when there is none)"
            ),
        },
        optional=frozenset({"purpose", "message"}),
        links=frozenset({"accept_link", "signup_link"}),
        unsubscribe_by_address=True,
    ),
    EmailSpec(
        key="invitation-reminder",
        label=_("Invitation reminder"),
        help=_(
            "Sent once to an invited person who has not accepted after the programme's "
            "reminder days."
        ),
        subject=_("Reminder: you are invited to {programme_name}"),
        body=_(
            "Hello,\n\n"
            "A reminder: {inviter} invited you to join {programme_name} as a {role}.\n\n"
            "To accept, open this link and complete a short application:\n{accept_link}\n\n"
            "New to Tandem? Create your account with this email address first:\n{signup_link}\n\n"
            "This is the only reminder you will receive about this invitation."
        ),
        placeholders=_INVITATION,
        links=frozenset({"accept_link", "signup_link"}),
        unsubscribe_by_address=True,
    ),
    EmailSpec(
        key="notification",
        label=_("Notification"),
        help=_(
            "Sent for each notice about the programme's pairs (a meeting tomorrow, a charter "
            "to sign, a new pair, a coordinator's alert) to whoever chose to receive it by email "
            "straight away."
        ),
        subject="{title}",
        body="{body}\n\n{link}",
        placeholders={
            "person_name": _("the recipient's name"),
            "programme_name": _("the programme's name"),
            "title": _("the notice's title"),
            "body": _(
                "the notice's text, when it has one (the paragraph that uses it is left "
                "out when it has none)"
            ),
            "link": _("the address of what the notice is about (left out like the text)"),
        },
        optional=frozenset({"body", "link"}),
        links=frozenset({"link"}),
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


def _without_empty(spec: EmailSpec, body: str, values: dict[str, str]) -> str:
    """`body` without the paragraphs that use an optional placeholder holding nothing."""
    empty = {name for name in spec.optional if not values[name].strip()}
    if not empty:
        return body
    paragraphs = re.split(r"\n[ \t]*\n", body.replace("\r\n", "\n"))
    kept = [text for text in paragraphs if not empty & set(PLACEHOLDER.findall(text))]
    return "\n\n".join(kept)


def _html_value(spec: EmailSpec, name: str, value: str) -> str:
    if name in spec.markdown:
        return str(markdown_html(value))
    if name in spec.links and value:
        return f'<a href="{escape(value)}">{escape(value)}</a>'
    # Plain text keeps its line ends: an invitation's message written over several lines.
    return "<br>\n".join(escape(line) for line in value.split("\n"))


def email_render(
    spec: EmailSpec, *, subject: str, body: str, values: Mapping[str, StrOrPromise]
) -> RenderedEmail:
    """The email `spec` with this subject and body, filled with `values` (by placeholder name);
    lazy values are written in the active language."""
    filled = {name: str(values.get(name, "")) for name in spec.placeholders}
    body = _without_empty(spec, body, filled)
    tokens = {name: f"tandemvalue{index}x" for index, name in enumerate(spec.placeholders)}
    html = str(markdown_html(_fill(body, tokens), breaks=True))
    for name, token in tokens.items():
        if name in spec.links:
            # Inside a link the coordinator wrote, the address itself, never a second link.
            html = html.replace(f'href="{token}"', f'href="{escape(filled[name])}"')
        block = _html_value(spec, name, filled[name])
        if name in spec.markdown:
            html = html.replace(f"<p>{token}</p>", block)
        html = html.replace(token, block)
    return RenderedEmail(
        subject=" ".join(_fill(subject, filled).split())[:250],
        text=_fill(body, filled),
        # Cleaned once more with the values in, so that no value can open a tag or a link.
        html=html_clean(html),
    )
