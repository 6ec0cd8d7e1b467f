import factory
from factory.django import DjangoModelFactory

from tandem.accounts.models import User

PASSWORD = "correct horse battery staple"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)
