"""Text a coordinator writes into a questionnaire reaches applicants as text, never as markup."""

from __future__ import annotations

from html.parser import HTMLParser

from django.urls import reverse

from tandem.conftest import Personas
from tandem.programmes.models import Question
from tandem.programmes.tests.factories import valid_answers_form

META = '<meta http-equiv="refresh" content="0;url=https://evil.example">'
SCRIPT = "<script>alert('owned')</script>"
PAYLOAD = f"Hello {META}{SCRIPT}"


class _Elements(HTMLParser):
    """The elements a browser would build from a page, as far as this test cares."""

    def __init__(self) -> None:
        super().__init__()
        self.refreshes: list[dict[str, str | None]] = []
        self.script_texts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            self.refreshes.append(dict(attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_texts.append(data)


def assert_shown_as_text(html: str) -> None:
    elements = _Elements()
    elements.feed(html)
    assert elements.refreshes == [], "a coordinator's text became a <meta> element"
    assert not any("owned" in text for text in elements.script_texts), (
        "a coordinator's text became a <script> element"
    )
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in html
    assert "&lt;script&gt;alert(" in html


def _add_question(personas: Personas, **fields: str) -> None:
    response = personas.client_for("dave").post(
        reverse("programmes:questions", args=[personas.other_programme.slug]),
        {f"new-{name}": value for name, value in fields.items()},
    )
    assert response.status_code == 302, response.content.decode()


def test_markup_in_every_question_field_reaches_the_applicant_as_text(
    personas: Personas,
) -> None:
    _add_question(personas, key="bio", text=PAYLOAD, help_text=PAYLOAD, kind="text")
    _add_question(
        personas,
        key="sector",
        text="Sector",
        help_text=PAYLOAD,
        kind="choice",
        choices_text=f"public | {PAYLOAD}\nprivate | Private",
    )
    _add_question(
        personas,
        key="areas",
        text="Areas",
        help_text=PAYLOAD,
        kind="multi",
        choices_text=f"one | {PAYLOAD}\ntwo | Two",
    )
    sector = Question.objects.get(programme=personas.other_programme, key="sector")
    assert sector.help_text == PAYLOAD  # stored as written; only its display is escaped
    personas.other_programme.purpose = PAYLOAD
    personas.other_programme.save(update_fields=["purpose"])

    apply_url = reverse("programmes:apply", args=[personas.other_programme.slug])
    oscar = personas.client_for("oscar")
    page = oscar.get(apply_url)
    assert page.status_code == 200
    assert_shown_as_text(page.content.decode())

    # The same form shown again with the applicant's errors (a mentee must give goals).
    refused = oscar.post(apply_url, {"role": "mentee", **valid_answers_form()})
    assert refused.status_code == 400
    assert_shown_as_text(refused.content.decode())

    # The coordinator's own editor shows it as text too.
    dave = personas.client_for("dave")
    editor = dave.get(reverse("programmes:questions", args=[personas.other_programme.slug]))
    assert_shown_as_text(editor.content.decode())
    edit = dave.get(
        reverse("programmes:question_edit", args=[personas.other_programme.slug, sector.pk])
    )
    assert_shown_as_text(edit.content.decode())
