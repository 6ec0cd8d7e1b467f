from __future__ import annotations

import pytest

from tandem.people.importing import people_import
from tandem.people.models import Department, Person, PersonSkill, Skill
from tandem.people.tests.csvdata import HEADER, org_chart, row, to_csv
from tandem.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def only_error(result):
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def assert_nothing_written(before: int = 0) -> None:
    assert Person.objects.count() == before
    assert not Department.objects.filter(name="Finance").exists()


def test_valid_file_creates_people_with_their_org_chart() -> None:
    result = people_import(file=to_csv(org_chart()))

    assert result.ok
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    cat = Person.objects.get(email="cat@example.org")
    assert [m.email for m in cat.management_chain()] == ["ben@example.org", "ann@example.org"]
    assert cat.department.name == "Finance"
    assert cat.timezone == "Europe/London"
    assert set(cat.person_skills.values_list("skill__name", "level")) == {
        ("Machine learning", PersonSkill.Level.EXPERT),
        ("Python", PersonSkill.Level.WORKING),
    }
    dan = Person.objects.get(email="dan@example.org")
    assert sorted(dan.languages.values_list("code", flat=True)) == ["en", "fr"]
    assert dan.visible_fields == Person.DEFAULT_VISIBLE_FIELDS


def test_reimporting_the_same_file_changes_nothing() -> None:
    text = to_csv(org_chart())
    people_import(file=text)
    stamps = dict(Person.objects.values_list("email", "updated_at"))

    again = people_import(file=text)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert dict(Person.objects.values_list("email", "updated_at")) == stamps
    assert Skill.objects.filter(name__iexact="ml").count() == 0


def test_a_changed_row_updates_only_that_person() -> None:
    rows = org_chart()
    people_import(file=to_csv(rows))
    rows[3] = row(
        "dan@example.org", "Dan Analyst", "ben@example.org", languages="de", skills="sql:1"
    )

    result = people_import(file=to_csv(rows))

    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    dan = Person.objects.get(email="dan@example.org")
    assert dan.manager.email == "ben@example.org"
    assert list(dan.languages.values_list("code", flat=True)) == ["de"]
    assert list(dan.person_skills.values_list("skill__name", "level")) == [("SQL", 1)]


def test_columns_left_out_keep_what_people_entered() -> None:
    people_import(file=to_csv(org_chart()))
    cat = Person.objects.get(email="cat@example.org")
    cat.bio = "Written by Cat."
    cat.save()

    result = people_import(
        file=to_csv(
            [row("cat@example.org", "Cat Analyst", "ann@example.org")],
            header=["email", "name", "manager_email"],
        )
    )

    assert result.updated == 1
    cat.refresh_from_db()
    assert cat.manager.email == "ann@example.org"
    assert cat.bio == "Written by Cat."
    assert cat.person_skills.count() == 2


def test_a_manager_already_stored_can_be_referenced() -> None:
    boss = PersonFactory(email="boss@example.org", user=None, name="Boss")

    result = people_import(file=to_csv([row("new@example.org", "New", "boss@example.org")]))

    assert result.ok
    assert Person.objects.get(email="new@example.org").manager == boss


def test_dry_run_counts_but_saves_nothing() -> None:
    result = people_import(file=to_csv(org_chart()), dry_run=True)

    assert result.ok
    assert result.created == 4
    assert_nothing_written()


def test_progress_is_reported_for_checking_and_saving() -> None:
    calls: list[tuple[str, int, int]] = []

    people_import(file=to_csv(org_chart()), progress_callback=lambda *a: calls.append(a))

    assert ("validate", 4, 4) in calls
    assert calls[-1] == ("save", 4, 4)


# One test per kind of problem: each names the row and column, and nothing is written.


def test_bad_email_is_reported_by_row_and_column() -> None:
    rows = org_chart()
    rows[2]["email"] = "cat-at-example.org"

    result = people_import(file=to_csv(rows))

    error = only_error(result)
    assert (error.row, error.column) == (4, "email")
    assert "not a valid email" in error.message
    assert_nothing_written()


def test_duplicate_email_names_both_rows() -> None:
    rows = [*org_chart(), row("BEN@example.org", "Ben Again", "ann@example.org")]

    result = people_import(file=to_csv(rows))

    error = only_error(result)
    assert (error.row, error.column) == (6, "email")
    assert "also on row 3" in error.message
    assert_nothing_written()


def test_unknown_manager_is_reported() -> None:
    rows = org_chart()
    rows[1]["manager_email"] = "ghost@example.org"

    result = people_import(file=to_csv(rows))

    error = only_error(result)
    assert (error.row, error.column) == (3, "manager_email")
    assert "Unknown manager ghost@example.org" in error.message
    assert_nothing_written()


