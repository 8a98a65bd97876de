from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import LanguageFactory, MunicipalityFactory
from tests.volunteers.factories import (
    AssignmentFactory,
    PortalVolunteerFactory,
    ProgrammeFactory,
    VolunteerFactory,
)
from volunteers.matching import suggest_volunteers
from volunteers.models import Assignment, HoursEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    samtgemeinde = MunicipalityFactory(name="SG Elbtalaue", kind="samtgemeinde")
    member = MunicipalityFactory(name="Dannenberg (Elbe)", kind="town", parent=samtgemeinde)
    elsewhere = MunicipalityFactory(name="Clenze", kind="municipality")
    return samtgemeinde, member, elsewhere


def _speaker(language, level="native", places=(), days="", **kwargs):
    volunteer = VolunteerFactory(available_days=days, **kwargs)
    volunteer.language_skills.create(language=language, level=level)
    volunteer.municipalities.set(places)
    return volunteer


def test_suggestions_rank_language_then_municipality_then_weekday(places):
    samtgemeinde, member, elsewhere = places
    dari, arabic = (
        LanguageFactory(name="Dari-T", code="xda"),
        LanguageFactory(name="Arabisch-T", code="xar"),
    )
    monday = date(2026, 3, 2)
    near_and_free = _speaker(dari, places=[samtgemeinde], days="0", last_name="A-Near-Free")
    near = _speaker(dari, places=[member], days="3", last_name="B-Near")
    far_free = _speaker(dari, places=[elsewhere], days="0", last_name="C-Far-Free")
    _speaker(dari, level="basic", places=[member], days="0", last_name="D-Basic")
    _speaker(arabic, places=[member], days="0", last_name="E-Other-Language")
    _speaker(dari, places=[member], days="0", last_name="F-Paused", status="paused")
    assignment = AssignmentFactory(
        volunteer=None, language=dari, municipality=member, starts_on=monday, status="requested"
    )
    suggestions = suggest_volunteers(assignment)
    assert [s.volunteer for s in suggestions] == [near_and_free, near, far_free]
    first = suggestions[0]
    assert (first.language, first.municipality, first.available) == (True, True, True)
    assert (suggestions[1].available, suggestions[2].municipality) == (False, False)


def test_suggestions_prefer_volunteers_with_fewer_running_assignments(places):
    dari = LanguageFactory(name="Dari-T", code="xda")
    busy = _speaker(dari, last_name="Busy")
    idle = _speaker(dari, last_name="Idle")
    AssignmentFactory.create_batch(2, volunteer=busy, status="active")
    assignment = AssignmentFactory(volunteer=None, language=dari, status="requested")
    suggestions = suggest_volunteers(assignment)
    assert [s.volunteer for s in suggestions] == [idle, busy]
    assert [s.running for s in suggestions] == [0, 2]


def test_assignment_page_suggests_and_assigns_within_fixed_queries(
    coordinator_client, places, django_assert_max_num_queries
):
    dari = LanguageFactory(name="Dari-T", code="xda")
    for index in range(12):
        _speaker(dari, places=[places[1]], days="01234", last_name=f"Speaker{index:02d}")
    assignment = AssignmentFactory(
        volunteer=None, language=dari, municipality=places[1], status="requested"
    )
    url = reverse("volunteers:assignment_detail", args=[assignment.pk])
    with django_assert_max_num_queries(16):
        page = coordinator_client.get(url)
    assert len(page.context["suggestions"]) == 8
    chosen = page.context["suggestions"][0].volunteer
    response = coordinator_client.post(
        reverse("volunteers:assignment_assign", args=[assignment.pk]), {"volunteer": chosen.pk}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.volunteer, assignment.status) == (chosen, Assignment.Status.ACTIVE)
    assert assignment.history.count() == 2


def test_inactive_volunteer_cannot_be_assigned(coordinator_client):
    assignment = AssignmentFactory(volunteer=None, status="requested")
    paused = VolunteerFactory(status="paused")
    coordinator_client.post(
        reverse("volunteers:assignment_assign", args=[assignment.pk]), {"volunteer": paused.pk}
    )
    assignment.refresh_from_db()
    assert assignment.volunteer is None


