"""Background jobs: schedules, the status page, reminders sent once, and once-only on PostgreSQL."""

import threading
import uuid
from datetime import date, timedelta
from decimal import Decimal
from email.utils import parseaddr

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.models import OrmQ, Schedule, Task
from django_q.scheduler import scheduler
from django_q.signing import SignedPackage

from actors.jobs import update_request_reminders
from consultations.jobs import run_retention
from kmut.jobs import scheduled_jobs, sync_schedules
from kmut.mail import greeting
from kmut.models import Reminder
from roundtable.jobs import action_item_digest
from tests.consultations.factories import ConsultationFactory
from tests.factories import ContactPersonFactory, UpdateRequestFactory
from tests.roundtable.factories import ActionItemFactory
from tests.volunteers.factories import VolunteerFactory
from volunteers.jobs import certificate_reminders, payment_run_reminders
from volunteers.models import PaymentRun

OFFICE = "kmut@landkreis.example"


@pytest.fixture(autouse=True)
def _office(settings):
    settings.KMUT_OFFICE_NAME = "Koordinierungsstelle Migration und Teilhabe"
    settings.KMUT_OFFICE_EMAIL = OFFICE
    settings.DEFAULT_FROM_EMAIL = "kmut@landkreis.example"
    settings.KMUT_BASE_URL = "https://kmut.landkreis.example"


def _sender(mail):
    return parseaddr(mail.from_email)


# --- greeting -----------------------------------------------------------------------------------


def test_greeting_uses_the_salutation_where_known_else_the_full_name(db):
    contact = ContactPersonFactory(title="Frau Dr.", first_name="Anna", last_name="Weber")
    assert greeting(contact) == "Guten Tag Frau Dr. Weber,"
    contact.title = ""
    assert greeting(contact) == "Guten Tag Anna Weber,"
    assert greeting("Jens Hartmann") == "Guten Tag Jens Hartmann,"
    assert greeting("") == "Guten Tag,"


# --- schedules and the status page --------------------------------------------------------------


