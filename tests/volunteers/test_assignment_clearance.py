"""Clearance (certificate of good conduct, confidentiality declaration) in matching and assigning,
and the volunteer's notice of a new assignment."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import LanguageFactory
from tests.volunteers.factories import (
    AssignmentFactory,
    PortalVolunteerFactory,
    ProgrammeFactory,
    VolunteerFactory,
)
from volunteers.matching import suggest_volunteers
from volunteers.models import Assignment

pytestmark = pytest.mark.django_db

SWITCH = "Auch Ehrenamtliche ohne gültiges Führungszeugnis oder Verschwiegenheitserklärung zeigen"


def _speaker(language, **kwargs):
    volunteer = VolunteerFactory(**kwargs)
    volunteer.language_skills.create(language=language, level="native")
    return volunteer


@pytest.fixture
def request_with_speakers():
    """An interpreting request for Dari with an expired, a cleared and an undeclared speaker."""
    dari = LanguageFactory(name="Dari-T", code="xda")
    today = timezone.localdate()
    expired = _speaker(
        dari,
        first_name="Erika",
        last_name="Abgelaufen",
        certificate_inspected_on=today - timedelta(days=5 * 365 + 30),
        certificate_renewal_due_on=today - timedelta(days=30),
    )
    cleared = _speaker(dari, first_name="Karl", last_name="Gültig")
    undeclared = _speaker(dari, first_name="Nora", last_name="Ohne", confidentiality_signed_on=None)
    # Busier than the others: without the clearance rule the expired speaker would rank first.
    AssignmentFactory.create_batch(2, volunteer=cleared, status="active")
    AssignmentFactory.create_batch(2, volunteer=undeclared, status="active")
    assignment = AssignmentFactory(
        volunteer=None, language=dari, starts_on=today, status="requested", kind="interpreting"
    )
    return assignment, expired, cleared, undeclared


def test_clearance_rule_names_what_is_missing_or_expired():
    today = timezone.localdate()
    volunteer = VolunteerFactory(certificate_inspected_on=None, certificate_renewal_due_on=None)
    assert volunteer.clearance_problems() == ["Führungszeugnis fehlt"]
    volunteer.certificate_inspected_on = today - timedelta(days=100)
    volunteer.certificate_renewal_due_on = today + timedelta(days=10)
    volunteer.confidentiality_signed_on = None
    assert volunteer.clearance_problems() == ["Verschwiegenheitserklärung fehlt"]
    later = today + timedelta(days=10)
    assert volunteer.clearance_problems(on=later)[0] == (
        f"Führungszeugnis abgelaufen (Erneuerung fällig am {later:%d.%m.%Y})"
    )
    # Without a renewal date the certificate counts for five years from the inspection.
    volunteer.certificate_renewal_due_on = None
    volunteer.certificate_inspected_on = today - timedelta(days=6 * 365)
    assert volunteer.clearance_problems()[0].startswith("Führungszeugnis abgelaufen")


def test_suggestions_leave_out_the_volunteer_with_an_expired_certificate(request_with_speakers):
    assignment, expired, cleared, undeclared = request_with_speakers
    assert [s.volunteer for s in suggest_volunteers(assignment)] == [cleared]
    shown = suggest_volunteers(assignment, include_uncleared=True)
    assert [s.volunteer for s in shown] == [expired, cleared, undeclared]
    assert shown[0].problems[0].startswith("Führungszeugnis abgelaufen")
    assert shown[2].problems == ["Verschwiegenheitserklärung fehlt"]


def test_the_switch_shows_uncleared_volunteers_flagged(coordinator_client, request_with_speakers):
    assignment, expired, cleared, _undeclared = request_with_speakers
    url = reverse("volunteers:assignment_detail", args=[assignment.pk])
    page = coordinator_client.get(url).content.decode()
    assert SWITCH in page
    assert cleared.full_name in page
    assert expired.full_name not in page
    page = coordinator_client.get(url, {"alle": "1"}).content.decode()
    assert expired.full_name in page
    assert "nicht freigegeben: Führungszeugnis abgelaufen" in page
    assert 'name="confirm_clearance"' in page


def test_assigning_an_uncleared_volunteer_needs_a_recorded_confirmation(
    coordinator_client, coordinator, request_with_speakers, django_capture_on_commit_callbacks
):
    assignment, expired, _cleared, _undeclared = request_with_speakers
    url = reverse("volunteers:assignment_assign", args=[assignment.pk])
    response = coordinator_client.post(url, {"volunteer": expired.pk}, follow=True)
    assignment.refresh_from_db()
    assert assignment.volunteer is None
    assert "ist für diesen Einsatz nicht freigegeben" in response.content.decode()
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url, {"volunteer": expired.pk, "confirm_clearance": "on"}
        )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[expired.email]]
    assignment.refresh_from_db()
    assert (assignment.volunteer, assignment.status) == (expired, Assignment.Status.ACTIVE)
    assert assignment.clearance_confirmed_by == coordinator
    assert assignment.clearance_confirmed_at is not None
    assert assignment.clearance_confirmed_problems.startswith("Führungszeugnis abgelaufen")
    latest = assignment.history.latest()
    assert latest.history_user == coordinator
    assert latest.history_change_reason.startswith("Zugewiesen trotz: Führungszeugnis abgelaufen")
    page = coordinator_client.get(assignment.get_absolute_url()).content.decode()
    assert "ohne gültige Unterlagen zugewiesen" in page


def _form_data(programme, volunteer, **extra):
    return {
        "kind": "accompaniment",
        "programme": programme.pk,
        "reference": "Familie B-42",
        "requesting_unit": "Jobcenter",
        "starts_on": timezone.localdate().isoformat(),
        "status": "active",
        "volunteer": volunteer.pk,
        **extra,
    }


def test_the_form_refuses_an_uncleared_volunteer_without_confirmation_and_keeps_the_input(
    coordinator_client, coordinator, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory()
    missing = VolunteerFactory(certificate_inspected_on=None, certificate_renewal_due_on=None)
    url = reverse("volunteers:assignment_create")
    response = coordinator_client.post(url, _form_data(programme, missing))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ist für diesen Einsatz nicht freigegeben (Führungszeugnis fehlt)" in page
    assert 'value="Familie B-42"' in page
    assert not Assignment.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url, _form_data(programme, missing, confirm_clearance="on")
        )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.volunteer, assignment.clearance_confirmed_by) == (missing, coordinator)
    assert assignment.clearance_confirmed_problems == "Führungszeugnis fehlt"
    assert len(mail.outbox) == 1
    # Saving again without a change of volunteer neither asks again nor mails again.
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("volunteers:assignment_update", args=[assignment.pk]),
            _form_data(programme, missing, reason="Begleitung zum Amt"),
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_the_volunteer_is_mailed_once_and_sees_the_assignment_in_the_portal(
    coordinator_client, request_with_speakers, django_capture_on_commit_callbacks
):
    assignment, _expired, _cleared, _undeclared = request_with_speakers
    volunteer = PortalVolunteerFactory(first_name="Amina", last_name="Rahimi")
    volunteer.language_skills.create(language=assignment.language, level="fluent")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("volunteers:assignment_assign", args=[assignment.pk]),
            {"volunteer": volunteer.pk},
        )
        coordinator_client.post(
            reverse("volunteers:assignment_assign", args=[assignment.pk]),
            {"volunteer": volunteer.pk},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [volunteer.email]
    assert message.subject == f"Neuer Einsatz: {assignment.reference}"
    assert message.body.startswith("Guten Tag Amina Rahimi,")
    assert f"„{assignment.reference}“ (Sprachmittlung)" in message.body
    assert "Ehrenamtsportal" in message.body
    portal = Client()
    portal.force_login(volunteer.user)
    page = portal.get(reverse("volunteers:portal")).content.decode()
    assert assignment.reference in page
    assert reverse("volunteers:portal_assignment", args=[assignment.pk]) in page