def test_a_loop_in_the_management_chain_is_reported_on_each_row_of_it() -> None:
    rows = org_chart()
    rows[0]["manager_email"] = "cat@example.org"  # ann → cat → ben → ann

    result = people_import(file=to_csv(rows))

    assert [(e.row, e.column) for e in result.errors] == [
        (2, "manager_email"),
        (3, "manager_email"),
        (4, "manager_email"),
    ]
    assert "loops back" in result.errors[0].message
    assert_nothing_written()


def test_a_loop_through_people_already_stored_is_reported() -> None:
    # Stored: zed reports to yan. The file makes yan report to xia, and xia to zed.
    yan = PersonFactory(email="yan@example.org", user=None, name="Yan")
    PersonFactory(email="zed@example.org", user=None, name="Zed", manager=yan)
    rows = [
        row("yan@example.org", "Yan", "xia@example.org"),
        row("xia@example.org", "Xia", "zed@example.org"),
    ]

    result = people_import(file=to_csv(rows))

    assert [(e.row, e.column) for e in result.errors] == [
        (2, "manager_email"),
        (3, "manager_email"),
    ]
    assert not Person.objects.filter(email="xia@example.org").exists()
    assert Person.objects.get(email="yan@example.org").manager is None


def test_being_ones_own_manager_is_reported() -> None:
    rows = org_chart()
    rows[0]["manager_email"] = "ann@example.org"

    error = only_error(people_import(file=to_csv(rows)))

    assert (error.row, error.column) == (2, "manager_email")
    assert "own manager" in error.message
    assert_nothing_written()


def test_unknown_time_zone_is_reported() -> None:
    rows = org_chart()
    rows[3]["timezone"] = "Mars/Olympus_Mons"

    error = only_error(people_import(file=to_csv(rows)))

    assert (error.row, error.column) == (5, "timezone")
    assert "Mars/Olympus_Mons" in error.message
    assert_nothing_written()


def test_unknown_language_code_is_reported() -> None:
    rows = org_chart()
    rows[1]["languages"] = "en;xx"

    error = only_error(people_import(file=to_csv(rows)))

    assert (error.row, error.column) == (3, "languages")
    assert "“xx”" in error.message
    assert_nothing_written()


def test_bad_skill_level_is_reported() -> None:
    rows = org_chart()
    rows[2]["skills"] = "python:guru"

    error = only_error(people_import(file=to_csv(rows)))

    assert (error.row, error.column) == (4, "skills")
    assert "“guru” is not a skill level" in error.message
    assert_nothing_written()


def test_bad_start_date_is_reported() -> None:
    rows = [row("ann@example.org", "Ann", start_date="31/12/2020")]

    error = only_error(people_import(file=to_csv(rows, header=["email", "name", "start_date"])))

    assert (error.row, error.column) == (2, "start_date")
    assert_nothing_written()


def test_missing_required_column_is_reported() -> None:
    header = [column for column in HEADER if column != "name"]

    error = only_error(people_import(file=to_csv(org_chart(), header=header)))

    assert (error.row, error.column) == (1, "name")
    assert "required column is missing" in error.message
    assert_nothing_written()


def test_unknown_column_is_reported() -> None:
    text = to_csv(org_chart()).replace("manager_email", "manger_email", 1)

    result = people_import(file=text)

    assert (1, "manger_email") in [(e.row, e.column) for e in result.errors]
    assert_nothing_written()


def test_missing_required_value_is_reported() -> None:
    rows = org_chart()
    rows[1]["name"] = "  "

    error = only_error(people_import(file=to_csv(rows)))

    assert (error.row, error.column) == (3, "name")
    assert "required" in error.message
    assert_nothing_written()


def test_too_many_rows_is_reported() -> None:
    result = people_import(file=to_csv(org_chart()), max_rows=3)

    error = only_error(result)
    assert error.row == 5
    assert "at most 3" in error.message
    assert_nothing_written()


def test_a_file_that_is_not_utf8_is_reported() -> None:
    error = only_error(people_import(file="email,name\nzoë@example.org,Zoë\n".encode("latin-1")))

    assert error.row == 0
    assert "UTF-8" in error.message


def test_every_problem_of_the_file_is_reported_at_once() -> None:
    rows = org_chart()
    rows[0]["timezone"] = "Nowhere"
    rows[1]["languages"] = "zz"
    rows[3]["email"] = "broken"

    result = people_import(file=to_csv(rows))

    assert [(e.row, e.column) for e in result.errors] == [
        (2, "timezone"),
        (3, "languages"),
        (5, "email"),
    ]
    assert_nothing_written()


def test_rows_can_be_given_as_dicts() -> None:
    result = people_import(rows=org_chart())

    assert result.created == 4
