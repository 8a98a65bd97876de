"""The consultation log's rules at the one place they live: the model (and its constraints)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from consultations import services
from consultations.forms import ClientIdentityForm
from consultations.models import CODE_MESSAGE, Client, ClientIdentity, validate_client_code
from tests.consultations.factories import ClientFactory, ConsultationFactory
from tests.volunteers.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def _errors(instance, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean(**kwargs)
    return {field: [str(message) for message in messages] for field, messages in caught.value}


@pytest.mark.parametrize("code", ["K-2026-0042", "AB", "X" * 24, "0-"])
def test_a_client_code_of_capitals_digits_and_hyphens_is_valid(code):
    validate_client_code(code)
    Client(code=code).full_clean()


@pytest.mark.parametrize("code", ["Amina Musterfrau", "k-2026-1", "K", "-K1", "X" * 25, "K_1"])
def test_a_client_code_of_another_form_is_refused_at_the_code(code):
    with pytest.raises(ValidationError) as caught:
        validate_client_code(code)
    assert caught.value.messages == [str(CODE_MESSAGE)]
    assert str(CODE_MESSAGE) in _errors(Client(code=code))["code"]


def test_the_database_refuses_a_client_code_of_another_form():
    with pytest.raises(IntegrityError), transaction.atomic():
        Client.objects.bulk_create([Client(code="k 1")])


def test_the_entry_form_refuses_a_new_code_with_the_models_message(coordinator):
    from consultations.forms import ConsultationEntryForm

    form = ConsultationEntryForm(data={"client_code": "Amina Musterfrau"}, user=coordinator)
    form.is_valid()
    assert form.errors["client_code"] == [str(CODE_MESSAGE)]


def test_a_consented_identity_needs_a_name_at_the_name_field():
    identity = ClientIdentity(
        client=ClientFactory(), full_name="", consent_given_on=date(2026, 1, 5), consent_scope="x"
    )
    assert _errors(identity) == {"full_name": ["Bitte geben Sie den Namen ein."]}


def test_a_withdrawn_identity_keeps_no_name():
    ClientIdentity(
        client=ClientFactory(),
        full_name="",
        consent_given_on=date(2026, 1, 5),
        consent_withdrawn_on=date(2026, 2, 1),
        consent_scope="x",
    ).full_clean()


def test_the_database_refuses_a_consented_identity_without_a_name():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClientIdentity.objects.create(
            client=ClientFactory(), full_name="", consent_given_on=date(2026, 1, 5)
        )


def test_the_identity_form_shows_the_models_rule_at_the_name():
    form = ClientIdentityForm(
        data={"full_name": "", "consent_given_on": "2026-01-05", "consent_scope": "Name"}
    )
    assert not form.is_valid()
    assert form.errors == {"full_name": ["Bitte geben Sie den Namen ein."]}


def test_an_assignment_needs_an_interpreter_at_the_assignment_field():
    assignment = AssignmentFactory(kind="interpreting", starts_on=timezone.localdate())
    consultation = ConsultationFactory.build(
        client=ClientFactory(), interpreter_used=False, interpreter_assignment=assignment
    )
    message = (
        "Ein Sprachmittlungseinsatz kann nur verknüpft werden, wenn Sprachmittlung genutzt wurde."
    )
    assert _errors(consultation, exclude={"counsellor"}) == {"interpreter_assignment": [message]}
    consultation.interpreter_used = True
    consultation.full_clean(exclude={"counsellor"})


def test_the_services_refuse_an_assignment_without_interpreter_at_its_field(coordinator):
    assignment = AssignmentFactory(kind="interpreting", starts_on=timezone.localdate())
    with pytest.raises(ValidationError) as caught:
        services.record_consultation(
            by=coordinator,
            client=ClientFactory(),
            held_on=date(2026, 3, 2),
            duration_minutes=30,
            channel="in_person",
            counsellor=coordinator,
            topics=["residence"],
            interpreter_assignment=assignment,
        )
    assert list(caught.value.error_dict) == ["interpreter_assignment"]
    consultation = ConsultationFactory(counsellor=coordinator)
    with pytest.raises(ValidationError) as caught:
        services.update_consultation(
            consultation=consultation,
            by=coordinator,
            topics=["residence"],
            interpreter_assignment=assignment,
        )
    assert list(caught.value.error_dict) == ["interpreter_assignment"]


def test_no_new_consultation_for_an_anonymised_client(coordinator):
    client = ClientFactory(anonymised_at=timezone.now())
    with pytest.raises(ValidationError, match="anonymisiert"):
        services.check_can_consult(client)
    services.check_can_consult(ClientFactory())
