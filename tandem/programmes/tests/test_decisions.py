from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from django.core import mail
from django.urls import reverse

from tandem.conftest import Personas
from tandem.notifications.programme_emails import send_decision_email
from tandem.programmes import services
from tandem.programmes.models import Enrolment
from tandem.programmes.tests.factories import EnrolmentFactory

OnCommit = Callable[..., AbstractContextManager[list[Callable[[], object]]]]


def decide_url(personas: Personas, enrolment: Enrolment, action: str) -> str:
    return reverse(
        "programmes:enrolment_decide", args=[personas.programme.slug, enrolment.pk, action]
    )


def applied(personas: Personas) -> Enrolment:
    enrolment = personas.alice_enrolment
    enrolment.status = Enrolment.Status.APPLIED
    enrolment.save()
    return enrolment


def test_coordinator_approves_application_and_applicant_is_emailed_once(
    personas: Personas, django_capture_on_commit_callbacks: OnCommit
) -> None:
    enrolment = applied(personas)
    client = personas.client_for("carol")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(personas, enrolment, "approve"), {"note": "Welcome!"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.APPROVED
    assert enrolment.decided_by == personas.carol
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    assert "approved" in mail.outbox[0].subject
    assert "Welcome!" in mail.outbox[0].body

    # Approving again, or the email task running again, sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(personas, enrolment, "approve"))
    send_decision_email.enqueue(enrolment.pk)
    assert len(mail.outbox) == 1


def test_coordinator_declines_with_htmx_and_gets_the_updated_row(
    personas: Personas, django_capture_on_commit_callbacks: OnCommit
) -> None:
    enrolment = applied(personas)
    with django_capture_on_commit_callbacks(execute=True):
        response = personas.client_for("carol").post(
            decide_url(personas, enrolment, "decline"), headers={"HX-Request": "true"}
        )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith(f'<tr id="enrolment-{enrolment.pk}">')
    assert "declined" in content
    assert len(mail.outbox) == 1
    assert "not accepted" in mail.outbox[0].subject


def test_a_changed_decision_is_emailed_again(
    personas: Personas, django_capture_on_commit_callbacks: OnCommit
) -> None:
    enrolment = applied(personas)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_decide(
            enrolment=enrolment, decision="approved", decided_by=personas.carol
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_decide(
            enrolment=enrolment, decision="declined", decided_by=personas.carol
        )
    assert [m.subject.rsplit(": ", 1)[1] for m in mail.outbox] == ["approved", "not accepted"]


def test_bulk_approval_decides_only_the_selected_applications(
    personas: Personas, django_capture_on_commit_callbacks: OnCommit
) -> None:
    programme = personas.programme
    selected = [EnrolmentFactory(programme=programme, status="applied") for _ in range(3)]
    left = EnrolmentFactory(programme=programme, status="applied")
    with django_capture_on_commit_callbacks(execute=True):
        response = personas.client_for("carol").post(
            reverse("programmes:enrolments_bulk", args=[programme.slug]),
            {"decision": "approved", "enrolments": [e.pk for e in selected], "note": ""},
        )
    assert response.status_code == 302
    statuses = {e.pk: e.status for e in Enrolment.objects.filter(programme=programme)}
    assert all(statuses[e.pk] == "approved" for e in selected)
    assert statuses[left.pk] == "applied"
    assert len(mail.outbox) == 3


def test_bulk_decision_cannot_reach_another_programmes_applications(
    personas: Personas,
) -> None:
    foreign = EnrolmentFactory(programme=personas.other_programme, status="applied")
    response = personas.client_for("carol").post(
        reverse("programmes:enrolments_bulk", args=[personas.programme.slug]),
        {"decision": "approved", "enrolments": [foreign.pk]},
        follow=True,
    )
    foreign.refresh_from_db()
    assert foreign.status == "applied"
    assert "Applications:" in response.content.decode()


def test_withdrawn_application_cannot_be_approved(personas: Personas) -> None:
    enrolment = personas.alice_enrolment
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.save()
    response = personas.client_for("carol").post(
        decide_url(personas, enrolment, "approve"), follow=True
    )
    assert "The applicant has withdrawn." in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN
    assert mail.outbox == []


def test_other_coordinator_and_participants_cannot_decide(personas: Personas) -> None:
    enrolment = applied(personas)
    for who in ("dave", "alice", "bob", "oscar"):
        response = personas.client_for(who).post(decide_url(personas, enrolment, "approve"))
        assert response.status_code == 404, who
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.APPLIED


def test_enrolment_list_filters_by_role_status_and_search(personas: Personas) -> None:
    applied(personas)
    client = personas.client_for("carol")
    url = reverse("programmes:enrolments", args=[personas.programme.slug])
    names = lambda response: [e.person.name for e in response.context["page"].object_list]  # noqa: E731
    assert names(client.get(url)) == ["Alice Mentee", "Bob Mentor"]
    assert names(client.get(url, {"role": "mentor"})) == ["Bob Mentor"]
    assert names(client.get(url, {"status": "applied"})) == ["Alice Mentee"]
    assert names(client.get(url, {"q": "bob@"})) == ["Bob Mentor"]


def test_coordinator_reads_an_application_with_answer_labels(personas: Personas) -> None:
    enrolment = personas.alice_enrolment
    enrolment.answers = {"frequency": "monthly", "focus_areas": ["career", "wellbeing"]}
    enrolment.save()
    response = personas.client_for("carol").get(
        reverse("programmes:enrolment", args=[personas.programme.slug, enrolment.pk])
    )
    content = response.content.decode()
    assert "Monthly" in content
    assert "Career development, Wellbeing and balance" in content
    other = personas.client_for("dave").get(
        reverse("programmes:enrolment", args=[personas.programme.slug, enrolment.pk])
    )
    assert other.status_code == 404
