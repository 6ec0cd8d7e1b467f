import factory
from factory.django import DjangoModelFactory

from tandem.accounts.tests.factories import UserFactory
from tandem.people.models import Department, Language, Person, PersonSkill, Skill


class DepartmentFactory(DjangoModelFactory[Department]):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Department {n}")


class LanguageFactory(DjangoModelFactory[Language]):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = "en"
    name = "English"


class SkillFactory(DjangoModelFactory[Skill]):
    class Meta:
        model = Skill
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Skill {n}")


class PersonFactory(DjangoModelFactory[Person]):
    """A person with an account, whose email matches the account's."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda p: p.user.email if p.user else f"{p.name}@example.org")
    name = factory.LazyAttribute(lambda p: p.user.name if p.user else "Someone")
    job_title = "Analyst"
    department = factory.SubFactory(DepartmentFactory)
    timezone = "Europe/London"

    @factory.post_generation
    def languages(self, create: bool, extracted: list[Language] | None, **kwargs: object) -> None:
        if create:
            self.languages.set(extracted if extracted is not None else [LanguageFactory()])


class PersonSkillFactory(DjangoModelFactory[PersonSkill]):
    class Meta:
        model = PersonSkill

    person = factory.SubFactory(PersonFactory)
    skill = factory.SubFactory(SkillFactory)
    level = PersonSkill.Level.ADVANCED
