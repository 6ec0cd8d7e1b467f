"""What the pair and the coordinator notice on the pages."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import AgendaItem, CharterVersion, Mentorship
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Enrolment
from tandem.programmes.tests.factories import EnrolmentFactory

from .conftest import World, make_active


def test_pair_pages_are_not_stored(personas: Personas, world: World) -> None:
    client = personas.client_for("alice")
    for name in ("overview", "charter", "journal", "meetings", "check_ins"):
        response = client.get(reverse(f"mentorships:{name}", args=[world.mentorship.pk]))
        assert "no-store" in response["Cache-Control"], name
    response = client.get(reverse("mentorships:list"))
    assert "no-store" in response["Cache-Control"]


def test_expectations_flag_large_mismatches(personas: Personas, proposed: Mentorship) -> None:
    personas.alice_enrolment.answers = {
        "frequency": "weekly",
        "style": "1",
        "format": "in_person",
        "want_from_it": "Confidence in meetings",
    }
    personas.alice_enrolment.save()
    personas.bob_enrolment.answers = {"frequency": "quarterly", "style": "5", "format": "phone"}
    personas.bob_enrolment.save()
    page = personas.client_for("alice").get(reverse("mentorships:expectations", args=[proposed.pk]))
    body = page.content.decode()
    assert "Alice Mentee would like to meet weekly, Bob Mentor quarterly." in body
    assert "very directive" in body
    assert "different formats" in body
    assert "Look for another mentor" in body
    assert "Confidence in meetings" in body


def test_similar_expectations_raise_no_flag(personas: Personas, proposed: Mentorship) -> None:
    personas.alice_enrolment.answers = {"frequency": "weekly", "style": "3"}
    personas.alice_enrolment.save()
    personas.bob_enrolment.answers = {"frequency": "fortnightly", "style": "4"}
    personas.bob_enrolment.save()
    page = personas.client_for("bob").get(reverse("mentorships:expectations", args=[proposed.pk]))
    assert "Worth discussing" not in page.content.decode()
    assert "Look for another mentor" not in page.content.decode()


def test_mentee_looks_elsewhere_from_the_page(personas: Personas, proposed: Mentorship) -> None:
    client = personas.client_for("alice")
    client.post(reverse("mentorships:look_elsewhere", args=[proposed.pk]))
    proposed.refresh_from_db()
    assert proposed.outcome == Mentorship.Outcome.WITHDRAWN


def test_pair_writes_and_signs_the_charter_on_the_pages(
    personas: Personas, proposed: Mentorship
) -> None:
    alice, bob = personas.client_for("alice"), personas.client_for("bob")
    alice.post(reverse("mentorships:start_agreeing", args=[proposed.pk]))
    url = reverse("mentorships:charter_edit", args=[proposed.pk])
    invalid = alice.post(url, {"desired_outcomes": "", "cadence": "weekly"})
    assert invalid.status_code == 400
    assert not CharterVersion.objects.exists()
    data = {
        "desired_outcomes": "Run my first budget round",
        "confidentiality": "Between us",
        "cadence": "fortnightly",
        "meeting_format": "video",
        "location": "Library",
    }
    assert alice.post(url, data).status_code == 302
    sign = reverse("mentorships:charter_sign", args=[proposed.pk])
    alice.post(sign, {"version": 1})
    bob.post(sign, {"version": 1})
    proposed.refresh_from_db()
    assert proposed.state == Mentorship.State.ACTIVE
    charter_page = bob.get(reverse("mentorships:charter", args=[proposed.pk])).content.decode()
    assert "signed" in charter_page
    bob.post(url, {**data, "location": "Park café"})
    page = alice.get(reverse("mentorships:charter", args=[proposed.pk])).content.decode()
    assert "version 2" in page
    assert "Sign version 2" in page
    old = alice.get(reverse("mentorships:charter_version", args=[proposed.pk, 1]))
    assert "Library" in old.content.decode()


def test_agenda_item_is_added_without_reload(personas: Personas, world: World) -> None:
    client = personas.client_for("bob")
    url = reverse("mentorships:agenda_add", args=[world.mentorship.pk, world.meeting.pk])
    response = client.post(url, {"text": "Talk about the reorganisation"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="agenda">')
    assert "Talk about the reorganisation" in body
    assert "<html" not in body
    assert AgendaItem.objects.filter(text="Talk about the reorganisation").exists()


def test_empty_agenda_item_shows_the_error_in_place(personas: Personas, world: World) -> None:
    client = personas.client_for("bob")
    url = reverse("mentorships:agenda_add", args=[world.mentorship.pk, world.meeting.pk])
    response = client.post(url, {"text": ""}, HTTP_HX_REQUEST="true")
    assert "This field is required." in response.content.decode()
    assert AgendaItem.objects.count() == 1


def test_mentee_ticks_an_action_item(personas: Personas, world: World) -> None:
    client = personas.client_for("alice")
    url = reverse("mentorships:action_toggle", args=[world.mentorship.pk, world.action.pk])
    response = client.post(url, {"done": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "✓ Done" in response.content.decode()
    world.action.refresh_from_db()
    assert world.action.is_done


def test_mentor_cannot_update_the_mentees_progress(personas: Personas, world: World) -> None:
    client = personas.client_for("bob")
    url = reverse("mentorships:goal_progress", args=[world.mentorship.pk, world.goal.pk])
    response = client.post(url, {"progress": 90, "status": "in_progress"}, follow=True)
    assert "The mentee updates the progress" in response.content.decode()
    world.goal.refresh_from_db()
    assert world.goal.progress == 0


def test_achieved_goal_and_milestone_are_celebrated(personas: Personas, world: World) -> None:
    services.goal_progress_update(
        goal=world.goal, by=personas.alice, progress=100, status="achieved"
    )
    services.milestone_set_reached(milestone=world.milestone, by=personas.alice, reached=True)
    page = personas.client_for("bob").get(
        reverse("mentorships:overview", args=[world.mentorship.pk])
    )
    body = page.content.decode()
    assert "Goal achieved: Lead budget round" in body
    assert "Milestone reached: milestone" in body


def test_anniversary_is_celebrated(personas: Personas, active: Mentorship) -> None:
    Mentorship.objects.filter(pk=active.pk).update(started_at=timezone.now() - timedelta(days=366))
    page = personas.client_for("alice").get(reverse("mentorships:overview", args=[active.pk]))
    assert "One year of mentoring together" in page.content.decode()


def test_overview_shows_health_reasons(personas: Personas, active: Mentorship) -> None:
    Mentorship.objects.filter(pk=active.pk).update(started_at=timezone.now() - timedelta(days=50))
    page = personas.client_for("alice").get(reverse("mentorships:overview", args=[active.pk]))
    assert "No meeting held in the 7 weeks since the mentorship started" in page.content.decode()


def test_concern_reaches_only_the_chosen_audience(personas: Personas, active: Mentorship) -> None:
    alice = personas.client_for("alice")
    url = reverse("mentorships:concerns", args=[active.pk])
    alice.post(url, {"audience": "coordinator", "text": "We keep cancelling."})
    bob_page = personas.client_for("bob").get(url).content.decode()
    assert "We keep cancelling." not in bob_page
    carol_page = personas.client_for("carol").get(
        reverse("mentorships:coordinator_list", args=[active.programme.slug])
    )
    assert "We keep cancelling." in carol_page.content.decode()


def test_coordinator_pairs_by_hand_on_the_page(personas: Personas) -> None:
    carol = personas.client_for("carol")
    url = reverse("mentorships:coordinator_create", args=[personas.programme.slug])
    response = carol.post(url, {"mentee": "alice@example.org", "mentor": "Bob Mentor"})
    assert response.status_code == 302
    assert Mentorship.objects.get().state == Mentorship.State.PROPOSED


def test_a_mentor_enrolled_in_two_programmes_is_found_once_and_can_be_paired(
    personas: Personas,
) -> None:
    EnrolmentFactory(programme=personas.other_programme, person=personas.bob, role="mentor")
    carol = personas.client_for("carol")
    url = reverse("mentorships:coordinator_create", args=[personas.programme.slug])

    response = carol.post(url, {"mentee": "Alice Mentee", "mentor": "BOB@example.org"})

    assert response.status_code == 302
    assert Mentorship.objects.get().mentor == personas.bob


def test_the_pairing_page_lists_nobody_and_names_who_is_not_found(personas: Personas) -> None:
    carol = personas.client_for("carol")
    url = reverse("mentorships:coordinator_create", args=[personas.programme.slug])

    page = carol.get(url).content.decode()
    response = carol.post(url, {"mentee": "alice@example.org", "mentor": "oscar@example.org"})

    assert "<option" not in page
    assert "Bob Mentor" not in page
    assert response.status_code == 400
    assert "No approved mentor of this programme has that email address or name." in (
        response.content.decode()
    )
    assert not Mentorship.objects.exists()


def test_only_people_enrolled_as_mentors_in_this_programme_are_offered_as_mentors(
    personas: Personas,
) -> None:
    # Alice mentors elsewhere, but here she is a mentee.
    EnrolmentFactory(programme=personas.other_programme, person=personas.alice, role="mentor")
    form_page = personas.client_for("carol").get(
        reverse("mentorships:coordinator_create", args=[personas.programme.slug])
    )
    assert form_page.context["form"].fields["mentor"].queryset.get() == personas.bob


def test_pairing_refusal_shows_on_the_form(personas: Personas) -> None:
    EnrolmentFactory(programme=personas.programme, person=personas.erin, role="mentor")
    carol = personas.client_for("carol")
    url = reverse("mentorships:coordinator_create", args=[personas.programme.slug])
    response = carol.post(url, {"mentee": "alice@example.org", "mentor": "erin@example.org"})
    assert response.status_code == 400
    assert "Erin Manager is in Alice Mentee&#x27;s management chain" in response.content.decode()
    assert not Mentorship.objects.exists()


def test_early_exit_reason_reaches_only_the_coordinator(
    personas: Personas, active: Mentorship
) -> None:
    personas.client_for("bob").post(
        reverse("mentorships:exit", args=[active.pk]), {"reason": "Moving to Sydney"}
    )
    alice_page = personas.client_for("alice").get(reverse("mentorships:overview", args=[active.pk]))
    assert "Moving to Sydney" not in alice_page.content.decode()
    carol_page = personas.client_for("carol").get(
        reverse("mentorships:coordinator_detail", args=[active.programme.slug, active.pk])
    )
    assert "Moving to Sydney" in carol_page.content.decode()


def test_coordinator_edits_the_prompt_library(personas: Personas) -> None:
    from tandem.mentorships.models import Prompt

    carol = personas.client_for("carol")
    url = reverse("mentorships:coordinator_prompts", args=[personas.programme.slug])
    carol.post(url, {"purpose": "goal_setting", "text": "What would make this year great?"})
    own = Prompt.objects.filter(programme=personas.programme)
    assert own.count() == Prompt.objects.filter(programme__isnull=True).count() + 1
    assert Prompt.objects.filter(programme__isnull=True).count() >= 40


def _pairs(personas: Personas, count: int) -> None:
    for _ in range(count):
        mentee, mentor = PersonFactory(), PersonFactory()
        EnrolmentFactory(programme=personas.programme, person=mentee, role=Enrolment.Role.MENTEE)
        EnrolmentFactory(programme=personas.programme, person=mentor, role=Enrolment.Role.MENTOR)
        mentorship = make_active(
            services.mentorship_create(programme=personas.programme, mentee=mentee, mentor=mentor)
        )
        (meeting,) = services.meeting_schedule(
            mentorship=mentorship, by=mentee, starts_at=timezone.now() - timedelta(days=1)
        )
        services.meeting_set_status(meeting=meeting, by=mentee, status="held")
        services.check_in_submit(
            mentorship=mentorship,
            by=mentor,
            engagement=4,
            flexibility=4,
            authenticity=4,
            reciprocity=4,
        )


def test_coordinator_list_queries_do_not_grow_with_pairs(personas: Personas) -> None:
    carol = personas.client_for("carol")
    url = reverse("mentorships:coordinator_list", args=[personas.programme.slug])
    _pairs(personas, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        carol.get(url)
    _pairs(personas, 6)
    with CaptureQueriesContext(connection) as large:
        response = carol.get(url)
    assert response.status_code == 200
    assert len(large) == len(small)


def test_the_pairs_history_is_read_without_joining_the_pairs_to_sort(
    personas: Personas,
) -> None:
    """Each history query of the pairs list reads its own table alone: ordering by the pair
    would join every pair (and, for attendances, every meeting and person) to sort."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    carol = personas.client_for("carol")
    url = reverse("mentorships:coordinator_list", args=[personas.programme.slug])
    _pairs(personas, 3)
    history = (
        "mentorships_meeting",
        "mentorships_attendance",
        "mentorships_checkin",
        "mentorships_goal",
        "mentorships_charterversion",
        "mentorships_actionitem",
        "mentorships_feedback",
    )
    with CaptureQueriesContext(connection) as queries:
        assert carol.get(url).status_code == 200
    reads = {
        table: sql
        for sql in (q["sql"] for q in queries.captured_queries)
        for table in history
        if sql.startswith("SELECT") and f'FROM "{table}"' in sql
    }

    assert set(reads) == set(history)
    assert not [table for table, sql in reads.items() if "JOIN" in sql]


