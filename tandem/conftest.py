"""Test personas shared by every app's tests.

alice is a mentee and bob a mentor in one programme that carol coordinates; dave coordinates
another programme; erin is alice's line manager; oscar is an outsider with an account and
nothing else; superuser is an operator who is in no pair; "other_pair" is the mentee of
another active mentorship (with its own mentor) in alice and bob's programme.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.db import transaction
from django.test import Client

from tandem.accounts.models import User
from tandem.accounts.tests.factories import UserFactory
from tandem.people.models import Person
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.tests.factories import EnrolmentFactory, ProgrammeFactory

if TYPE_CHECKING:
    from tandem.mentorships.models import Mentorship


@dataclass
class Personas:
    programme: Programme
    other_programme: Programme
    alice: Person  # mentee
    bob: Person  # mentor
    carol: User  # coordinator of `programme`
    dave: User  # coordinator of `other_programme`
    erin: Person  # alice's line manager
    oscar: Person  # outsider
    superuser: User  # an operator, in no pair
    alice_enrolment: Enrolment
    bob_enrolment: Enrolment
    _other_pair: Mentorship | None = field(default=None, repr=False)

    @property
    def other_pair(self) -> Mentorship:
        """Another active pair in `programme`, made on first use: most tests never need it."""
        if self._other_pair is None:
            from tandem.mentorships import services
            from tandem.mentorships.tests.conftest import make_active

            mentee, mentor = PersonFactory(), PersonFactory()
            for person, role in ((mentee, Enrolment.Role.MENTEE), (mentor, Enrolment.Role.MENTOR)):
                EnrolmentFactory(programme=self.programme, person=person, role=role)
            self._other_pair = make_active(
                services.mentorship_create(programme=self.programme, mentee=mentee, mentor=mentor)
            )
        return self._other_pair

    def client_for(self, who: str) -> Client:
        client = Client()
        user = self.user_for(who)
        if user is not None:
            client.force_login(user)
        return client

    def user_for(self, who: str) -> User | None:
        if who == "anonymous":
            return None
        if who == "other_pair":
            return self.other_pair.mentee.user
        value = getattr(self, who)
        return value if isinstance(value, User) else value.user


def pytest_configure(config: pytest.Config) -> None:
    from tandem.core.testing import testdb

    testdb.install()


@pytest.fixture(scope="session", autouse=True)
def _schema_generated_once() -> Iterator[None]:
    """Generate the OpenAPI schema once per test process instead of once per request (1-3 s).

    The schema is public: it does not depend on who asks, and nothing changes the views
    while the tests run. The served schema is rendered from this one dict and never mutated.
    """
    from drf_spectacular.generators import SchemaGenerator

    original = SchemaGenerator.get_schema
    generated: dict[bool, Any] = {}

    def get_schema(self: SchemaGenerator, request: Any = None, public: bool = False) -> Any:
        if public not in generated:
            generated[public] = original(self, request=request, public=public)
        return generated[public]

    SchemaGenerator.get_schema = get_schema  # type: ignore[method-assign]
    yield
    SchemaGenerator.get_schema = original  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def openapi_schema(_schema_generated_once: None) -> dict[str, Any]:
    """The API's OpenAPI schema as served on /api/schema/."""
    from drf_spectacular.generators import SchemaGenerator

    schema: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    return schema


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--pin-date",
        metavar="YYYY-MM-DD",
        default=None,
        help="run every test (except the browser journeys) with the clock moved to 10:00 UTC "
        "on this date, to find tests that only pass on some days",
    )


@pytest.fixture(autouse=True)
def _pinned_date(request: pytest.FixtureRequest) -> Iterator[None]:
    """Travel to --pin-date for the whole test; a test's own `time_machine` moves still win.

    The clock keeps ticking from there, so code that waits or orders by time still works. The
    browser journeys are left alone: chromium keeps the real date, and session cookies dated
    from a travelled clock could already have expired in it.
    """
    if request.node.get_closest_marker("browser"):
        yield
        return
    with pinned_clock(request.config):
        yield


