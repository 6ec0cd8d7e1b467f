"""The notification settings page, and what a person's data holds of their choices."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from tandem.conftest import Personas
from tandem.core.personal_data import personal_data_for
from tandem.core.testing.forms import form_values, submit_unchanged
from tandem.notifications.kinds import ALL_CATEGORIES, Delivery
from tandem.notifications.models import NotificationPreference
from tandem.notifications.services import (
    notification_preferences_for,
    notification_preferences_save,
    notifications_erase_person,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)
URL = reverse("notifications:preferences")


@pytest.fixture(autouse=True)
def _clock(time_machine) -> None:
    time_machine.move_to(NOW, tick=False)


def test_the_page_offers_each_category_with_its_help_and_the_defaults_chosen(
    personas: Personas,
) -> None:
    html = personas.client_for("alice").get(URL).content.decode()

    for category in ALL_CATEGORIES:
        assert escape(str(category.label)) in html
        assert escape(str(category.help)) in html
    chosen = dict(form_values(html, "reminders"))
    assert chosen == {
        "csrfmiddlewaretoken": chosen["csrfmiddlewaretoken"],
        **{category.key: category.default.value for category in ALL_CATEGORIES},
    }


def test_the_page_saves_unchanged_and_keeps_each_choice(personas: Personas) -> None:
    user = personas.alice.user
    notification_preferences_save(
        user=user, deliveries={"activity": Delivery.WEEKLY, "reminders": Delivery.IN_APP}
    )
    before = notification_preferences_for(user=user)

    response = submit_unchanged(personas.client_for("alice"), URL, "reminders")

    assert response.status_code == 302
    assert notification_preferences_for(user=user) == before
    assert NotificationPreference.objects.filter(user=user).count() == 2


def test_a_choice_made_on_the_page_is_kept(personas: Personas) -> None:
    client = personas.client_for("bob")
    values = dict(form_values(client.get(URL).content.decode(), "reminders"))

    response = client.post(URL, {**values, "celebrations": Delivery.IN_APP}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "Your notification settings are saved." in response.content.decode()
    assert notification_preferences_for(user=personas.bob.user)["celebrations"] == Delivery.IN_APP


def test_an_unknown_delivery_is_refused_and_nothing_is_stored(personas: Personas) -> None:
    client = personas.client_for("bob")
    values = dict(form_values(client.get(URL).content.decode(), "reminders"))

    response = client.post(URL, {**values, "reminders": "carrier-pigeon"})

    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_the_page_is_linked_from_the_menu_and_the_notifications_list(personas: Personas) -> None:
    client = personas.client_for("alice")

    assert f'href="{URL}"' in client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in client.get(reverse("notifications:list")).content.decode()


def test_a_persons_data_holds_their_choices_and_erasure_removes_them(
    personas: Personas,
) -> None:
    from tandem.core.personal_data import ErasureSubject

    user = personas.oscar.user
    notification_preferences_save(user=user, deliveries={"activity": Delivery.WEEKLY})

    rows = personal_data_for(user)["notification_preferences"]

    assert len(rows) == len(ALL_CATEGORIES)
    assert {
        "category": "Activity in your mentorships",
        "delivery": "In a weekly digest email",
        "chosen": True,
        "updated_at": NOW,
    } in rows
    assert {
        "category": "Reminders",
        "delivery": "By email, straight away",
        "chosen": False,
        "updated_at": None,
    } in rows

    notifications_erase_person(
        ErasureSubject(
            person=personas.oscar,
            user=user,
            name=personas.oscar.name,
            email=personas.oscar.email,
            erased_email=f"erased-{personas.oscar.pk}@erased.invalid",
        )
    )

    assert not NotificationPreference.objects.filter(user=user).exists()
