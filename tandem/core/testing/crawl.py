"""A crawl of every page in the real browser, for every kind of person who uses Tandem.

The world is the demo organisation (`tandem demo`) plus what it lacks for a full crawl: an
operator, a coordinator of another programme, a match run ready to review and a mentor request
waiting for an answer. Each persona signs in, starts from its home page, follows every link it
is shown and then tries every URL pattern filled with the world's ids. Every page is checked at
1366 px and at 375 px; see `Crawler.check_page` for the rules.

Pages reached by the same URL pattern are sampled: each persona's kind (mentee, mentor,
coordinator...) visits a pattern once per state of the mentorship the page is about, and every
persona visits its own home, mentorship list and notifications.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import NoReverseMatch, Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tandem.accounts.models import User
from tandem.core.testing.browser import BLOCKING_IMPACTS, RESULTS_DIR, sign_in
from tandem.demo.organisation import COORDINATOR_EMAIL, build_demo_organisation
from tandem.matching.models import DEFAULT_WEIGHTS, MatchProposal, MatchRun
from tandem.matching.services.requests import mentor_request_create
from tandem.matching.services.runs import match_run_start
from tandem.mentorships.models import Mentorship
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme

WIDTHS = (1366, 375)
HEIGHT = 900

# Pages that differ for every persona even when the pattern is the same.
PER_PERSONA = {
    "home",
    "mentorships:list",
    "mentorships:overview",
    "notifications:list",
    "matching:requests",
}

# Edit forms: opened and submitted unchanged, which must succeed. A listed page that the crawl
# reaches without a form to submit fails, so the list cannot silently rot.
EDIT_FORMS = {
    "people:profile_edit",
    "programmes:edit",
    "programmes:question_edit",
    "matching:settings",
    "mentorships:charter_edit",
    "mentorships:coordinator_prompt_edit",
    "mentorships:coordinator_health",
    "flash:weekly_cap",
    "flash:change_place",
}

# Pages that draw themselves from script after loading: checked once this selector shows, so
# that the rules see what a person sees rather than an empty frame.
RENDERED_BY_SCRIPT = {
    "api-docs": "#swagger-ui .opblock",
}

# The main pages, saved at every width under test-results/screens/ the first time each
# persona sees them.
SCREENS = {
    "home": "home",
    "mentorships:overview": "pair-overview",
    "mentorships:coordinator_list": "coordinator-pairs",
    "people:directory": "directory",
    "reports:programme": "report",
    "matching:run_detail": "match-run",
}
SCREENS_DIR = RESULTS_DIR / "screens"
LOG = RESULTS_DIR / "crawl" / "pages.txt"

# Never followed: they end the session, or are files rather than pages (checked for status only).
SKIPPED_PATHS = re.compile(r"^/(static|media)/|^/accounts/logout/")
# The SCIM endpoints answer an identity provider in JSON, and 401 to every persona.
FILES = re.compile(r"\.(ics|csv|json|yaml|png|jpg|svg|pdf)$|/schema/|^/scim/v2/")

# Chromium's own line for a document that answered 4xx; the status rule judges those.
FAILED_LOAD = "Failed to load resource: the server responded with a status of"

CSP_RECORDER = """
window.__tandemCsp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__tandemCsp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`
    + ` at ${e.sourceFile || ''}:${e.lineNumber || ''} ${e.sample || ''}`);
});
"""

OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width + 1) return null;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) {
      // Only a scroller that contains the element's box clips it: an absolutely placed
      // element (a visually hidden label, say) escapes every static ancestor up to the one
      // it is placed against, and a fixed one escapes them all.
      let parent = el.parentElement, inside = false;
      const position = getComputedStyle(el).position;
      if (position === 'fixed') parent = null;
      if (position === 'absolute') {
        while (parent && getComputedStyle(parent).position === 'static') {
          parent = parent.parentElement;
        }
      }
      while (parent) {
        const style = getComputedStyle(parent);
        if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) {
          inside = true;
          break;
        }
        parent = parent.parentElement;
      }
      if (inside) continue;
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string'
           ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      wide.push(`${name} (${Math.round(box.right)} px)`);
      if (wide.length >= 4) break;
    }
  }
  return `page is ${document.documentElement.scrollWidth} px wide at ${width} px: `
    + wide.join(', ');
}
"""


@dataclass
class Persona:
    name: str
    kind: str  # the sampling group: personas of one kind share pattern samples
    email: str | None
    ids: dict[str, Any]  # what fills URL patterns: slug, mentorship, goal, meeting...


@dataclass
class World:
    personas: list[Persona]


class CrawlFailure(AssertionError):
    pass


@dataclass
class Crawler:
    page: Any
    base: str
    keep_going: bool = False
    failures: list[str] = field(default_factory=list)
    repeats: Counter[tuple[str, str]] = field(default_factory=Counter)
    visited: Counter[str] = field(default_factory=Counter)
    _samples: set[tuple[str, ...]] = field(default_factory=set)
    _axe_checked: set[tuple[int, int | str]] = field(default_factory=set)
    _console: list[str] = field(default_factory=list)
    _axe: Axe = field(default_factory=Axe)

    def __post_init__(self) -> None:
        self.page.context.add_init_script(CSP_RECORDER)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self._console.append(f"page error: {error}"))

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self._console.append(f"{message.text} ({where})")

    # -- failing ---------------------------------------------------------------------------

    def fail(self, persona: Persona, url: str, width: int, rule: str, detail: str) -> None:
        name = _url_name(url)
        message = f"{persona.name} at {width} px: {url} [{name}] breaks '{rule}': {detail}"
        if self.keep_going:
            # Carrying on, one defect is listed once, with the first page that shows it.
            signature = (rule, re.sub(r"https?://[^/\s]+|\d+", "#", detail))
            self.repeats[signature] += 1
            if self.repeats[signature] > 1:
                return
        self.failures.append(message)
        shot = RESULTS_DIR / "crawl" / f"{len(self.failures):03d}-{persona.name}-{width}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        with (shot.parent / "failures.txt").open("a") as listed:
            listed.write(message + "\n")
        # A failed screenshot must not hide the failure itself.
        with contextlib.suppress(Exception):
            self.page.screenshot(path=str(shot), full_page=True)
        if not self.keep_going:
            raise CrawlFailure(message)

    # -- one persona -----------------------------------------------------------------------

    def crawl(self, persona: Persona) -> int:
        if persona.email is None:
            self.page.context.clear_cookies()
        else:
            self.page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
            sign_in(self.page, self.base, persona.email, settings.TANDEM_DEMO_PASSWORD)
        before = self.visited[persona.name]
        queue: deque[str] = deque([f"{self.base}/"])
        seen = {f"{self.base}/"}

        def enqueue(url: str) -> None:
            if url not in seen:
                seen.add(url)
                queue.append(url)

        def drain() -> None:
            while queue:
                url = queue.popleft()
                if not self._take_sample(persona, url):
                    continue
                for link in self.check_page(persona, url):
                    enqueue(link)

        drain()
        for url in pattern_urls(self.base, persona):
            if url in seen or self._sample_key(persona, url) in self._samples:
                continue
            seen.add(url)
            status, html = self._status(url)
            self._log(persona, "-", status, url)
            if status == 200 and html:
                queue.append(url)
                drain()
                continue
            # Checked by its status alone: a 404, a 405 for a form's target, a redirect.
            self._samples.add(self._sample_key(persona, url))
            self.visited[persona.name] += 1
            if status >= 500 or status == 403:
                self.page.goto(url)
                self.fail(persona, url, WIDTHS[0], "status", f"answered {status}")
        return self.visited[persona.name] - before

    def _sample_key(self, persona: Persona, url: str) -> tuple[str, ...]:
        name = _url_name(url)
        state = _pair_state(url)
        if name in PER_PERSONA:
            return (persona.name, name)
        # A pair's pages are sampled once per state of the pair for each kind of persona: a
        # mentor of two pairs covers both states at once.
        return (persona.kind, name, state)

    def _take_sample(self, persona: Persona, url: str) -> bool:
        key = self._sample_key(persona, url)
        if key in self._samples:
            return False
        self._samples.add(key)
        return True

    def _log(self, persona: Persona, width: int | str, status: int, url: str) -> None:
        """One line per page in test-results/crawl/pages.txt, to follow a long crawl."""
        LOG.parent.mkdir(parents=True, exist_ok=True)
        with LOG.open("a") as log:
            log.write(f"{persona.name}\t{width}\t{status}\t{url}\n")

    def _status(self, url: str) -> tuple[int, bool]:
        response = self.page.request.get(url, max_redirects=0)
        html = "text/html" in response.headers.get("content-type", "")
        return response.status, html

    # -- one page --------------------------------------------------------------------------

    def check_page(self, persona: Persona, url: str) -> list[str]:
        """Check `url` at every width; return the same-site links it shows."""
        path = urlsplit(url).path
        if FILES.search(path):
            status, _ = self._status(url)
            self._log(persona, "file", status, url)
            self.visited[persona.name] += 1
            if status >= 500 or status == 403:
                self.fail(persona, url, WIDTHS[0], "status", f"answered {status}")
            return []
        self.page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        self._console.clear()
        response = self.page.goto(url, wait_until="load")
        self.visited[persona.name] += 1
        status = response.status if response is not None else 0
        rendered = RENDERED_BY_SCRIPT.get(_url_name(url))
        if rendered and status == 200:
            try:
                self.page.wait_for_selector(rendered)
            except PlaywrightTimeout:
                self.fail(persona, url, WIDTHS[0], "renders", f"{rendered} never showed")
        self._log(persona, "page", status, url)
        if status >= 500:
            self.fail(persona, url, WIDTHS[0], "status", f"answered {status}")
            return []
        if status == 403:
            self.fail(persona, url, WIDTHS[0], "status", "answered 403; out of scope is 404")
        for width in WIDTHS:
            if width != WIDTHS[0]:
                self.page.set_viewport_size({"width": width, "height": HEIGHT})
                # Let layout and any resize handlers settle before measuring.
                self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
            self._check_console(persona, url, width, status)
            self._screenshot(persona, url, width, status)
            if width < 700:
                overflow = self.page.evaluate(OVERFLOW)
                if overflow:
                    self.fail(persona, url, width, "no horizontal overflow", overflow)
            # Error pages share one template: checked once per status and width. At phone
            # width, axe runs once per URL pattern: contrast and names do not change with
            # the width, and the overflow rule checks every page.
            key = (width, status if status >= 400 else _url_name(url))
            if (status < 400 and width == WIDTHS[0]) or key not in self._axe_checked:
                self._axe_checked.add(key)
                self._check_axe(persona, url, width)
        links = self._links() if status < 400 else []
        # By where the page ended up: an edit page may send its visitor back elsewhere.
        if _url_name(self.page.url) in EDIT_FORMS and status == 200:
            self._submit_unchanged(persona, url)
        return links

    def _screenshot(self, persona: Persona, url: str, width: int, status: int) -> None:
        label = SCREENS.get(_url_name(url))
        if label is None or status != 200:
            return
        path = SCREENS_DIR / f"{persona.name}-{label}-{width}.png"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(path), full_page=True)

    def _check_console(self, persona: Persona, url: str, width: int, status: int) -> None:
        errors = [
            line
            for line in self._console
            if not (status >= 400 and line.startswith(FAILED_LOAD) and url in line)
        ]
        csp = self.page.evaluate("() => window.__tandemCsp || []")
        errors += [f"CSP report: {line}" for line in csp if not any(line in e for e in errors)]
        self._console.clear()
        if errors:
            self.fail(persona, url, width, "no console error", " | ".join(errors[:3]))

    def _check_axe(self, persona: Persona, url: str, width: int) -> None:
        result = self._axe.run(self.page)
        for violation in result.response["violations"]:
            if violation["impact"] in BLOCKING_IMPACTS:
                targets = [node["target"] for node in violation["nodes"]][:3]
                self.fail(
                    persona,
                    url,
                    width,
                    "axe",
                    f"{violation['id']} [{violation['impact']}] {violation['help']} at {targets}",
                )

    def _links(self) -> list[str]:
        hrefs = self.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        links = []
        for href in hrefs:
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != self.base or SKIPPED_PATHS.search(parts.path):
                continue
            links.append(href.split("#", 1)[0])
        return links

    def _submit_unchanged(self, persona: Persona, url: str) -> None:
        self.page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        form = self.page.locator(
            "main form[method=post]:has(textarea, select, "
            "input:not([type=hidden]):not([type=submit]):not([type=checkbox]))"
        ).first
        if form.count() == 0:
            self.fail(persona, url, WIDTHS[0], "edit form saves unchanged", "no edit form found")
            return
        invalid = form.evaluate(
            """form => [...form.elements]
                .filter(el => el.willValidate && !el.checkValidity())
                .map(el => `${el.name || el.id}: ${el.validationMessage} (value '${el.value}')`)"""
        )
        if invalid:
            self.fail(
                persona,
                url,
                WIDTHS[0],
                "edit form saves unchanged",
                "the browser refuses the form as loaded: " + "; ".join(invalid),
            )
            return
        responses: list[Any] = []
        listener: Callable[[Any], None] = lambda response: responses.append(response)  # noqa: E731
        self.page.on("response", listener)
        self._console.clear()
        try:
            button = form.locator("button:not([type=button]):not([type=reset]), [type=submit]")
            with self.page.expect_response(lambda r: r.request.method == "POST"):
                button.first.click()
            self.page.wait_for_load_state("load")
        finally:
            self.page.remove_listener("response", listener)
        posted = [r for r in responses if r.request.method == "POST"]
        bad = [f"{r.request.url} answered {r.status}" for r in posted if r.status >= 400]
        errors = self.page.locator(".errorlist, .form-error, [aria-invalid=true]")
        if bad or errors.count():
            shown = errors.all_inner_texts()[:3] if errors.count() else []
            self.fail(
                persona,
                url,
                WIDTHS[0],
                "edit form saves unchanged",
                "; ".join(bad + [" ".join(text.split()) for text in shown]) or "errors shown",
            )
        self._check_console(persona, self.page.url, WIDTHS[0], 200)


# -- URL patterns ---------------------------------------------------------------------------


def _url_name(url: str) -> str:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return "unresolved"
    return match.view_name


def _pair_state(url: str) -> str:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return ""
    if match.namespace != "mentorships" or "pk" not in match.kwargs:
        return ""
    mentorship = Mentorship.objects.filter(pk=match.kwargs["pk"]).first()
    if mentorship is None:
        return ""
    return f"{mentorship.state}:{mentorship.outcome or ''}"


def _patterns(
    resolvers: list[Any], prefix: str = "", namespace: str = "", params: tuple[str, ...] = ()
) -> Iterator[tuple[str, tuple[str, ...], bool]]:
    """(view name, parameter names, uses regex) for every named URL pattern."""
    for entry in resolvers:
        regex = isinstance(entry.pattern, RegexPattern)
        names: tuple[str, ...] = ()
        if isinstance(entry.pattern, RoutePattern):
            names = tuple(entry.pattern.converters)
        elif regex:
            names = tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, prefix, inner.strip(":"), params + names)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}".strip(":"), params + names, regex)


# Which of the world's ids a `pk` means, by view name prefix.
PK_MEANS = [
    ("circles:group_run", "group_run"),
    ("circles:placement", "group_run"),
    ("circles:unplaced", "group_run"),
    ("circles:proposed", "group_run"),
    ("circles:", "circle"),
    ("programmes:question", "question"),
    ("programmes:enrolment", "enrolment"),
    ("matching:request", "request"),
    ("matching:", "run"),
    ("people:detail", "person"),
    ("people:import", "people_import"),
    ("mentorships:", "mentorship"),
    ("api:mentorship", "mentorship"),
    ("api:programme", "programme"),
    ("api:person", "person"),
    ("api:enrolment", "enrolment"),
]
PARAMS = {
    "goal_pk": "goal",
    "milestone_pk": "milestone",
    "meeting_pk": "meeting",
    "item_pk": "agenda_item",
    "entry_pk": "journal_entry",
    "opportunity_pk": "opportunity",
    "concern_pk": "concern",
    "prompt_pk": "prompt",
    "proposal": "proposal",
    "mentor": "mentor_person",
    "token_id": "token",
    "placement": "placement",
    "row": "unplaced",
    "member": "circle_member",
}
# Pages of a group programme are filled with the demo's group programme and its ids, and a
# circle's own pages with the ids of its meetings, goals and journal.
GROUP_PARAMS = {
    "circle": "proposed_circle",
    "meeting_pk": "circle_meeting",
    "goal_pk": "circle_goal",
    "entry_pk": "circle_entry",
    "item_pk": "circle_agenda_item",
}
WORDS = {"number": 1, "kind": "shared", "direction": "up", "action": "approve", "token": "nope"}


def pattern_urls(base: str, persona: Persona) -> list[str]:
    """Every named URL pattern outside the admin, filled with the persona's ids."""
    from django.urls import reverse

    urls = []
    for name, params, regex in _patterns(get_resolver().url_patterns):
        if name.startswith("admin:") or "format" in params or (regex and params):
            continue
        kwargs: dict[str, Any] = {}
        for param in params:
            if param == "pk":
                means = next((m for prefix, m in PK_MEANS if name.startswith(prefix)), "")
                kwargs[param] = persona.ids.get(means, 1)
            elif param == "slug" and name.startswith("circles:"):
                kwargs[param] = persona.ids.get("group_slug", persona.ids["slug"])
            elif param == "slug":
                kwargs[param] = persona.ids["slug"]
            elif name.startswith("circles:") and param in GROUP_PARAMS:
                kwargs[param] = persona.ids.get(GROUP_PARAMS[param], 1)
            elif param in PARAMS:
                kwargs[param] = persona.ids.get(PARAMS[param], 1)
            else:
                kwargs[param] = WORDS.get(param, "1")
        try:
            urls.append(base + reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    return urls


# -- the world ------------------------------------------------------------------------------

STATES = [
    ("proposed", Mentorship.State.PROPOSED, ""),
    ("agreeing", Mentorship.State.AGREEING, ""),
    ("active", Mentorship.State.ACTIVE, ""),
    ("paused", Mentorship.State.PAUSED, ""),
    ("closing", Mentorship.State.CLOSING, ""),
    ("completed", Mentorship.State.CLOSED, Mentorship.Outcome.COMPLETED),
    ("ended-early", Mentorship.State.CLOSED, Mentorship.Outcome.ENDED_EARLY),
    ("withdrawn", Mentorship.State.CLOSED, Mentorship.Outcome.WITHDRAWN),
]


def _pair_ids(mentorship: Mentorship) -> dict[str, Any]:
    def first(related: Any) -> int | None:
        return related.order_by("pk").values_list("pk", flat=True).first()

    meeting = mentorship.meetings.order_by("-pk").first()
    goal = mentorship.goals.order_by("pk").first()
    return {
        "mentorship": mentorship.pk,
        "goal": goal.pk if goal else None,
        "milestone": first(goal.milestones) if goal else None,
        "meeting": meeting.pk if meeting else None,
        "agenda_item": first(meeting.agenda_items) if meeting else None,
        "journal_entry": first(mentorship.journal_entries),
        "opportunity": first(mentorship.opportunities),
        "concern": first(mentorship.concerns),
    }


def _group_ids(coordinator: User) -> dict[str, Any]:
    """The demo's group programme, with a group run ready to review, and its ids."""
    from tandem.circles.models import Circle, CircleMember, Placement, UnplacedMentee
    from tandem.circles.services.runs import group_run_start

    group = Programme.objects.get(kind=Programme.Kind.GROUP)
    run = group_run_start(programme=group, created_by=coordinator, circle_count=None)
    circle = (
        Circle.objects.filter(programme=group, state=Circle.State.ACTIVE).order_by("pk").first()
    )
    member = CircleMember.objects.filter(circle=circle, role="mentee").order_by("pk").first()
    facilitator = CircleMember.objects.filter(circle=circle, role="mentor").order_by("pk").first()
    placement = Placement.objects.filter(run=run).order_by("pk").first()
    meeting = circle.meetings.order_by("-starts_at").first() if circle else None
    unplaced = UnplacedMentee.objects.filter(run=run).order_by("pk").first()
    return {
        "group_slug": group.slug,
        "group_run": run.pk,
        "circle": circle.pk if circle else None,
        "circle_member": member.pk if member else None,
        "placement": placement.pk if placement else None,
        "unplaced": unplaced.pk if unplaced else None,
        "proposed_circle": placement.circle_id if placement else None,
        "circle_meeting": meeting.pk if meeting else None,
        "circle_goal": circle.goals.values_list("pk", flat=True).first() if circle else None,
        "circle_entry": circle.journal_entries.values_list("pk", flat=True).first()
        if circle
        else None,
        "circle_agenda_item": meeting.agenda_items.values_list("pk", flat=True).first()
        if meeting
        else None,
        "circle_member_email": member.person.email if member else None,
        "circle_facilitator_email": facilitator.person.email if facilitator else None,
    }


def build_world() -> World:
    """The demo organisation and the personas who crawl it."""
    result = build_demo_organisation(seed=7, size=300)
    leaders, craft, peers, _group = result.programmes
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    password_user = coordinator  # everyone shares the demo password

    operator = User.objects.create(
        email="operator@northwind.example",
        name="Olive Operator",
        is_superuser=True,
        is_staff=True,
        password=password_user.password,
    )
    other = User.objects.create(
        email="guild.coordinator@northwind.example",
        name="Gail Guild",
        is_coordinator=True,
        password=password_user.password,
    )
    for user in (operator, other):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Person.objects.create(user=other, email=other.email, name=other.name, timezone="Europe/Paris")
    guild = Programme.objects.create(
        name="Engineering Guild",
        purpose="Engineers teaching engineers.",
        kind=craft.kind,
        status=Programme.Status.OPEN,
        starts_on=craft.starts_on,
        ends_on=craft.ends_on,
        default_duration_months=6,
    )
    guild.coordinators.add(other)

    # A run ready to review in the programme where the coordinator matches.
    match_run_start(
        programme=craft,
        created_by=coordinator,
        mode="optimal",
        weights=dataclasses.asdict(DEFAULT_WEIGHTS),
    )
    # A request waiting for a mentor's answer in the programme where mentees choose.
    busy = set(Mentorship.objects.filter(programme=leaders).values_list("mentee_id", flat=True))
    waiting = (
        Enrolment.objects.filter(
            programme=leaders, role=Enrolment.Role.MENTEE, status=Enrolment.Status.APPROVED
        )
        .exclude(person_id__in=busy)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    mentor_enrolment = (
        Enrolment.objects.filter(
            programme=leaders, role=Enrolment.Role.MENTOR, status=Enrolment.Status.APPROVED
        )
        .exclude(person__department=waiting.person.department if waiting else None)
        .select_related("person")
        .order_by("-pk")
        .first()
    )
    request = None
    if waiting and mentor_enrolment:
        request = mentor_request_create(
            programme=leaders,
            mentee=waiting.person,
            mentor=mentor_enrolment.person,
            hope_to_gain="Confidence in leading my first team.",
            why_this_mentor="You built a team from scratch last year.",
        )

    group_ids = _group_ids(coordinator)
    run = MatchRun.objects.filter(programme=craft).order_by("-pk").first()
    proposal = MatchProposal.objects.filter(run=run).order_by("pk").first() if run else None
    common: dict[str, Any] = {
        "slug": leaders.slug,
        "programme": leaders.pk,
        "question": leaders.questions.order_by("pk").values_list("pk", flat=True).first(),
        "enrolment": Enrolment.objects.filter(programme=leaders).order_by("pk").first().pk,
        "run": run.pk if run else None,
        "proposal": proposal.pk if proposal else None,
        "request": request.pk if request else None,
        "prompt": None,
        **group_ids,
    }
    from tandem.mentorships.models import Prompt

    common["prompt"] = Prompt.objects.order_by("pk").values_list("pk", flat=True).first()

    personas = [Persona("anonymous", "anonymous", None, dict(common))]
    active = None
    for label, state, outcome in STATES:
        mentorship = (
            Mentorship.objects.filter(programme=leaders, state=state, outcome=outcome)
            .select_related("mentee", "mentor")
            .order_by("pk")
            .first()
        )
        assert mentorship is not None, f"the demo has no {label} mentorship"
        if label == "active":
            active = mentorship
        ids = {**common, **_pair_ids(mentorship)}
        mentee = Persona(
            f"mentee-{label}",
            "mentee",
            mentorship.mentee.email,
            {**ids, "person": mentorship.mentor_id, "mentor_person": mentorship.mentor_id},
        )
        mentor = Persona(
            f"mentor-{label}",
            "mentor",
            mentorship.mentor.email,
            {**ids, "person": mentorship.mentee_id, "mentor_person": mentorship.mentor_id},
        )
        personas += [mentee, mentor]
    assert active is not None
    pair = {**common, **_pair_ids(active), "person": active.mentee_id}
    manager = active.mentee.manager
    assert manager is not None
    assert manager.user is not None
    staff = [
        Persona("coordinator", "coordinator", COORDINATOR_EMAIL, pair),
        Persona("other-coordinator", "other-coordinator", other.email, pair),
        Persona("line-manager", "line-manager", manager.email, pair),
        Persona("operator", "operator", operator.email, pair),
    ]
    circle_people = [
        Persona(f"circle-{role}", f"circle-{role}", common[f"circle_{role}_email"], dict(common))
        for role in ("member", "facilitator")
        if common.get(f"circle_{role}_email")
    ]
    # The coordinator again, on the peer programme: its published run, pairs and pool.
    peer_run = MatchRun.objects.filter(programme=peers).order_by("-pk").first()
    peer_proposal = MatchProposal.objects.filter(run=peer_run).order_by("pk").first()
    peer_active = Mentorship.objects.filter(programme=peers, state=Mentorship.State.ACTIVE).first()
    assert peer_run is not None
    assert peer_active is not None
    staff.append(
        Persona(
            "coordinator-of-peers",
            "coordinator-of-peers",
            COORDINATOR_EMAIL,
            {
                **pair,
                **_pair_ids(peer_active),
                "slug": peers.slug,
                "programme": peers.pk,
                "question": peers.questions.order_by("pk").values_list("pk", flat=True).first(),
                "enrolment": Enrolment.objects.filter(programme=peers).order_by("pk").first().pk,
                "run": peer_run.pk,
                "proposal": peer_proposal.pk if peer_proposal else None,
                "person": peer_active.mentee_id,
            },
        )
    )
    # A peer of the peer programme's pairs: their pages name no mentor and no mentee.
    for label, state in (
        ("proposed", Mentorship.State.PROPOSED),
        ("active", Mentorship.State.ACTIVE),
    ):
        peer_pair = (
            Mentorship.objects.filter(programme=peers, state=state)
            .select_related("mentee", "mentor")
            .order_by("pk")
            .first()
        )
        assert peer_pair is not None, f"the demo has no {label} peer pair"
        peer_ids = {**common, **_pair_ids(peer_pair), "slug": peers.slug, "programme": peers.pk}
        personas.append(
            Persona(
                f"peer-{label}",
                "peer",
                peer_pair.mentee.email,
                {**peer_ids, "person": peer_pair.mentor_id, "mentor_person": peer_pair.mentor_id},
            )
        )
    # The people who run programmes first: their pages are the most numerous.
    return World([personas[0], *staff, *personas[1:], *circle_people])


def selected(personas: list[Persona]) -> list[Persona]:
    """The personas named in TANDEM_CRAWL_PERSONAS (comma-separated, prefixes allowed)."""
    wanted = [w.strip() for w in os.environ.get("TANDEM_CRAWL_PERSONAS", "").split(",") if w]
    if not wanted:
        return personas
    chosen = [p for p in personas if any(p.name.startswith(w) for w in wanted)]
    if not chosen:
        names = ", ".join(p.name for p in personas)
        raise ValueError(f"TANDEM_CRAWL_PERSONAS matches none of: {names}")
    return chosen


# Pages each kind of persona visited in a full crawl (docs/testing.md): what the shards are
# balanced by. Personas of one kind share their samples, so a kind is never split.
PAGES_BY_KIND = {"mentee": 579, "mentor": 579, "peer": 311}
PAGES_OF_OTHER_KINDS = 280
SHARDS = 2


def shard(personas: list[Persona], index: int, count: int = SHARDS) -> list[Persona]:
    """The personas crawled by shard `index` of `count`: whole kinds, heaviest first, each to
    the shard with the fewest pages so far, so that the shards take about as long."""
    kinds: dict[str, list[Persona]] = {}
    for persona in personas:
        kinds.setdefault(persona.kind, []).append(persona)
    load = [0] * count
    owner: dict[str, int] = {}
    for kind in sorted(kinds, key=lambda k: -PAGES_BY_KIND.get(k, PAGES_OF_OTHER_KINDS)):
        owner[kind] = load.index(min(load))
        load[owner[kind]] += PAGES_BY_KIND.get(kind, PAGES_OF_OTHER_KINDS)
    return [persona for persona in personas if owner[persona.kind] == index]


def write_summary(crawler: Crawler, personas: list[Persona], name: str = "summary") -> Path:
    """Pages visited per persona, then the failures, to test-results/crawl/<name>.txt."""
    path = RESULTS_DIR / "crawl" / f"{name}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    counts = {persona.name: crawler.visited[persona.name] for persona in personas}
    lines = [f"{name:<22} {count:>4} pages" for name, count in counts.items()]
    lines.append(f"{'total':<22} {sum(counts.values()):>4} pages")
    repeats = sum(crawler.repeats.values()) - len(crawler.repeats)
    lines += ["", f"{len(crawler.failures)} failure(s)"]
    if repeats > 0:
        lines[-1] += f", each listed once at its first page ({repeats} repeats not listed)"
    lines += crawler.failures
    path.write_text("\n".join(lines) + "\n")
    return path
