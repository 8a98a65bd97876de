from datetime import date

import pytest
from django.core.management import call_command

from consultations import queries, services
from consultations.models import Client, ClientIdentity, Consultation, Referral

pytestmark = pytest.mark.django_db


def test_demo_year_of_counselling_is_plausible_and_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    count = Consultation.objects.count()
    call_command("seed_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert Consultation.objects.count() == count
    assert 200 <= count <= 500
    assert Client.objects.count() > 100
    assert Referral.objects.exists()
    assert Consultation.objects.filter(interpreter_used=True).exists()
    assert 0 < ClientIdentity.objects.count() < 10
    year = Consultation.objects.order_by("-held_on").first().held_on.year
    topics = dict(queries.consultations_per_topic(queries.YearCounts(year)))
    assert topics["Aufenthaltsrecht"] > (topics["Rückkehrberatung"] or 0)
    assert not Consultation.objects.filter(held_on__gt=date.today()).exists()  # noqa: DTZ011
    stored = dict(Client.objects.values_list("pk", "last_contact_on"))
    services.refresh_last_contact()
    assert dict(Client.objects.values_list("pk", "last_contact_on")) == stored
