import io
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.volunteers.factories import ExpenseClaimFactory, RateSetFactory
from volunteers import payments
from volunteers.models import ExpenseClaim

pytestmark = pytest.mark.django_db
PAIN_001 = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"


@pytest.fixture
def approved_claims(synced_roles):
    RateSetFactory()
    return [
        ExpenseClaimFactory(status="approved", amount=Decimal("43.00")),
        ExpenseClaimFactory(
            status="approved", amount=Decimal("12.50"), iban="DE02120300000000202051"
        ),
    ]


def test_payment_run_marks_the_approved_claims_paid(coordinator, approved_claims):
    ExpenseClaimFactory(status="submitted", amount=Decimal("9.00"))
    run = payments.create_payment_run(
        claims=ExpenseClaim.objects.all(), execution_date=date(2026, 12, 1), by=coordinator
    )
    assert run.number == "ZL-2026-001"
    assert run.total == Decimal("55.50")
    assert set(run.claims.values_list("status", flat=True)) == {"paid"}
    assert ExpenseClaim.objects.filter(status="submitted").count() == 1
    with pytest.raises(ValidationError) as error:
        payments.create_payment_run(
            claims=ExpenseClaim.objects.all(), execution_date=date(2026, 12, 1), by=coordinator
        )
    assert error.value.code == "empty"


def test_sepa_file_is_valid_pain_001_with_every_payment(coordinator, approved_claims):
    run = payments.create_payment_run(
        claims=approved_claims, execution_date=date(2026, 12, 1), by=coordinator
    )
    xml = payments.sepa_xml(run)
    schema = xmlschema.XMLSchema(str(PAIN_001))
    schema.validate(xml.decode())
    document = schema.to_dict(xml.decode())
    transfers = document["CstmrCdtTrfInitn"]["PmtInf"][0]["CdtTrfTxInf"]
    amounts = sorted(Decimal(str(tx["Amt"]["InstdAmt"]["$"])) for tx in transfers)
    assert amounts == [Decimal("12.50"), Decimal("43.00")]
    assert document["CstmrCdtTrfInitn"]["GrpHdr"]["CtrlSum"] == Decimal("55.50")


def test_payment_order_pdf_and_csv_list_the_payees(
    coordinator_client, coordinator, approved_claims
):
    run = payments.create_payment_run(
        claims=approved_claims, execution_date=date(2026, 12, 1), by=coordinator
    )
    url = reverse("volunteers:paymentrun_document", args=[run.pk, "pdf"])
    data = b"".join(coordinator_client.get(url).streaming_content)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "Auszahlungsanordnung ZL-2026-001" in text
    assert "55,50 €" in text
    assert approved_claims[0].account_holder in text
    csv_text = coordinator_client.get(
        reverse("volunteers:paymentrun_document", args=[run.pk, "csv"])
    ).content.decode()
    assert csv_text.startswith("\ufeff")
    assert "43,00" in csv_text


def test_payment_run_from_the_page_and_volunteer_sees_paid(coordinator_client, approved_claims):
    response = coordinator_client.post(
        reverse("volunteers:paymentrun_list"),
        {"execution_date": (timezone.localdate() + timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 302
    from django.test import Client

    client = Client()
    client.force_login(approved_claims[0].volunteer.user)
    assert "bezahlt" in client.get(reverse("volunteers:portal")).content.decode()


def test_execution_date_in_the_past_is_refused(coordinator_client, approved_claims):
    response = coordinator_client.post(
        reverse("volunteers:paymentrun_list"), {"execution_date": "2020-01-01"}
    )
    assert "darf nicht in der Vergangenheit liegen" in response.content.decode()
    assert not ExpenseClaim.objects.filter(status="paid").exists()
