"""Every user-facing string in a template is marked for translation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.core.testing.translations import untranslated_in_file, untranslated_in_template

SOURCE = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    path
    for path in SOURCE.glob("**/templates/**/*")
    if path.suffix in {".html", ".txt"} and "tests" not in path.relative_to(SOURCE).parts
)


def test_the_templates_are_found() -> None:
    assert len(TEMPLATES) > 150


@pytest.mark.parametrize(
    "path", TEMPLATES, ids=[str(path.relative_to(SOURCE)) for path in TEMPLATES]
)
def test_no_template_holds_untranslated_text(path: Path) -> None:
    found = untranslated_in_file(path)
    assert not found, f"{path.relative_to(SOURCE)} holds text not marked for translation:\n" + (
        "\n".join(str(item) for item in found)
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<p>Your mentors</p>", ["Your mentors"]),
        ('<a href="{% url "home" %}" title="Go home">{% translate "Home" %}</a>', ["Go home"]),
        ("<p>Hello {{ person.name }}, welcome</p>", ["Hello …, welcome"]),
        ('<input type="submit" value="Save">', ["Save"]),
        ('<input type="hidden" value="secret">', []),
        ("{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}", []),
        ("{% comment %}A note for developers{% endcomment %}", []),
        ("<script>const label = 'not prose';</script>", []),
        ("<p>{{ count }} · {{ total }} — 42%</p>", []),
        ("<p>Tandem</p><abbr>CSV</abbr>", []),
        ('<img alt="{% translate "Chart" %}" src="x.png">', []),
    ],
)
def test_the_checker_finds_what_a_person_would_read(source: str, expected: list[str]) -> None:
    assert [item.text for item in untranslated_in_template(source)] == expected


def test_plain_text_emails_count_every_line() -> None:
    source = "{% load i18n %}{% translate 'Hello' %}\nYour meeting is tomorrow.\n{{ url }}\n"
    assert [item.line for item in untranslated_in_template(source, plain_text=True)] == [2]
