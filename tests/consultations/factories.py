import uuid
from datetime import date

import factory

from tests.factories import UserFactory


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Client"

    code = factory.Sequence(lambda n: f"K-TEST-{n:04d}")
    age_band = "27-44"
    gender = "f"
    origin = "SY"
    residence_status = "protection"


class ClientIdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.ClientIdentity"

    client = factory.SubFactory(ClientFactory)
    full_name = "Amina Testperson"
    contact = "0151 555 0101"
    consent_given_on = date(2026, 1, 5)
    consent_scope = "Name und Telefon für Rückrufe"


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Consultation"
        skip_postgeneration_save = True

    held_on = date(2026, 3, 2)
    duration_minutes = 30
    channel = "in_person"
    counsellor = factory.SubFactory(UserFactory)
    client = factory.SubFactory(ClientFactory)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create:
            from consultations.models import ConsultationTopic

            for topic in extracted or ["residence"]:
                ConsultationTopic.objects.create(consultation=self, topic=topic)


def entry_form_data(**overrides) -> dict:
    """What the new-consultation form posts for a routine case (a fresh one-time token)."""
    return {
        "submission_token": str(uuid.uuid4()),
        "client_code": "",
        "held_on": "2026-03-02",
        "duration_minutes": "30",
        "channel": "in_person",
        "topics": ["residence"],
        **overrides,
    }
