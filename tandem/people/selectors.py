"""Reads for the people app, and the one place that decides who may see whom."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tandem.accounts.access import is_operator
from tandem.accounts.models import User
from tandem.core.search_paging import CappedSearchPaginator
from tandem.people.models import (
    Department,
    ImportJob,
    Person,
    PersonSkill,
    Skill,
    SkillAlias,
    normalise_term,
)

AnyUser = User | AnonymousUser


# Skills


def skills_resolve(names: Iterable[str]) -> dict[str, Skill]:
    """The skill each free-text name stands for, by name or alias ("ML" → Machine learning),
    keyed by the normalised term; names that stand for no skill are left out. A name beats
    an alias; aliases are looked up only for the terms no name matched."""
    terms = list(dict.fromkeys(t for t in map(normalise_term, names) if t))
    if not terms:
        return {}
    found: dict[str, Skill] = {}
    by_name = Q()
    for term in terms:
        by_name |= Q(name__iexact=term)
    for skill in Skill.objects.filter(by_name):
        found.setdefault(normalise_term(skill.name), skill)
    rest = [term for term in terms if term not in found]
    if rest:
        for alias in SkillAlias.objects.select_related("skill").filter(alias__in=rest):
            found[alias.alias] = alias.skill
    return found


def skill_resolve(name: str) -> Skill | None:
    """The skill a free-text name stands for, by name or alias ("ML" → Machine learning)."""
    return skills_resolve([name]).get(normalise_term(name))


def skills_search(query: str = "") -> QuerySet[Skill]:
    skills = Skill.objects.prefetch_related("aliases")
    term = normalise_term(query)
    if term:
        alias_match = SkillAlias.objects.filter(skill=OuterRef("pk"), alias__icontains=term)
        skills = skills.filter(Q(name__icontains=term) | Exists(alias_match))
    return skills.order_by("name")


# Scope: who shares a programme with whom
#
# Programmes sit above people in the layers, so the scope is written through Person's reverse
# relation `enrolments` rather than programmes' models. An enrolment that was neither declined
# nor withdrawn makes someone a participant; programmes' tests pin these to Enrolment.Status.
TAKING_PART = ("applied", "approved")
MENTOR_ROLE = "mentor"


def is_mentor_anywhere(person: Person) -> bool:
    """Whether the person mentors (or applied to mentor) in any programme: only they are asked
    whether they take new mentees."""
    return Person.objects.filter(
        pk=person.pk, enrolments__role=MENTOR_ROLE, enrolments__status__in=TAKING_PART
    ).exists()


def people_in_scope(user: AnyUser) -> QuerySet[Person]:
    """The participants of the viewer's programmes (those they take part in or coordinate):
    the people the viewer may look up."""
    if not user.is_authenticated:
        return Person.objects.none()
    if is_operator(user):
        return Person.objects.all()
    # Written on the enrolments alone (programmes sit above people, so their models are looked
    # up by name): joining every person to their enrolments and programmes inside each query
    # cost a directory search 70 ms at 100,000 people.
    enrolments = apps.get_model("programmes", "Enrolment")._default_manager
    programmes = apps.get_model("programmes", "Programme")._default_manager
    mine = enrolments.filter(person__user=user, status__in=TAKING_PART).values("programme_id")
    coordinated = programmes.filter(coordinators=user).values("pk")
    participants = enrolments.filter(
        Q(programme_id__in=mine) | Q(programme_id__in=coordinated), status__in=TAKING_PART
    ).values("person_id")
    return Person.objects.filter(pk__in=participants)


def with_profile_data(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.select_related("department", "manager").prefetch_related(
        "languages",
        Prefetch("person_skills", queryset=PersonSkill.objects.select_related("skill")),
    )


def _visible(field: str) -> Q:
    # The stored list is JSON text such as ["job_title", "skills"]; none of the field names
    # is a substring of another, so a text match is exact enough and works on every database.
    return Q(visible_fields__icontains=f'"{field}"')


# Above this many people with a skill the search names, the skill is matched person by person
# (EXISTS); below it their ids are compared directly, which an index can answer.
FEW_WITH_SKILL = 2000
# A search counts its matches up to this many ("more than 1,000").
DIRECTORY_SEARCH_CAP = 1000


def directory_scope(viewer: AnyUser) -> QuerySet[Person]:
    """The people the viewer's directory lists before any search."""
    return people_in_scope(viewer).filter(erased_at__isnull=True)