def test_api_mentorship_list_queries_do_not_grow(personas: Personas) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    carol = personas.client_for("carol")
    _pairs(personas, 2)
    with CaptureQueriesContext(connection) as small:
        carol.get("/api/mentorships/")
    _pairs(personas, 6)
    with CaptureQueriesContext(connection) as large:
        response = carol.get("/api/mentorships/")
    assert response.json()["count"] == 8
    assert len(large) == len(small)


def test_my_mentorships_queries_do_not_grow(personas: Personas) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tandem.mentorships.tests.factories import MentorshipFactory

    alice = personas.client_for("alice")
    for _ in range(2):
        MentorshipFactory(mentee=personas.alice, programme=personas.other_programme)
    with CaptureQueriesContext(connection) as small:
        alice.get(reverse("mentorships:list"))
    for _ in range(5):
        MentorshipFactory(mentee=personas.alice, programme=personas.other_programme)
    with CaptureQueriesContext(connection) as large:
        alice.get(reverse("mentorships:list"))
    assert len(large) == len(small)


def test_api_prompt_list_queries_do_not_grow(personas: Personas) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tandem.mentorships.models import Prompt

    carol = personas.client_for("carol")
    url = f"/api/mentorship-prompts/?programme={personas.programme.slug}"
    services.prompt_create(
        programme=personas.programme, by=personas.carol, purpose="reflecting", text="One?"
    )
    with CaptureQueriesContext(connection) as small:
        carol.get(url)
    for n in range(5):
        Prompt.objects.create(programme=personas.programme, purpose="reflecting", text=f"Q{n}?")
    with CaptureQueriesContext(connection) as large:
        response = carol.get(url)
    assert all(p["programme"] == personas.programme.slug for p in response.json()["results"])
    assert len(large) == len(small)


