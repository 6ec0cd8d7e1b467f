import pytest

from tandem.mentorships import services
from tandem.mentorships.tests.conftest import CHARTER
from tandem.notifications.models import Notification

pytestmark = pytest.mark.django_db


def titles(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person.user).values_list("title", flat=True))


def test_a_pair_made_by_the_coordinator_hears_about_it(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.mentorship_create(
            programme=personas.programme,
            mentee=personas.alice,
            mentor=personas.bob,
            created_by=personas.carol,
        )

    assert titles(personas.alice) == ["You have been paired with Bob Mentor in Leaders of Tomorrow"]
    assert titles(personas.bob) == ["You have been paired with Alice Mentee in Leaders of Tomorrow"]


def test_signing_the_charter_tells_the_partner_not_the_signer(
    personas, django_capture_on_commit_callbacks
):
    mentorship = services.mentorship_create(
        programme=personas.programme, mentee=personas.alice, mentor=personas.bob
    )
    services.mentorship_start_agreeing(mentorship=mentorship, by=personas.alice)
    version = services.charter_edit(mentorship=mentorship, by=personas.alice, **CHARTER)
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        services.charter_sign(mentorship=mentorship, by=personas.alice, version=version)

    assert titles(personas.bob) == ["Alice Mentee signed the charter"]
    assert titles(personas.alice) == []


@pytest.mark.parametrize(
    ("audience", "partner_told", "coordinator_told"),
    [("partner", True, False), ("coordinator", False, True), ("both", True, True)],
)
def test_a_concern_reaches_only_the_chosen_audience_with_the_chosen_text(
    personas, django_capture_on_commit_callbacks, audience, partner_told, coordinator_told
):
    mentorship = services.mentorship_create(
        programme=personas.programme, mentee=personas.alice, mentor=personas.bob
    )
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        services.concern_raise(
            mentorship=mentorship, by=personas.alice, audience=audience, text="We keep cancelling."
        )

    to_bob = Notification.objects.filter(recipient=personas.bob.user)
    to_carol = Notification.objects.filter(recipient=personas.carol)
    assert to_bob.exists() is partner_told
    assert to_carol.exists() is coordinator_told
    for notification in [*to_bob, *to_carol]:
        assert notification.body == "We keep cancelling."
    assert not Notification.objects.filter(recipient=personas.dave).exists()


def test_notifications_link_to_the_page_they_are_about(
    personas, django_capture_on_commit_callbacks, client
):
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    mentorship = services.mentorship_create(
        programme=personas.programme, mentee=personas.alice, mentor=personas.bob
    )
    services.mentorship_start_agreeing(mentorship=mentorship, by=personas.alice)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.charter_edit(mentorship=mentorship, by=personas.alice, **CHARTER)
    charter_notice = Notification.objects.get(recipient=personas.bob.user)
    assert charter_notice.url == reverse("mentorships:charter", args=[mentorship.pk])

    version = mentorship.current_charter()
    services.charter_sign(mentorship=mentorship, by=personas.alice, version=version)
    services.charter_sign(mentorship=mentorship, by=personas.bob, version=version)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_schedule(
            mentorship=mentorship,
            by=personas.alice,
            starts_at=timezone.now() + datetime.timedelta(days=3),
        )
    meeting_notice = Notification.objects.get(recipient=personas.bob.user)
    meetings_url = reverse("mentorships:meetings", args=[mentorship.pk])
    assert meeting_notice.url == meetings_url

    client.force_login(personas.bob.user)
    page = client.get(reverse("notifications:list")).content.decode()
    assert f'<a href="{meetings_url}">Open' in page
