"""Who acted: services stamp the history with their `by`, jobs and commands with the system user."""

import inspect
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client as BrowserClient
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.models import Task
from django_q.scheduler import scheduler

from actors import services as actor_services
from consultations import retention
from consultations import services as consultation_services
from consultations.models import Client, Consultation
from kmut import audit
from kmut import services as kmut_services
from kmut.jobs import scheduled_jobs
from reporting import releases
from reporting import services as reporting_services
from roundtable import services as roundtable_services
from tests.consultations.factories import ConsultationFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.roundtable.factories import MeetingFactory
from volunteers import payments, rates
from volunteers import services as volunteer_services

SERVICE_MODULES = [
    actor_services,
    consultation_services,
    retention,
    kmut_services,
    releases,
    reporting_services,
    roundtable_services,
    payments,
    rates,
    volunteer_services,
]
# Services that take `by` only to check a rule and write nothing.
CHECKS_ONLY = {releases.check_release, releases.can_release}


def _retention_due(settings):
    """A client whose retention period ended a year ago (last contact four years back)."""
    settings.KMUT_CONSULTATION_RETENTION_YEARS = 3
    return ConsultationFactory(held_on=timezone.localdate() - timedelta(days=4 * 366)).client


@pytest.mark.usefixtures("coordinator")
def test_the_retention_command_run_as_a_job_records_the_system_user(
    settings, lead_client, mailoutbox
):
    """Acceptance (issue 19): the worker runs the retention job; its changes name the system."""
    settings.KMUT_BASE_URL = "https://kmut.landkreis.example"
    client = _retention_due(settings)
    consultation = client.consultations.get()
    call_command("sync_schedules", stdout=open("/dev/null", "w"))  # noqa: SIM115
    Conf.SYNC = True  # the cluster's scheduler runs each due task in this process
    try:
        scheduler(broker=get_broker())
    finally:
        Conf.SYNC = False
    assert Task.objects.get(group="consultations.retention").success
    system = User.objects.get(username=audit.SYSTEM_USERNAME)
    client.refresh_from_db()
    assert client.is_anonymised
    anonymised = client.history.latest()
    assert anonymised.history_type == "~"
    assert anonymised.history_user == system
    assert Consultation.history.filter(id=consultation.pk).latest().history_user == system
    page = lead_client.get(reverse("consultations:client_detail", args=[client.pk]))
    assert "geändert · System (automatisch)" in " ".join(page.content.decode().split())


def test_the_retention_command_acts_as_the_system_user(settings, db):
    client = _retention_due(settings)
    call_command("apply_retention", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Client.objects.get(pk=client.pk).is_anonymised
    assert client.history.latest().history_user.username == audit.SYSTEM_USERNAME


def test_every_scheduled_job_acts_as_the_system_user():
    for job in scheduled_jobs():
        assert getattr(import_string(job.func), "acts_as_system", False), job.func


def test_a_service_called_outside_a_request_records_its_by(coordinator):
    organisation = OrganisationFactory()
    actor_services.archive_organisation(organisation=organisation, by=coordinator)
    assert organisation.history.latest().history_user == coordinator
    meeting = MeetingFactory()
    roundtable_services.cancel_meeting(meeting=meeting, by=coordinator)
    assert meeting.history.latest().history_user == coordinator


def test_a_nested_service_keeps_the_outer_actor_and_the_actor_ends_with_the_service(coordinator):
    """Retention anonymises without a `by` (None): inside a job the job's actor stays."""
    system = audit.system_user()
    client = ConsultationFactory().client
    with audit.acting_as(system):
        retention.anonymise_client(client=client)
    assert client.history.latest().history_user == system
    organisation = OrganisationFactory()
    with audit.acting_as(system):
        actor_services.confirm_organisation(organisation=organisation, by=coordinator)
        organisation.save()  # after the service: the outer actor again
    assert [row.history_user for row in organisation.history.order_by("-history_id")[:2]] == [
        system,
        coordinator,
    ]
    organisation.save()  # outside any acting_as and any request: nobody
    assert organisation.history.latest().history_user is None


def test_every_recorded_model_reads_the_actor(db):
    """Each history table takes its user from kmut.audit (a model declared with simple-history's
    own HistoricalRecords would record nobody for jobs and commands)."""
    actor = UserFactory()
    with audit.acting_as(actor):
        for model in apps.get_models():
            manager = getattr(model._meta, "simple_history_manager_attribute", None)
            if manager is None:
                continue
            history_model = getattr(model, manager).model
            assert history_model.get_default_history_user(None) == actor, model.__name__


def test_every_service_that_takes_by_records_it():
    for module in SERVICE_MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            if "by" not in inspect.signature(function).parameters or function in CHECKS_ONLY:
                continue
            assert getattr(function, "records_actor", False), f"{module.__name__}.{name}"


def test_records_actor_needs_a_keyword_only_by():
    def positional(by):
        return by

    with pytest.raises(TypeError, match="keyword-only argument `by`"):
        audit.records_actor(positional)


def test_the_system_user_cannot_log_in_and_no_one_manages_it(administrator, administrator_client):
    system = audit.system_user()
    assert audit.system_user() == system  # created once
    assert not system.is_active
    assert not system.has_usable_password()
    browser = BrowserClient()
    for password in ("", "system", system.password):
        response = browser.post(
            reverse("login"), {"username": audit.SYSTEM_USERNAME, "password": password}
        )
        assert response.status_code == 200  # the form again, with its error
        assert "_auth_user_id" not in browser.session
    assert not kmut_services.can_manage_account(administrator, system)
    listing = administrator_client.get(reverse("kmut:user_list")).content.decode()
    assert reverse("kmut:user_detail", args=[system.pk]) not in listing
    detail = administrator_client.get(reverse("kmut:user_detail", args=[system.pk]))
    assert detail.status_code == 403
    edit = administrator_client.get(reverse("kmut:user_update", args=[system.pk]))
    assert edit.status_code == 404


def test_the_history_names_the_system_user_as_such(db):
    system = audit.system_user()
    organisation = OrganisationFactory()
    with audit.acting_as(system):
        organisation.name = "Neuer Name e.V."
        organisation.save()
    (latest, created) = audit.history_of(organisation)
    assert latest.user_name == "System (automatisch)"
    assert created.user_name == ""  # nobody: the page writes "System"