def test_post_only_pages_refuse_get_for_members(personas: Personas, world: World) -> None:
    url = reverse("mentorships:pause", args=[world.mentorship.pk])

    assert personas.client_for("alice").get(url).status_code == 405
    assert personas.client_for("oscar").get(url).status_code == 404


def test_objects_of_another_mentorship_answer_404_inside_my_own(
    personas: Personas, world: World, other_pair: Mentorship
) -> None:
    other_goal = services.goal_create(
        mentorship=other_pair, by=other_pair.mentee, title="Theirs", success_criterion="x"
    )
    url = reverse("mentorships:goal_detail", args=[world.mentorship.pk, other_goal.pk])

    assert personas.client_for("alice").get(url).status_code == 404


def test_api_private_note_is_its_authors_alone(personas: Personas, world: World) -> None:
    bob = personas.client_for("bob")
    notes = bob.get(f"/api/mentorship-meeting-notes/?mentorship={world.mentorship.pk}").json()

    assert [n["id"] for n in notes["results"]] == [world.shared_note.pk]


def test_coordinator_list_pages_through_the_pairs(personas: Personas, monkeypatch) -> None:
    from tandem.mentorships.tests.factories import MentorshipFactory
    from tandem.mentorships.views import coordinator

    monkeypatch.setattr(coordinator, "PAGE_SIZE", 2)
    names = ["Anna Active", "Bea Active", "Cleo Active"]
    for name in names:
        MentorshipFactory(programme=personas.programme, mentee__name=name)
    carol = personas.client_for("carol")
    url = reverse("mentorships:coordinator_list", args=[personas.programme.slug])

    first = carol.get(url).content.decode()
    second = carol.get(url, {"page": 2}).content.decode()
    closed = carol.get(url, {"state": "closed"}).content.decode()

    assert "Anna Active" in first
    assert "Bea Active" in first
    assert "Cleo Active" not in first
    assert "Page 1 of 2" in first
    assert "?page=2" in first
    assert "Cleo Active" in second
    assert "Anna Active" not in second
    assert not any(name in closed for name in names)


