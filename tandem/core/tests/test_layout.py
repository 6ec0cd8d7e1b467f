"""The frame every page shares: error pages with a way back, the folding menu, one sub-menu
per programme, and nothing the Content-Security-Policy would refuse."""

from __future__ import annotations

import re

from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tandem.conftest import Personas


def test_a_missing_page_is_branded_with_a_way_home(personas: Personas) -> None:
    response = personas.client_for("alice").get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "We cannot find that page" in page
    assert f'href="{reverse("home")}"' in page
    assert 'aria-label="Main"' in page


def test_a_server_error_page_is_branded_with_a_way_home() -> None:
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in page
    assert 'href="/"' in page
    assert "tandem.css" in page


def test_every_page_turns_off_htmx_inline_styles_and_nonces_its_script(
    personas: Personas,
) -> None:
    response = personas.client_for("alice").get(reverse("home"))
    page = response.content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in page
    nonces = re.findall(r'<script nonce="([^"]+)"', page)
    assert nonces
    assert all(f"'nonce-{n}'" in response["Content-Security-Policy"] for n in nonces)
    assert not re.search(r"<script(?![^>]*\b(src|nonce)=)", page)


def test_the_menu_folds_into_a_disclosure(personas: Personas) -> None:
    page = personas.client_for("alice").get(reverse("home")).content.decode()
    assert '<details class="nav-menu" id="nav-menu" open>' in page
    assert '<summary class="nav-toggle">Menu</summary>' in page


def test_a_programme_has_one_sub_menu_on_all_its_coordinator_pages(personas: Personas) -> None:
    slug = personas.programme.slug
    carol = personas.client_for("carol")
    for url in (
        reverse("programmes:detail", args=[slug]),
        reverse("programmes:enrolments", args=[slug]),
        reverse("matching:runs", args=[slug]),
        reverse("matching:settings", args=[slug]),
        reverse("mentorships:coordinator_list", args=[slug]),
        reverse("mentorships:coordinator_prompts", args=[slug]),
        reverse("mentorships:coordinator_health", args=[slug]),
        reverse("reports:programme", args=[slug]),
    ):
        page = carol.get(url).content.decode()
        menus = re.findall(r'<nav [^>]*aria-label="([^"]+)"', page)
        assert menus == ["Main", f"Manage {personas.programme.name}"], url
        assert page.count('aria-current="page"') == 1, url


def test_reasons_show_the_first_two_and_keep_the_rest_behind_a_disclosure() -> None:
    from django.template.loader import render_to_string

    sentences = [f"reason {n}" for n in range(1, 6)]
    html = render_to_string("_reasons.html", {"sentences": sentences})
    shown, hidden = html.split("<details", 1)
    assert re.findall(r"<li>(.*?)</li>", shown) == ["Reason 1", "Reason 2"]
    assert "<summary>3 more reasons</summary>" in hidden
    assert re.findall(r"<li>(.*?)</li>", hidden) == ["Reason 3", "Reason 4", "Reason 5"]
    assert "<details" not in render_to_string("_reasons.html", {"sentences": sentences[:2]})
