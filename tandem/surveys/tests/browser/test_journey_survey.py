"""A coordinator builds a survey, sends it, and reads the results."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.conftest import Personas
from tandem.core.testing.browser import Journey, sign_in
from tandem.programmes.models import Enrolment
from tandem.programmes.tests.factories import EnrolmentFactory
from tandem.surveys import services
from tandem.surveys.models import Delivery, Survey

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_coordinator_builds_sends_and_reads_a_survey(
    page: Page, live_server: LiveServer, journey: Journey, personas: Personas
) -> None:
    base = live_server.url
    carol = personas.carol
    EmailAddress.objects.create(user=carol, email=carol.email, verified=True, primary=True)
    for _ in range(4):
        EnrolmentFactory(programme=personas.programme, role=Enrolment.Role.MENTEE)

    sign_in(page, base, carol.email)
    page.goto(f"{base}/programmes/{personas.programme.slug}/")
    page.get_by_role("navigation", name=f"Manage {personas.programme.name}").get_by_role(
        "link", name="Surveys"
    ).click()
    expect(page.get_by_role("heading", name="Surveys")).to_be_visible()
    journey.check(page, "surveys")

    page.get_by_role("link", name="New survey").click()
    page.get_by_label("Title").fill("Three months in")
    page.get_by_label("Introduction").fill("Two minutes, to help us improve the programme.")
    page.get_by_label("Audience").select_option("mentees")
    journey.check(page, "new-survey")
    page.get_by_role("button", name="Create survey").click()
    expect(page.get_by_text("Survey created: now add its questions.")).to_be_visible()

    page.get_by_label("Kind of question").select_option("rating")
    page.locator("#id_text").fill("How useful are your meetings?")
    page.get_by_role("button", name="Add question").click()
    page.get_by_label("Kind of question").select_option("text")
    page.locator("#id_text").fill("What would you change?")
    page.get_by_label("An answer is required").uncheck()
    page.get_by_role("button", name="Add question").click()
    expect(page.get_by_text("What would you change?")).to_be_visible()
    journey.check(page, "questions")

    page.get_by_role("button", name="Send now").click()
    expect(page.get_by_text("The survey is on its way")).to_be_visible()
    journey.check(page, "sent")

    survey = Survey.objects.get(title="Three months in")
    rating, text = survey.questions.all()
    deliveries = list(Delivery.objects.filter(survey=survey).select_related("person"))
    assert len(deliveries) == 5
    for score, delivery in zip((5, 4, 4, 3, 5), deliveries, strict=True):
        services.delivery_answer(
            delivery=delivery,
            by=delivery.person,
            answers={rating.pk: score, text.pk: "More time together."},
            shared_with_coordinator=score == 3,
        )

    page.get_by_role("link", name="Results").click()
    expect(page.get_by_role("heading", name="Results: Three months in")).to_be_visible()
    expect(page.get_by_text("100%")).to_be_visible()
    expect(page.locator("svg.chart")).to_have_count(1)
    expect(page.get_by_role("heading", name="Shared with you")).to_be_visible()
    journey.check(page, "results")