def test_coordinator_list_names_the_first_mentees_awaiting_and_counts_the_rest(
    personas: Personas, monkeypatch
) -> None:
    from tandem.mentorships.views import coordinator

    monkeypatch.setattr(coordinator, "AWAITING_SHOWN", 2)
    waiting = [PersonFactory(name=f"Waiting {n}") for n in range(4)]
    for person in waiting:
        EnrolmentFactory(programme=personas.programme, person=person, role=Enrolment.Role.MENTEE)
    carol = personas.client_for("carol")

    page = carol.get(reverse("mentorships:coordinator_list", args=[personas.programme.slug]))

    body = page.content.decode()
    # Longest waiting first: alice, approved when the programme was set up, then Waiting 0.
    assert personas.alice.name in body
    assert "Waiting 0" in body
    assert "Waiting 1" not in body
    assert "And 3 more." in body


def test_overview_shows_the_next_meeting_and_the_latest_activity(
    personas: Personas, active: Mentorship
) -> None:
    now = timezone.now()
    alice = personas.alice
    held = []
    for days in (40, 30, 20, 10):
        (meeting,) = services.meeting_schedule(
            mentorship=active, by=alice, starts_at=now - timedelta(days=days)
        )
        services.meeting_set_status(meeting=meeting, by=alice, status="held")
        held.append(meeting)
    services.meeting_schedule(mentorship=active, by=alice, starts_at=now + timedelta(days=9))
    (sooner,) = services.meeting_schedule(
        mentorship=active, by=alice, starts_at=now + timedelta(days=2)
    )
    services.check_in_submit(
        mentorship=active,
        by=personas.bob,
        engagement=4,
        flexibility=4,
        authenticity=4,
        reciprocity=4,
    )

    page = personas.client_for("alice").get(reverse("mentorships:overview", args=[active.pk]))

    context = page.context
    assert context["next_meeting"] == sooner
    texts = [a.text for a in context["activity"]]
    assert texts.count("Meeting held") == 3  # the latest three of four
    assert f"{personas.bob.name} checked in" in texts
    whens = [a.when for a in context["activity"]]
    assert whens == sorted(whens, reverse=True)


