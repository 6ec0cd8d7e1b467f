"""Submit a page's form exactly as a browser would, with the values the page itself sent."""

from __future__ import annotations

from html.parser import HTMLParser

from django.http import HttpResponse
from django.test import Client


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[dict[str, str | None], list[tuple[str, str]]]] = []
        self._form: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._option: str | None = None
        self._option_selected = False
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._form = []
            self.forms.append((a, self._form))
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._form.append((name, a.get("value") or "on"))
            elif kind not in {"submit", "button", "image", "reset", "file"}:
                self._form.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            self._option = a.get("value")
            self._option_selected = "selected" in a
            self._text = ""
        elif tag == "textarea" and name:
            self._textarea = name
            self._text = ""

    def handle_data(self, data: str) -> None:
        self._text += data

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "option" and self._select and self._option_selected:
            value = self._option if self._option is not None else self._text.strip()
            self._form.append((self._select, value))
            self._option_selected = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # Browsers drop the one newline that may follow the opening tag.
            self._form.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def form_values(html: str, field: str) -> list[tuple[str, str]]:
    """The name/value pairs a browser would send from the first form holding `field`."""
    parser = _FormParser()
    parser.feed(html)
    for _attrs, values in parser.forms:
        if any(name == field for name, _ in values):
            return values
    raise AssertionError(f"No form on the page has a field named {field!r}")


def submit_unchanged(client: Client, url: str, field: str) -> HttpResponse:
    """Load `url`, then post back its form (the one holding `field`) without touching it."""
    page = client.get(url)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    data: dict[str, list[str]] = {}
    for name, value in form_values(page.content.decode(), field):
        data.setdefault(name, []).append(value)
    return client.post(url, data)
