from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from django.core import mail
from django.test import Client
from django.urls import reverse

from tandem.accounts.tests.factories import UserFactory
from tandem.conftest import Personas
from tandem.notifications.programme_emails import send_invitation_email
from tandem.programmes.models import Enrolment, Invitation, Programme
from tandem.programmes.tests.factories import InvitationFactory, valid_answers_form

OnCommit = Callable[..., AbstractContextManager[list[Callable[[], object]]]]


def invite(personas: Personas, on_commit: OnCommit, email: str, **extra: str) -> None:
    with on_commit(execute=True):
        personas.client_for("carol").post(
            reverse("programmes:invite", args=[personas.programme.slug]),
            {"email": email, "role": "mentor", "message": "We would love to have you.", **extra},
        )


def test_coordinator_invites_by_email_with_a_link_to_accept(
    personas: Personas, django_capture_on_commit_callbacks: OnCommit
) -> None:
    invite(personas, django_capture_on_commit_callbacks, "Zoe@Example.org")
    invitation = Invitation.objects.get(programme=personas.programme)
    assert invitation.email == "zoe@example.org"
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["zoe@example.org"]
    assert reverse("programmes:invitation_accept", args=[invitation.token]) in body
    assert "We would love to have you." in body
    assert "/accounts/signup/?next=" in body


def test_inviting_the_same_email_again_sends_nothing_unless_resent(
    personas: Personas, django_capture_on_commit_callbacks: OnCommit
) -> None:
    invite(personas, django_capture_on_commit_callbacks, "zoe@example.org")
    invite(personas, django_capture_on_commit_callbacks, "zoe@example.org")
    assert len(mail.outbox) == 1
    invitation = Invitation.objects.get()
    send_invitation_email.enqueue(invitation.pk)  # a retried task
    assert len(mail.outbox) == 1

    invite(personas, django_capture_on_commit_callbacks, "zoe@example.org", resend="on")
    assert len(mail.outbox) == 2
    invitation.refresh_from_db()
    assert invitation.send_count == 2
    assert Invitation.objects.count() == 1


def test_inviting_someone_who_already_applied_is_refused(personas: Personas) -> None:
    response = personas.client_for("carol").post(
        reverse("programmes:invite", args=[personas.programme.slug]),
        {"email": "alice@example.org", "role": "mentee"},
    )
    assert response.status_code == 400
    assert "already applied" in " ".join(response.context["form"].errors["email"])
    assert not Invitation.objects.exists()


def test_invalid_email_is_a_field_error(personas: Personas) -> None:
    response = personas.client_for("carol").post(
        reverse("programmes:invite", args=[personas.programme.slug]),
        {"email": "not-an-address", "role": "mentee"},
    )
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_invited_person_signs_in_and_lands_on_apply_form_with_role_preset(
    personas: Personas,
) -> None:
    draft = personas.programme
    draft.status = Programme.Status.DRAFT
    draft.save()
    invitation = InvitationFactory(
        programme=draft, email="oscar@example.org", role=Enrolment.Role.MENTOR
    )
    url = reverse("programmes:invitation_accept", args=[invitation.token])

    anonymous = Client().get(url)
    assert anonymous.status_code == 200
    assert "/accounts/signup/?next=" in anonymous.content.decode()

    client = personas.client_for("oscar")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:apply", args=[draft.slug]) + "?role=mentor"
    # The invitation opens the draft programme to the invited person.
    response = client.post(
        reverse("programmes:apply", args=[draft.slug]),
        {"role": "mentor", "capacity": "2", **valid_answers_form()},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert Enrolment.objects.get(person=personas.oscar).status == Enrolment.Status.APPLIED


def test_invitation_for_another_address_is_not_applied_to_the_signed_in_account(
    personas: Personas,
) -> None:
    invitation = InvitationFactory(programme=personas.programme, email="zoe@example.org")
    response = personas.client_for("oscar").get(
        reverse("programmes:invitation_accept", args=[invitation.token])
    )
    assert response.status_code == 200
    assert "sent to another email address" in response.content.decode()


def test_unknown_invitation_token_is_404(personas: Personas) -> None:
    url = reverse("programmes:invitation_accept", args=["no-such-token"])
    assert Client().get(url).status_code == 404
    assert personas.client_for("alice").get(url).status_code == 404


def test_new_account_with_the_invited_address_sees_the_invitation_on_home(db: None) -> None:
    invitation = InvitationFactory(email="newbie@example.org")
    user = UserFactory(email="newbie@example.org")
    client = Client()
    client.force_login(user)
    from tandem.people.services import person_link_user

    person_link_user(user=user)
    response = client.get(reverse("home"))
    assert reverse("programmes:invitation_accept", args=[invitation.token]) in (
        response.content.decode()
    )


def test_several_addresses_are_invited_at_once(
    personas: Personas, django_capture_on_commit_callbacks: OnCommit
) -> None:
    invite(
        personas,
        django_capture_on_commit_callbacks,
        "zoe@example.org, yan@example.org\nXavi@Example.org; zoe@example.org",
    )
    emails = set(
        Invitation.objects.filter(programme=personas.programme).values_list("email", flat=True)
    )
    assert emails == {"zoe@example.org", "yan@example.org", "xavi@example.org"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(emails)


def test_one_bad_address_among_several_invites_nobody(personas: Personas) -> None:
    response = personas.client_for("carol").post(
        reverse("programmes:invite", args=[personas.programme.slug]),
        {"email": "zoe@example.org\nnot-an-address", "role": "mentee"},
    )
    assert response.status_code == 400
    assert "not-an-address" in " ".join(response.context["form"].errors["email"])
    assert not Invitation.objects.exists()