@contextmanager
def shared_by_the_class(request: pytest.FixtureRequest, django_db_blocker: Any) -> Iterator[None]:
    """For a class-scoped fixture: what it writes inside stays while the class's tests run.

    The rows are written in a transaction left open until the class ends, then rolled back.
    Each test (with `db`) runs in a savepoint inside it, rolled back after the test, so every
    test starts from the same state, as it would from a fresh build, built once.
    """
    with django_db_blocker.unblock(), transaction.atomic(), pinned_clock(request.config):
        yield
        transaction.set_rollback(True)


@contextmanager
def pinned_clock(config: pytest.Config) -> Iterator[None]:
    """The clock at --pin-date, 10:00 UTC and ticking; the real clock without the option."""
    value = config.getoption("--pin-date")
    if not value:
        yield
        return
    moment = datetime.datetime.combine(
        datetime.date.fromisoformat(value), datetime.time(10), tzinfo=datetime.UTC
    )
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Rate limits live in the cache; one test's sign-ins must not count against the next.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # A request leaves its language active in the thread (Django's LocaleMiddleware does not
    # undo it): a test that signed in as a French speaker must not make the next one French.
    yield
    from django.utils import translation

    translation.deactivate()


_SET_UP = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    result = yield  # raises when the test is skipped or a fixture fails
    item.stash[_SET_UP] = True
    return result


def _flushed_afterwards(item: pytest.Item) -> bool:
    """Whether the test ran on a transactional database, which is emptied when it ends."""
    if not item.stash.get(_SET_UP, False):
        return False  # skipped before its database was set up: nothing was emptied
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return bool(
        (marker is not None and marker.kwargs.get("transaction"))
        or "transactional_db" in names
        or "live_server" in names
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Put the migrations' seed data (skills, languages, prompts) back after a flush.

    A transactional test ends by emptying every table, and Django restores the serialized
    seed data only when the next serialized test starts; any ordinary test that a worker ran
    afterwards would find no skills or languages. This runs after every fixture's teardown,
    so after the flush. A flush without serialized rollback lets Django create the content
    types again under new ids; they are cleared first, so that the saved ones go back as they
    were and nothing clashes.
    """
    result = yield
    # After the session's last test the test database is already gone (its teardown ran in
    # this same call), and there is nothing left to restore it for.
    if nextitem is not None and _flushed_afterwards(item):
        from django.contrib.contenttypes.models import ContentType
        from django.db import connections, transaction
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all():
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    with transaction.atomic(using=connection.alias):
                        ContentType.objects.using(connection.alias).all().delete()
                        connection.creation.deserialize_db_from_string(contents)
            ContentType.objects.clear_cache()
    return result


def build_personas() -> Personas:
    """The personas, written to the database (which must be open to the caller)."""
    carol = UserFactory(email="carol@example.org", name="Carol Coordinator", is_coordinator=True)
    dave = UserFactory(email="dave@example.org", name="Dave Coordinator", is_coordinator=True)
    PersonFactory(user=carol)
    PersonFactory(user=dave)
    programme = ProgrammeFactory(name="Leaders of Tomorrow", coordinators=[carol])
    other = ProgrammeFactory(name="Engineering Guild", coordinators=[dave])
    erin = PersonFactory(user=UserFactory(email="erin@example.org", name="Erin Manager"))
    alice = PersonFactory(
        user=UserFactory(email="alice@example.org", name="Alice Mentee"), manager=erin
    )
    bob = PersonFactory(user=UserFactory(email="bob@example.org", name="Bob Mentor"))
    oscar = PersonFactory(user=UserFactory(email="oscar@example.org", name="Oscar Outsider"))
    alice_enrolment = EnrolmentFactory(
        programme=programme, person=alice, role=Enrolment.Role.MENTEE
    )
    bob_enrolment = EnrolmentFactory(programme=programme, person=bob, role=Enrolment.Role.MENTOR)
    superuser = UserFactory(
        email="sam@example.org", name="Sam Operator", is_superuser=True, is_staff=True
    )
    PersonFactory(user=superuser)
    return Personas(
        programme,
        other,
        alice,
        bob,
        carol,
        dave,
        erin,
        oscar,
        superuser,
        alice_enrolment,
        bob_enrolment,
    )


@pytest.fixture
def personas(db: None) -> Personas:
    return build_personas()


# Browser journey fixtures (chromium, screenshots, axe), shared by every app's journeys.
from tandem.core.testing.browser import (  # noqa: E402
    browser_type_launch_args,  # noqa: F401
    journey,  # noqa: F401
)