def _directory_search(people: QuerySet[Person], term: str) -> QuerySet[Person]:
    # The few skills and departments the term names are found first, in their own small
    # tables, so the search over people compares ids rather than joining for every person.
    skills = list(
        Skill.objects.filter(Q(name__icontains=term) | Q(aliases__alias__icontains=term))
        .values_list("pk", flat=True)
        .distinct()
    )
    departments = list(Department.objects.filter(name__icontains=term).values_list("pk", flat=True))
    matches = Q(name__icontains=term) | (Q(job_title__icontains=term) & _visible("job_title"))
    if departments:
        matches |= Q(department__in=departments) & _visible("department")
    if skills:
        with_skill = PersonSkill.objects.filter(skill__in=skills)
        holders = list(
            with_skill.order_by().values_list("person", flat=True).distinct()[: FEW_WITH_SKILL + 1]
        )
        if len(holders) <= FEW_WITH_SKILL:
            matches |= Q(pk__in=holders) & _visible("skills")
        else:
            matches |= Exists(with_skill.filter(person=OuterRef("pk"))) & _visible("skills")
    return people.filter(matches)


def directory_people(*, viewer: AnyUser, query: str = "") -> QuerySet[Person]:
    """The directory: participants of the viewer's programmes, searched only on what each
    person chose to show, so a search cannot reveal a hidden job title or skill."""
    people = directory_scope(viewer)
    term = normalise_term(query)
    if term:
        people = _directory_search(people, term)
    return with_profile_data(people).order_by("name", "pk")


def directory_page(*, viewer: AnyUser, query: str, number: int | str | None, per_page: int) -> Page:
    """One page of the directory, in name order. A search counts up to DIRECTORY_SEARCH_CAP
    matches (`page.paginator.more` says there are more), so it never reads every person."""
    scope = directory_scope(viewer)
    term = normalise_term(query)
    if not term:
        return Paginator(with_profile_data(scope).order_by("name", "pk"), per_page).get_page(number)
    paginator = CappedSearchPaginator(
        _directory_search(scope, term).order_by("name", "pk"),
        per_page,
        within=scope,
        shown=with_profile_data(Person.objects.all()),
        cap=DIRECTORY_SEARCH_CAP,
    )
    return paginator.get_page(number)


def person_for_viewer(viewer: AnyUser, pk: int) -> Person:
    """A person the viewer may look at: themself, or someone who shares a programme."""
    if not viewer.is_authenticated:
        raise Http404("No such person.")
    own = Person.objects.filter(pk=pk, user=viewer)
    person = with_profile_data(own | people_in_scope(viewer).filter(pk=pk)).first()
    if person is None:
        raise Http404("No such person.")
    return person


# Import


def import_jobs_for(user: AnyUser) -> QuerySet[ImportJob]:
    if not user.is_authenticated:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(created_by=user).defer("source")


def import_job_for_user(user: AnyUser, pk: int) -> ImportJob:
    """An import job is seen only by the person who started it."""
    job = import_jobs_for(user).filter(pk=pk).first()
    if job is None:
        raise Http404("No such import.")
    return job


# Org chart


def manager_choice_problem(*, person: Person, manager: Person) -> str | None:
    """Why `manager` cannot be `person`'s manager, or None when the choice is fine."""
    if person.pk is not None and manager.pk == person.pk:
        return _("You cannot be your own manager.")
    # One query per level of the chain above the chosen manager; org charts are shallow.
    if person.pk is not None and any(boss.pk == person.pk for boss in manager.management_chain()):
        return _(
            "%(name)s reports to you (directly or through others), so they cannot "
            "also be your manager."
        ) % {"name": manager.name}
    return None


def person_by_email(email: str) -> Person | None:
    return Person.objects.filter(email=email.strip().lower()).first()


def people_locations() -> list[str]:
    """The locations people are in, each once, in order."""
    return list(
        Person.objects.exclude(location="")
        .order_by("location")
        .values_list("location", flat=True)
        .distinct()
    )