def test_sync_schedules_creates_each_job_once_and_is_idempotent(db):
    call_command("sync_schedules", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("sync_schedules", stdout=open("/dev/null", "w"))  # noqa: SIM115
    names = sorted(Schedule.objects.values_list("name", flat=True))
    assert names == sorted(job.name for job in scheduled_jobs())
    assert "consultations.retention" in names
    retention = Schedule.objects.get(name="consultations.retention")
    assert (retention.schedule_type, retention.cron) == (Schedule.CRON, "15 2 * * *")
    assert retention.func == "consultations.jobs.run_retention"
    assert retention.next_run <= timezone.now()  # the first run is right away
    Schedule.objects.filter(pk=retention.pk).update(cron="0 3 * * *")
    assert sync_schedules() == (0, 1)
    retention.refresh_from_db()
    assert retention.cron == "15 2 * * *"
    assert timezone.localtime(retention.next_run).strftime("%H:%M") == "02:15"


def test_administration_sees_last_run_result_and_failure(administrator_client, coordinator_client):
    sync_schedules()
    now = timezone.now()
    Task.objects.create(
        id=uuid.uuid4().hex,
        name="erster-lauf",
        func="volunteers.jobs.certificate_reminders",
        started=now - timedelta(days=1),
        stopped=now - timedelta(days=1),
        success=False,
        result="SMTPServerDisconnected: Connection unexpectedly closed",
        group="volunteers.certificate_reminders",
    )
    Task.objects.create(
        id=uuid.uuid4().hex,
        name="zweiter-lauf",
        func="volunteers.jobs.certificate_reminders",
        started=now,
        stopped=now,
        success=True,
        result="1 Führungszeugnis(se), 0 Erklärung(en).",
        group="volunteers.certificate_reminders",
    )
    page = administrator_client.get("/verwaltung/aufgaben/").content.decode()
    assert "Hintergrundaufgaben" in page
    assert "Erinnerungen: Führungszeugnisse und Verschwiegenheitserklärungen" in page
    assert "erfolgreich" in page
    assert "1 Führungszeugnis(se), 0 Erklärung(en)." in page
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in page
    assert "Noch nicht gelaufen" in page  # the other jobs
    assert coordinator_client.get("/verwaltung/aufgaben/").status_code == 403


# --- certificates and declarations ---------------------------------------------------------------


def test_certificate_reminder_is_mailed_once_and_shown_on_the_dashboard(
    coordinator, coordinator_client, mailoutbox
):
    today = timezone.localdate()
    VolunteerFactory(
        first_name="Klaus-Dieter",
        last_name="Hinz",
        certificate_renewal_due_on=today + timedelta(days=14),
        confidentiality_signed_on=today,
    )
    VolunteerFactory(
        first_name="Berivan",
        last_name="Aydın",
        status="paused",
        certificate_renewal_due_on=today - timedelta(days=3),
    )
    VolunteerFactory(
        last_name="Später",
        certificate_renewal_due_on=today + timedelta(weeks=10),
        confidentiality_signed_on=today,
    )
    VolunteerFactory(
        last_name="Ausgeschieden", status="left", certificate_renewal_due_on=today - timedelta(1)
    )
    VolunteerFactory(
        first_name="Jonas", last_name="Peters", status="in_training", confidentiality_signed_on=None
    )

    assert certificate_reminders() == "2 Führungszeugnis(se), 1 Erklärung(en)."
    (mail,) = mailoutbox
    assert sorted(mail.to) == sorted([OFFICE, coordinator.email])
    assert _sender(mail) == ("Koordinierungsstelle Migration und Teilhabe", OFFICE)
    assert mail.subject == ("Ehrenamtliche: Führungszeugnisse und Verschwiegenheitserklärungen")
    assert mail.body.startswith("Guten Tag,\n")
    due = (today + timedelta(days=14)).strftime("%d.%m.%Y")
    overdue = (today - timedelta(days=3)).strftime("%d.%m.%Y")
    assert f"- Klaus-Dieter Hinz: fällig am {due}" in mail.body
    assert f"- Berivan Aydın: überfällig seit {overdue}" in mail.body
    assert "Verschwiegenheitserklärung" in mail.body
    assert "- Jonas Peters" in mail.body
    assert "https://kmut.landkreis.example/ehrenamt/ehrenamtliche/" in mail.body
    assert "Später" not in mail.body
    assert "Ausgeschieden" not in mail.body

    assert certificate_reminders() == "Nichts fällig."
    assert len(mailoutbox) == 1
    assert Reminder.objects.filter(kind=Reminder.Kind.CERTIFICATE).count() == 2

    page = coordinator_client.get("/").content.decode()
    assert (
        "Die Führungszeugnisse von 2 Ehrenamtlichen sind in den nächsten 4 Wochen fällig oder "
        "überfällig" in page
    )
    assert "1 aktive Ehrenamtliche hat die Verschwiegenheitserklärung nicht unterschrieben" in page


def test_renewed_certificate_is_reminded_again_when_due_next_time(coordinator, mailoutbox):
    today = timezone.localdate()
    volunteer = VolunteerFactory(
        certificate_renewal_due_on=today + timedelta(days=7), confidentiality_signed_on=today
    )
    certificate_reminders()
    volunteer.certificate_renewal_due_on = today + timedelta(days=10)
    volunteer.save()
    certificate_reminders()
    assert len(mailoutbox) == 2


# --- overdue action items ---------------------------------------------------------------------


def test_weekly_digest_goes_to_owners_and_office_once_a_week(coordinator, mailoutbox):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    item = ActionItemFactory(
        title="Flyer in leichter Sprache drucken",
        owner_name="Anna Weber",
        owner_email="a.weber@verein.example",
        due_on=monday - timedelta(days=3),
    )
    ActionItemFactory(
        title="Raum buchen", owner_name="Koordinierungsstelle", due_on=monday - timedelta(1)
    )
    ActionItemFactory(title="Noch Zeit", due_on=monday + timedelta(days=30))

    assert action_item_digest(today=monday) == "2 Aufgabe(n), 2 E-Mail(s)."
    owner_mail, office_mail = mailoutbox
    assert owner_mail.to == ["a.weber@verein.example"]
    assert owner_mail.subject == "Überfällige Aufgabe aus den Sitzungen der Gremien"
    assert owner_mail.body.startswith("Guten Tag Anna Weber,\n")
    assert "- Flyer in leichter Sprache drucken" in owner_mail.body
    assert "Raum buchen" not in owner_mail.body
    assert sorted(office_mail.to) == sorted([OFFICE, coordinator.email])
    assert office_mail.subject == "2 überfällige Aufgaben aus den Sitzungen der Gremien"
    assert "- Raum buchen" in office_mail.body
    assert "- Flyer in leichter Sprache drucken" in office_mail.body
    assert "Noch Zeit" not in office_mail.body
    assert _sender(owner_mail)[0] == "Koordinierungsstelle Migration und Teilhabe"
    item.refresh_from_db()
    assert item.reminded_at is not None

    assert action_item_digest(today=monday + timedelta(days=2)) == "Nichts fällig."
    assert len(mailoutbox) == 2
    action_item_digest(today=monday + timedelta(days=7))
    assert len(mailoutbox) == 4


# --- unanswered update requests -------------------------------------------------------------


def test_update_request_is_reminded_after_the_days_and_at_most_twice(db, settings, mailoutbox):
    settings.KMUT_UPDATE_REQUEST_REMINDER_DAYS = 14
    today = timezone.localdate()
    request = UpdateRequestFactory(
        organisation__name="Willkommensnetz Lüchow",
        recipient_email="info@willkommensnetz.example",
        due_on=today + timedelta(days=60),
        expires_on=today + timedelta(days=90),
    )
    ContactPersonFactory(
        organisation=request.organisation,
        title="Frau",
        first_name="Gisela",
        last_name="Lange",
        email="info@willkommensnetz.example",
    )
    answered = UpdateRequestFactory(status="responded")
    for update_request in (request, answered):
        type(request).objects.filter(pk=update_request.pk).update(
            created_at=timezone.now() - timedelta(days=15)
        )

    assert update_request_reminders(today=today - timedelta(days=2)) == "Nichts fällig."
    assert update_request_reminders(today=today) == "1 Erinnerung."
    (mail,) = mailoutbox
    assert mail.to == ["info@willkommensnetz.example"]
    assert mail.subject == (
        "Erinnerung: Bitte prüfen Sie Ihren Eintrag im Integrationsatlas des Landkreises"
    )
    assert mail.body.startswith("Guten Tag Frau Lange,\n")
    assert "Willkommensnetz Lüchow" in mail.body
    assert f"https://kmut.landkreis.example/aktualisierung/{request.token}/" in mail.body
    assert _sender(mail) == ("Koordinierungsstelle Migration und Teilhabe", OFFICE)

    assert update_request_reminders(today=today) == "Nichts fällig."
    assert update_request_reminders(today=today + timedelta(days=14)) == "1 Erinnerung."
    assert update_request_reminders(today=today + timedelta(days=30)) == "Nichts fällig."
    assert len(mailoutbox) == 2
    assert Reminder.objects.filter(kind=Reminder.Kind.UPDATE_REQUEST).count() == 2


# --- payment runs exported but not booked -----------------------------------------------------


def test_payment_run_not_booked_is_mailed_to_the_lead_and_office_once(lead, settings, mailoutbox):
    settings.KMUT_PAYMENT_RUN_REMINDER_DAYS = 7
    now = timezone.now()
    PaymentRun.objects.create(
        number="2026-007",
        status=PaymentRun.Status.EXPORTED,
        created_by=lead,
        execution_date=timezone.localdate(now - timedelta(days=9)),
        total=Decimal("184.50"),
        claim_count=3,
        message_id="KMUT-2026-007",
        exported_at=now - timedelta(days=10),
        exported_by=lead,
    )
    PaymentRun.objects.create(
        number="2026-008",
        status=PaymentRun.Status.EXPORTED,
        created_by=lead,
        execution_date=timezone.localdate(now),
        total=Decimal("20.00"),
        claim_count=1,
        message_id="KMUT-2026-008",
        exported_at=now - timedelta(days=2),
        exported_by=lead,
    )

    assert payment_run_reminders() == "1 Zahllauf."
    (mail,) = mailoutbox
    assert sorted(mail.to) == sorted([OFFICE, lead.email])
    assert mail.subject == "Zahllauf noch nicht gebucht: 2026-007"
    assert "- 2026-007: exportiert am" in mail.body
    assert "184,50\u00a0€" in mail.body  # |eur: a no-break space before the sign
    assert "2026-008" not in mail.body
    assert payment_run_reminders() == "Nichts fällig."
    assert len(mailoutbox) == 1


# --- retention ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("lead")
def test_retention_job_warns_once_even_when_run_twice_a_day(settings, mailoutbox):
    settings.KMUT_CONSULTATION_RETENTION_YEARS = 3
    settings.KMUT_CONSULTATION_WARNING_DAYS = 30
    ConsultationFactory(held_on=date(2022, 6, 1))
    first = run_retention(today=date(2025, 5, 2))
    second = run_retention(today=date(2025, 5, 2))
    assert first == (
        "0 Klient(en) anonymisiert; 1 weitere in den nächsten 30 Tagen fällig; "
        "Leitung über 1 neu fällige informiert."
    )
    assert second.endswith("Leitung über 0 neu fällige informiert.")
    (mail,) = mailoutbox
    assert mail.subject == "Beratungsdokumentation: Klient*innen werden bald anonymisiert"


# --- once only with two workers on PostgreSQL -------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_on_postgresql_run_a_due_schedule_exactly_once(synced_roles, mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between workers need PostgreSQL")
    VolunteerFactory(
        first_name="Klaus-Dieter",
        last_name="Hinz",
        certificate_renewal_due_on=timezone.localdate() + timedelta(days=14),
        confidentiality_signed_on=timezone.localdate(),
    )
    sync_schedules()  # every job is due now
    start, scheduled = threading.Barrier(2), threading.Barrier(2)
    executed, errors = [], []

    def worker():
        try:
            broker = get_broker()
            start.wait()
            scheduler(broker=broker)  # what each cluster's sentinel calls
            scheduled.wait()
            while tasks := broker.dequeue():
                for ack_id, payload in tasks:
                    task = SignedPackage.loads(payload)
                    executed.append(task["func"])
                    import_string(task["func"])(*task["args"], **task["kwargs"])
                    broker.acknowledge(ack_id)
        except Exception as error:  # reported below, a thread cannot fail the test itself
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(executed) == sorted(job.func for job in scheduled_jobs())
    assert OrmQ.objects.count() == 0
    assert all(s.next_run > timezone.now() for s in Schedule.objects.all())
    certificate_mails = [mail for mail in mailoutbox if "Hinz" in mail.body]
    assert len(certificate_mails) == 1


# --- one scheduled run, as in ./run ------------------------------------------------------------


def test_first_scheduled_run_after_sync_schedules_mails_the_certificate_due(
    coordinator, coordinator_client, mailoutbox
):
    """What ./run does after seeding: sync_schedules, then one run of the cluster's scheduler."""
    VolunteerFactory(
        first_name="Klaus-Dieter",
        last_name="Hinz",
        certificate_renewal_due_on=timezone.localdate() + timedelta(days=14),
        confidentiality_signed_on=timezone.localdate(),
    )
    call_command("sync_schedules", stdout=open("/dev/null", "w"))  # noqa: SIM115
    Conf.SYNC = True  # the task runs in this process instead of in a worker
    try:
        scheduler(broker=get_broker())
    finally:
        Conf.SYNC = False
    due = (timezone.localdate() + timedelta(days=14)).strftime("%d.%m.%Y")
    (mail,) = [m for m in mailoutbox if m.subject.startswith("Ehrenamtliche: Führungszeugnisse")]
    assert coordinator.email in mail.to
    assert f"- Klaus-Dieter Hinz: fällig am {due}" in mail.body
    assert Task.objects.get(group="volunteers.certificate_reminders").success
    assert not Task.objects.filter(success=False).exists()
    assert "in den nächsten 4 Wochen fällig oder überfällig" in (
        coordinator_client.get("/").content.decode()
    )