def test_assignment_list_filters_within_fixed_queries(
    coordinator_client, django_assert_max_num_queries
):
    dari = LanguageFactory(name="Dari-T", code="xda")
    AssignmentFactory.create_batch(15, language=dari)
    AssignmentFactory.create_batch(5, volunteer=None, status="requested")
    with django_assert_max_num_queries(12):
        response = coordinator_client.get(reverse("volunteers:assignment_list"))
    assert response.context["paginator"].count == 20
    response = coordinator_client.get(reverse("volunteers:assignment_list"), {"unassigned": "true"})
    assert response.context["paginator"].count == 5


def test_interpreting_request_needs_language_and_keeps_input(coordinator_client):
    programme = ProgrammeFactory()
    response = coordinator_client.post(
        reverse("volunteers:assignment_create"),
        {
            "kind": "interpreting",
            "programme": programme.pk,
            "reference": "Termin ABH-2026-100",
            "requesting_unit": "Ausländerbehörde",
            "starts_on": "2026-03-02",
            "status": "requested",
        },
    )
    assert response.status_code == 200
    assert "Eine Sprachmittlungsanfrage braucht die Sprache." in response.content.decode()
    assert 'value="Termin ABH-2026-100"' in response.content.decode()
    assert not Assignment.objects.exists()


def test_volunteer_logs_hours_on_own_assignment_only(synced_roles):
    volunteer = PortalVolunteerFactory()
    own = AssignmentFactory(volunteer=volunteer, starts_on=date(2026, 1, 5))
    other = AssignmentFactory(starts_on=date(2026, 1, 5))
    client = Client()
    client.force_login(volunteer.user)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("volunteers:portal_assignment", args=[own.pk]),
        {"date": yesterday.isoformat(), "hours": "1,5", "note": "Hausbesuch"},
    )
    assert response.status_code == 302
    entry = HoursEntry.objects.get()
    assert (entry.volunteer, entry.minutes, entry.logged_by) == (volunteer, 90, volunteer.user)
    assert client.get(reverse("volunteers:portal_assignment", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("volunteers:portal_assignment", args=[other.pk]),
        {"date": yesterday.isoformat(), "hours": "2"},
    )
    assert response.status_code == 404
    assert HoursEntry.objects.count() == 1


def test_hours_in_the_future_are_refused_in_german(synced_roles):
    volunteer = PortalVolunteerFactory()
    own = AssignmentFactory(volunteer=volunteer, starts_on=date(2026, 1, 5))
    client = Client()
    client.force_login(volunteer.user)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("volunteers:portal_assignment", args=[own.pk]),
        {"date": tomorrow.isoformat(), "hours": "2", "note": "Begleitung"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stunden können nicht für ein künftiges Datum erfasst werden." in page
    assert 'value="Begleitung"' in page
    assert not HoursEntry.objects.exists()


def test_staff_logs_hours_from_a_time_sheet(coordinator_client, coordinator):
    assignment = AssignmentFactory(starts_on=date(2026, 1, 5))
    response = coordinator_client.post(
        reverse("volunteers:assignment_hours", args=[assignment.pk]),
        {"date": "2026-02-10", "hours": "2", "note": "Stundenzettel Februar"},
    )
    assert response.status_code == 302
    entry = HoursEntry.objects.get()
    assert (entry.volunteer, entry.logged_by, entry.minutes) == (
        assignment.volunteer,
        coordinator,
        120,
    )


def test_staff_hours_refused_come_back_on_the_assignment_page(coordinator_client):
    assignment = AssignmentFactory(starts_on=date(2026, 1, 5), reference="ABH-2026-7")
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = coordinator_client.post(
        reverse("volunteers:assignment_hours", args=[assignment.pk]),
        {"date": tomorrow.isoformat(), "hours": "2", "note": "Stundenzettel"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stunden können nicht für ein künftiges Datum erfasst werden." in page
    assert "ABH-2026-7" in page
    assert 'value="Stundenzettel"' in page
    assert not HoursEntry.objects.exists()
