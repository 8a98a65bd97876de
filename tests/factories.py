import factory
from django.contrib.auth.models import Group, User

from kmut.models import FieldOfAction, Language, Municipality


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Gemeinde {n}")
    kind = Municipality.Kind.MUNICIPALITY


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language

    code = factory.Sequence(lambda n: f"x{chr(97 + n // 26 % 26)}{chr(97 + n % 26)}")
    name = factory.Sequence(lambda n: f"Testsprache {n}")


class FieldOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfAction

    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")
