"""Every form prints its help text escaped, however it is rendered."""

from __future__ import annotations

from pathlib import Path

import django
import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils.safestring import mark_safe

import tandem

MARKUP = '<meta http-equiv="refresh" content="0;url=https://evil.example"><b>x</b>'
ESCAPED = "&lt;meta http-equiv=&quot;refresh&quot;"
DJANGO_FORM_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"


class _Form(forms.Form):
    answer = forms.CharField(label=MARKUP, help_text=MARKUP)
    pick = forms.ChoiceField(
        choices=[("a", MARKUP)], widget=forms.RadioSelect, help_text=MARKUP, label=MARKUP
    )


@pytest.mark.parametrize(
    "render",
    [
        pytest.param(lambda form: str(form), id="str"),
        pytest.param(lambda form: form.as_div(), id="as_div"),
        pytest.param(lambda form: form.as_p(), id="as_p"),
        pytest.param(lambda form: form.as_table(), id="as_table"),
        pytest.param(lambda form: form.as_ul(), id="as_ul"),
        pytest.param(lambda form: form["answer"].as_field_group(), id="as_field_group"),
        pytest.param(lambda form: form["pick"].as_field_group(), id="radio_field_group"),
    ],
)
def test_markup_in_a_label_help_text_or_choice_is_printed_as_text(render: object) -> None:
    html = render(_Form(data={"answer": ""}))  # type: ignore[operator]
    assert "<meta" not in html
    assert "<b>" not in html
    assert ESCAPED in html


def test_help_text_marked_safe_by_the_code_keeps_its_markup() -> None:
    # Django's password rules come as a list marked safe; escaping by default must not break it.
    class Form(forms.Form):
        password = forms.CharField(help_text=mark_safe("<ul><li>At least 8 characters.</li></ul>"))

    assert "<ul><li>At least 8 characters.</li></ul>" in Form().as_p()


def _django_templates_printing_help_text_raw() -> list[str]:
    return sorted(
        str(path.relative_to(DJANGO_FORM_TEMPLATES))
        for path in DJANGO_FORM_TEMPLATES.rglob("*.html")
        if "help_text|safe" in path.read_text()
    )


def test_tandem_overrides_every_django_form_template_that_prints_help_text_raw() -> None:
    raw = _django_templates_printing_help_text_raw()
    assert raw, "Django no longer prints help text with |safe: the overrides may go"
    renderer = get_default_renderer()
    for name in raw:
        source = renderer.get_template(name).template.source
        django_source = (DJANGO_FORM_TEMPLATES / name).read_text()
        # A copy that differs in anything else is stale: refresh it from Django's.
        assert source == django_source.replace("field.help_text|safe", "field.help_text"), name


def test_no_tandem_template_prints_help_text_raw() -> None:
    root = Path(tandem.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("templates/**/*.html")
        if "help_text|safe" in path.read_text().replace(" ", "")
    ]
    assert offenders == []
