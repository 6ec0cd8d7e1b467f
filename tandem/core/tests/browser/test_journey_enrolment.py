"""A newcomer signs up, completes their profile and applies; the coordinator approves."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import Page, expect

from tandem.accounts.tests.factories import PASSWORD, UserFactory
from tandem.core.testing.browser import sign_in
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Enrolment
from tandem.programmes.tests.factories import ProgrammeFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_newcomer_signs_up_completes_profile_and_applies_then_is_approved(
    page: Page, live_server, journey
):
    base = live_server.url
    carol = UserFactory(email="carol@example.org", name="Carol Coordinator", is_coordinator=True)
    EmailAddress.objects.create(user=carol, email=carol.email, verified=True, primary=True)
    PersonFactory(user=carol)
    programme = ProgrammeFactory(name="Leaders of Tomorrow", coordinators=[carol])

    page.goto(f"{base}/accounts/signup/")
    journey.check(page, "sign-up")
    page.locator("#id_name").fill("Nora Newcomer")
    page.locator("#id_email").fill("nora@example.org")
    page.locator("#id_password1").fill("a long pass phrase")
    page.locator("#id_password2").fill("a long pass phrase")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    confirm_path = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(f"{base}{confirm_path}")
    journey.check(page, "confirm-email")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Complete your profile")).to_be_visible()
    journey.check(page, "home-next-steps")
    page.get_by_role("link", name="Complete profile").click()
    page.locator("#id_job_title").fill("Financial Analyst")
    page.locator("#id_timezone").fill("Europe/London")
    page.locator("#id_languages").fill("English, French")
    page.locator("#id_skills").fill("Budgeting: working\nML: learning")
    page.locator("#id_bio").fill("Five years in finance, curious about data.")
    journey.check(page, "profile")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text(re.compile("saved", re.I)).first).to_be_visible()

    page.goto(f"{base}/programmes/{programme.slug}/")
    journey.check(page, "programme")
    page.get_by_role("link", name="Apply").click()
    page.get_by_role("radio", name="Mentee").check()
    page.get_by_label("How would you define mentoring?").fill("Learning from experience.")
    page.get_by_label("What do you want to get out of it?").fill("Confidence with budgets.")
    page.get_by_label("What do you expect from the other person?").fill("Honest feedback.")
    page.get_by_label("Fortnightly").check()
    page.get_by_label("Video call").check()
    page.get_by_label("3 — A balance of both").check()
    page.get_by_label("Leadership").check()
    page.locator("#id_goals").fill("Present budgets to the board.")
    page.locator("#id_skills_wanted").fill("forecasting")
    journey.check(page, "apply")
    page.get_by_role("button", name=re.compile("Apply|Send|Submit")).click()
    expect(page.get_by_text(re.compile("under review|applied", re.I)).first).to_be_visible()
    journey.check(page, "applied")

    enrolment = Enrolment.objects.get(person__email="nora@example.org")
    assert enrolment.status == Enrolment.Status.APPLIED
    assert enrolment.answers["frequency"] == "fortnightly"

    sign_in(page, base, "carol@example.org", PASSWORD)
    page.goto(f"{base}/programmes/{programme.slug}/enrolments/")
    journey.check(page, "review-applications")
    page.get_by_role("button", name="Approve Nora Newcomer").click()
    expect(page.locator(f"#enrolment-{enrolment.pk}")).to_contain_text(re.compile("approved", re.I))
    journey.check(page, "approved")

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.APPROVED
