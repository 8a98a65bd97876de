"""Retention, Art. 15 export and Art. 17 erasure: nothing personal may remain anywhere."""

import json
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from consultations import queries, retention, services
from consultations.models import AccessLog, Client, ClientIdentity, Consultation
from tests.consultations.factories import (
    ClientFactory,
    ClientIdentityFactory,
    ConsultationFactory,
)
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SECRETS = ("Amina Testperson", "0151 555 0101", "Name und Telefon für Rückrufe", "Geheimvermerk")


def _text_in_database(needle: str) -> list[str]:
    """Every table and text column that contains the needle (all models, history included)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        text_fields = [
            field.column
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            for column in text_fields:
                quoted = connection.ops.quote_name(column)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE CAST({quoted} AS TEXT) LIKE %s",
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{model._meta.db_table}.{column}")
    return found


def _expired_client():
    client = ClientFactory(code="K-2022-0042")
    ClientIdentityFactory(client=client)
    for held_on, topics in ((date(2022, 3, 1), ["work"]), (date(2022, 5, 2), ["housing"])):
        consultation = ConsultationFactory(
            client=client, held_on=held_on, topics=topics, note="Geheimvermerk zum Fall"
        )
        consultation.referrals.create(organisation=OrganisationFactory())
    # A change, so that the history holds the personal text more than once.
    consultation.note = "Geheimvermerk, ergänzt"
    consultation.save()
    identity = client.identity
    identity.contact = "0151 555 0101 (mobil)"
    identity.save()
    return client


@override_settings(KMUT_CONSULTATION_RETENTION_YEARS=3)
def test_retention_leaves_no_personal_text_but_keeps_the_statistics(synced_roles):
    client = _expired_client()
    recent = ConsultationFactory(held_on=date(2025, 6, 1), note="Aktueller Vermerk")
    before = {year: queries.annual_tables(year) for year in (2022, 2025)}
    for secret in (*SECRETS, "K-2022-0042"):
        assert _text_in_database(secret), secret

    call_command("apply_retention", today=date(2025, 5, 2), stdout=open("/dev/null", "w"))  # noqa: SIM115

    for secret in (*SECRETS, "K-2022-0042"):
        assert _text_in_database(secret) == [], secret
    client.refresh_from_db()
    assert client.is_anonymised
    assert client.age_band == "27-44"
    assert Consultation.objects.filter(client=client).count() == 2
    assert not ClientIdentity.objects.exists()
    after = {year: queries.annual_tables(year) for year in (2022, 2025)}
    assert after == before
    recent.refresh_from_db()
    assert recent.note == "Aktueller Vermerk"
    assert AccessLog.objects.filter(action="anonymise", client_ref=client.pk).exists()
    for consultation in Consultation.objects.filter(client=client):
        emptied = consultation.history.latest()
        assert (emptied.note, emptied.follow_up_on) == ("", None)
        assert emptied.history_change_reason == str(dict(AccessLog.Action.choices)["anonymise"])


@override_settings(KMUT_CONSULTATION_RETENTION_YEARS=3)
def test_retention_waits_until_the_deadline(synced_roles):
    client = _expired_client()
    call_command("apply_retention", today=date(2025, 5, 1), stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.refresh_from_db()
    assert not client.is_anonymised


@override_settings(KMUT_CONSULTATION_RETENTION_YEARS=3, KMUT_CONSULTATION_WARNING_DAYS=30)
def test_dashboard_warns_30_days_before(coordinator_client, synced_roles, monkeypatch):
    ConsultationFactory(held_on=timezone.localdate() - timedelta(days=3 * 365 - 20))
    html = coordinator_client.get(reverse("dashboard")).content.decode()
    assert reverse("consultations:client_list") in html
    assert "anonymisiert" in html


def test_lead_exports_everything_on_a_client_and_it_is_logged(lead_client, lead):
    client = ClientFactory()
    ClientIdentityFactory(client=client)
    ConsultationFactory(client=client, note="Geheimvermerk", topics=["health"])
    response = lead_client.get(reverse("consultations:client_export", args=[client.pk]))
    data = json.loads(b"".join(response.streaming_content))
    assert data["identity"]["name"] == "Amina Testperson"
    assert data["consultations"][0]["note"] == "Geheimvermerk"
    assert data["consultations"][0]["topics"] == ["Gesundheit"]
    assert AccessLog.objects.filter(user=lead, action="export", client_ref=client.pk).exists()


def test_lead_erases_a_client(lead_client, lead):
    client = _expired_client()
    response = lead_client.post(reverse("consultations:client_erase", args=[client.pk]))
    assert response.status_code == 302
    for secret in SECRETS:
        assert _text_in_database(secret) == [], secret
    assert AccessLog.objects.filter(user=lead, action="erase", client_ref=client.pk).exists()
    assert Consultation.objects.filter(client=client).count() == 2


def test_coordinator_cannot_erase(coordinator_client, coordinator):
    client = ClientFactory()
    response = coordinator_client.post(reverse("consultations:client_erase", args=[client.pk]))
    assert response.status_code == 403
    with pytest.raises(Exception, match=r"head of office|Leitung"):
        retention.erase_client(client=client, by=coordinator)
    assert not Client.objects.get(pk=client.pk).is_anonymised


def test_anonymised_client_cannot_get_new_consultations(lead, coordinator):
    client = retention.erase_client(client=ClientFactory(), by=lead)
    with pytest.raises(Exception, match="anonymis"):
        services.record_consultation(
            by=coordinator,
            client=client,
            held_on=date(2026, 1, 1),
            duration_minutes=10,
            channel="phone",
            counsellor=coordinator,
            topics=["work"],
        )


def test_withdrawn_consent_erases_name_and_contact(coordinator_client):
    client = ClientFactory()
    identity = ClientIdentityFactory(client=client)
    url = reverse("consultations:client_identity", args=[client.pk])
    response = coordinator_client.post(
        url,
        {
            "full_name": identity.full_name,
            "contact": identity.contact,
            "consent_given_on": "2026-01-05",
            "consent_scope": "Name und Telefon",
            "consent_withdrawn_on": "2026-02-01",
        },
    )
    assert response.status_code == 302
    identity.refresh_from_db()
    assert identity.full_name == ""
    assert identity.consent_withdrawn_on == date(2026, 2, 1)
    assert _text_in_database("Amina Testperson") == []
    assert _text_in_database("0151 555 0101") == []


def test_identity_needs_a_name_while_consented(coordinator_client):
    client = ClientFactory()
    url = reverse("consultations:client_identity", args=[client.pk])
    response = coordinator_client.post(
        url, {"full_name": "", "consent_given_on": "2026-01-05", "consent_scope": "Name"}
    )
    assert response.status_code == 200
    assert "Bitte geben Sie den Namen ein." in response.content.decode()
    assert not ClientIdentity.objects.exists()


def test_lead_gets_the_data_access_as_pdf(lead_client, lead):
    from tests.pdf import response_pdf_text

    client = ClientFactory()
    ClientIdentityFactory(client=client)
    ConsultationFactory(client=client, note="Geheimvermerk", topics=["health"])
    response = lead_client.get(reverse("consultations:client_export_pdf", args=[client.pk]))
    text = response_pdf_text(response)
    assert "Auskunft (Art. 15 DSGVO)" in text
    assert "Amina Testperson" in text
    assert "Gesundheit" in text
    assert "Geheimvermerk" in text
    assert AccessLog.objects.filter(user=lead, action="export", client_ref=client.pk).exists()


@override_settings(KMUT_CONSULTATION_RETENTION_YEARS=3, KMUT_CONSULTATION_WARNING_DAYS=30)
def test_head_of_office_is_emailed_once_when_clients_enter_the_warning_period(lead, mailoutbox):
    ConsultationFactory(held_on=date(2022, 6, 1))
    call_command("apply_retention", today=date(2025, 5, 1), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mailoutbox == []
    call_command("apply_retention", today=date(2025, 5, 2), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [lead.email]
    assert "anonymisiert" in mailoutbox[0].body
    call_command("apply_retention", today=date(2025, 5, 3), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mailoutbox) == 1