def _history(pair: Mentorship, size: int) -> None:
    from tandem.mentorships.models import Milestone
    from tandem.mentorships.tests.factories import (
        ActionItemFactory,
        CheckInFactory,
        GoalFactory,
        MeetingFactory,
    )

    for n in range(size):
        goal = GoalFactory(mentorship=pair, achieved_at=timezone.now() - timedelta(days=n))
        Milestone.objects.create(goal=goal, title=f"step {n}", reached_at=timezone.now())
        MeetingFactory(mentorship=pair)
        CheckInFactory(mentorship=pair)
        ActionItemFactory(mentorship=pair, owner=pair.mentor if n % 2 else pair.mentee)


def test_the_overview_runs_as_many_queries_whatever_the_pairs_history(
    personas: Personas, active: Mentorship
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = personas.client_for("alice")
    url = reverse("mentorships:overview", args=[active.pk])
    _history(active, 1)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _history(active, 5)
    with CaptureQueriesContext(connection) as large:
        body = client.get(url).content.decode()

    assert len(large) == len(small)
    assert body.count("Milestone reached: step") == 6
    assert "— Bob Mentor" in body
    assert "— Alice Mentee" in body


def test_open_actions_come_by_due_date_with_undated_ones_last(
    personas: Personas, active: Mentorship
) -> None:
    from tandem.mentorships.tests.factories import ActionItemFactory

    today = timezone.localdate()
    ActionItemFactory(mentorship=active, text="Undated")
    ActionItemFactory(mentorship=active, text="Later", due_on=today + timedelta(days=9))
    ActionItemFactory(mentorship=active, text="Sooner", due_on=today + timedelta(days=2))
    ActionItemFactory(mentorship=active, text="Done", done_at=timezone.now())

    page = personas.client_for("bob").get(reverse("mentorships:overview", args=[active.pk]))

    assert [item.text for item in page.context["open_actions"]] == ["Sooner", "Later", "Undated"]
