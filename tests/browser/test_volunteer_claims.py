from datetime import date, timedelta
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.utils import timezone
from playwright.sync_api import expect

from kmut import roles
from tests.browser.helpers import field_label, fill_interpreting_claim, log_in
from tests.factories import UserFactory
from tests.pdf import pdf_text
from tests.volunteers.factories import AssignmentFactory, PortalVolunteerFactory, RateSetFactory
from volunteers.models import ExpenseClaim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_claim_from_phone_to_approval(phone_page, browser, live_server, synced_roles):
    RateSetFactory(valid_from=date(2025, 1, 1))
    volunteer = PortalVolunteerFactory(user__username="leyla", first_name="Leyla")
    AssignmentFactory(volunteer=volunteer, reference="Termin ABH-2026-014")
    UserFactory(username="miriam", first_name="Miriam", last_name="Okafor", role=roles.COORDINATION)
    UserFactory(username="jens", first_name="Jens", last_name="Hartmann", role=roles.LEADERSHIP)

    page = phone_page
    log_in(page, live_server, "leyla")
    page.get_by_role("link", name="Mein Ehrenamt öffnen").click()
    page.get_by_role("link", name="Neue Abrechnung").click()
    fill_interpreting_claim(page)
    # The preview follows the input: the calculation to confirm, then "Hand in" once.
    expect(page.locator("#claim-preview")).to_contain_text("43,00 €")
    page.get_by_label("Ich bestätige").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Einreichen").click()
    assert page.get_by_text("Ihre Abrechnung wurde eingereicht.").is_visible()
    assert page.get_by_text("43,00 €").first.is_visible()
    claim = ExpenseClaim.objects.get()

    staff_context = browser.new_context(locale="de-DE")
    staff = staff_context.new_page()
    log_in(staff, live_server, "miriam")
    staff.goto(f"{live_server.url}/ehrenamt/abrechnungen/{claim.pk}/")
    staff.get_by_label(field_label("Rückfrage an die Ehrenamtlichen")).fill(
        "Bitte Zweck der Fahrt."
    )
    staff.get_by_role("button", name="Rückfrage senden").click()
    assert staff.get_by_text("Die Rückfrage wurde an die Ehrenamtlichen gesendet.").is_visible()

    page.goto(f"{live_server.url}/ehrenamt/portal/abrechnung/{claim.pk}/")
    page.get_by_role("link", name="Rückfrage beantworten").click()
    page.get_by_label(field_label("Antwort der Ehrenamtlichen")).fill(
        "Termin in der Ausländerbehörde."
    )
    page.get_by_label("Ich bestätige").check()
    page.get_by_role("button", name="Einreichen").click()
    assert page.get_by_text("Ihre Abrechnung wurde eingereicht.").is_visible()

    staff.reload()
    staff.get_by_role("button", name="Sachlich richtig zeichnen").click()
    staff_context.close()
    lead_context = browser.new_context(locale="de-DE")
    lead = lead_context.new_page()
    log_in(lead, live_server, "jens")
    lead.goto(f"{live_server.url}/ehrenamt/abrechnungen/{claim.pk}/")
    lead.get_by_role("button", name="Rechnerisch richtig zeichnen").click()
    assert lead.get_by_text("genehmigt").first.is_visible()

    page.goto(f"{live_server.url}/ehrenamt/portal/")
    assert page.get_by_text("genehmigt").is_visible()

    # The lead pays: a draft run, one export of the SEPA file, the payment order and the CSV.
    lead.goto(f"{live_server.url}/ehrenamt/zahllaeufe/")
    lead.get_by_role("link", name="Abrechnungen für einen neuen Zahllauf auswählen").click()
    execution = timezone.localdate() + timedelta(days=2)
    lead.get_by_label(field_label("Ausführungsdatum")).fill(execution.isoformat())
    lead.get_by_role("button", name="Zahllauf als Entwurf anlegen").click()
    assert lead.get_by_text("wurde als Entwurf angelegt").is_visible()
    lead.get_by_label(field_label("Ich lade diese Datei genau einmal bei der Bank hoch.")).check()
    lead.get_by_role("button", name="Exportieren").click()
    assert lead.get_by_text("mit der Nachrichten-ID").is_visible()
    files = {}
    for link in ("Auszahlungsanordnung (PDF)", "Liste (CSV)", "SEPA-Datei (pain.001.001.09)"):
        with lead.expect_download() as download:
            lead.get_by_role("link", name=link).click()
        files[link] = Path(download.value.path()).read_bytes()
    order = pdf_text(files["Auszahlungsanordnung (PDF)"])
    assert "43,00 €" in order
    assert "DE89370400440532013000" in order
    assert "43,00" in files["Liste (CSV)"].decode("utf-8-sig")
    schema = xmlschema.XMLSchema(str(Path(sepaxml.__file__).parent / "schemas/pain.001.001.09.xsd"))
    document = schema.to_dict(files["SEPA-Datei (pain.001.001.09)"].decode())
    payment = document["CstmrCdtTrfInitn"]["PmtInf"][0]["CdtTrfTxInf"][0]
    assert payment["CdtrAcct"]["Id"]["IBAN"] == "DE89370400440532013000"
    assert str(payment["Amt"]["InstdAmt"]["$"]) == "43.00"

    page.goto(f"{live_server.url}/ehrenamt/portal/")
    assert not page.get_by_text("bezahlt").is_visible()

    # The bank statement shows the transfer: the lead books the run, now the claim is paid.
    lead.get_by_label(field_label("Buchungstag laut Kontoauszug")).fill(
        timezone.localdate().isoformat()
    )
    lead.get_by_label(field_label("Der Kontoauszug zeigt die Zahlungen dieses Zahllaufs.")).check()
    lead.get_by_role("button", name="Buchen").click()
    assert lead.get_by_text("ist gebucht").is_visible()
    lead_context.close()

    page.goto(f"{live_server.url}/ehrenamt/portal/")
    assert page.get_by_text("bezahlt").is_visible()
