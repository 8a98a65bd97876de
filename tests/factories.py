from datetime import timedelta

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

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


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actors.Organisation"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Verein Nummer {n} e.V.")
    kind = "association"
    city = "Lüchow (Wendland)"
    postal_code = "29439"
    email = factory.Sequence(lambda n: f"info{n}@verein.example")
    publication = "public"
    last_confirmed_on = factory.LazyFunction(timezone.localdate)


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actors.ContactPerson"

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    function = "Beratung"
    legal_basis = "published"
    publication = "public"


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actors.Offer"

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "language_course"
    title = factory.Sequence(lambda n: f"Deutschkurs {n}")
    level = "A2"


class UpdateRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actors.UpdateRequest"

    organisation = factory.SubFactory(OrganisationFactory)
    token = factory.Sequence(lambda n: f"token-{n}-abcdefghijklmnopqrstuvwxyz0123456789")
    recipient_email = "info@verein.example"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=44))
    created_by = factory.SubFactory(UserFactory)


def reply_with_proposal(update_request, organisation_name="Neuer Name e.V."):
    """A recorded reply to an update request that proposes a new name and address."""
    proposal = {
        "organisation": {
            "name": organisation_name,
            "street": "Bergstraße 2",
            "postal_code": "29439",
            "city": "Lüchow (Wendland)",
            "phone": "05841 999",
            "email": "neu@verein.example",
            "website": "",
            "municipalities": [],
            "fields_of_action": [],
            "languages": [],
        },
        "contacts": [],
        "offers": [],
    }
    from actors import services

    return services.record_reply(
        update_request=update_request,
        proposal=proposal,
        responder_name="Frau Test",
        responder_note="",
    )
