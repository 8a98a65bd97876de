"""The interpreting assignment is chosen through a lookup, not a select of the jobs (issue 18).

The entry form's size and queries do not depend on how many assignments there are around the
day; typing asks `interpreter_lookup` for the matching ones; without JavaScript the form comes
back with the matches as radio buttons.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation
from tests.consultations.factories import ConsultationFactory, entry_form_data
from tests.volunteers.factories import AssignmentFactory, ProgrammeFactory, VolunteerFactory
from volunteers.models import Assignment

pytestmark = pytest.mark.django_db

CREATE = reverse("consultations:consultation_create")
LOOKUP = reverse("consultations:interpreter_lookup")


def _entry(counsellor, **overrides):
    return entry_form_data(
        **{"counsellor": counsellor.pk, "interpreter_used": "on", "save": "1", **overrides}
    )


def _assignments(count, programme):
    today = timezone.localdate()
    volunteer = VolunteerFactory()
    Assignment.objects.bulk_create(
        Assignment(
            kind=Assignment.Kind.INTERPRETING,
            programme=programme,
            volunteer=volunteer,
            reference=f"Termin JC-{number:04d}",
            starts_on=today - timedelta(days=number % 60),
            status=Assignment.Status.ACTIVE,
        )
        for number in range(Assignment.objects.count(), count)
    )


def _new_form(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CREATE)
    assert response.status_code == 200
    return response.content, len(queries)


def _choice_names(html):
    return re.findall(r'name="interpreter_assignment_choice"[^>]*data-name="([^"]*)"', html)


def test_the_entry_form_does_not_grow_with_the_assignments(coordinator_client):
    programme = ProgrammeFactory()
    _assignments(5, programme)
    coordinator_client.get(CREATE)  # the first request of a session writes it
    small, small_queries = _new_form(coordinator_client)
    _assignments(300, programme)
    large, large_queries = _new_form(coordinator_client)
    assert abs(len(large) - len(small)) < 64
    assert large_queries == small_queries
    assert b"Termin JC-" not in large
    html = large.decode()
    assert 'data-hx-get="' + LOOKUP + '"' in html
    assert 'name="interpreter_assignment_search"' in html
    assert 'type="hidden" name="interpreter_assignment"' in html


def test_the_lookup_finds_reference_or_interpreter_latest_first_and_at_most_ten(
    coordinator_client,
):
    today = timezone.localdate()
    ayse = VolunteerFactory(first_name="Ayşe", last_name="Müller")
    older = AssignmentFactory(reference="Termin ABH-2026-014", volunteer=ayse, starts_on=today)
    newer = AssignmentFactory(
        reference="Schule Hitzacker", volunteer=ayse, starts_on=today + timedelta(days=2)
    )
    AssignmentFactory(reference="Termin ABH-2026-015", status="cancelled")
    AssignmentFactory(reference="Begleitung ABH", kind="accompaniment")
    html = coordinator_client.get(LOOKUP, {"interpreter_assignment_search": "abh 014"})
    assert _choice_names(html.content.decode()) == ["Termin ABH-2026-014"]
    html = coordinator_client.get(LOOKUP, {"interpreter_assignment_search": "Mueller Ayse"})
    assert _choice_names(html.content.decode()) == [newer.reference, older.reference]

    _assignments(30, ProgrammeFactory())
    html = coordinator_client.get(LOOKUP, {"interpreter_assignment_search": "Termin JC"})
    html = html.content.decode()
    assert len(_choice_names(html)) == 10
    assert "Nur die ersten 10 Treffer werden gezeigt" in html
    html = coordinator_client.get(LOOKUP, {"interpreter_assignment_search": "Dolmetscher"})
    assert "Kein Sprachmittlungseinsatz passt zu „Dolmetscher“." in html.content.decode()


def test_the_lookup_needs_the_right_to_add_consultations_and_answers_get_only(
    coordinator_client, client
):
    assert client.get(LOOKUP, {"interpreter_assignment_search": "Termin"}).status_code == 302
    assert coordinator_client.post(LOOKUP).status_code == 405


def test_without_javascript_a_search_text_brings_the_matches_and_keeps_what_was_typed(
    coordinator_client, coordinator
):
    wanted = AssignmentFactory(reference="Termin ABH-2026-014")
    AssignmentFactory(reference="Termin ABH-2026-020")
    data = _entry(coordinator, interpreter_assignment_search="ABH", note="Rückruf")
    response = coordinator_client.post(CREATE, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte wählen Sie den Sprachmittlungseinsatz aus der Liste darunter." in html
    assert sorted(_choice_names(html)) == ["Termin ABH-2026-014", "Termin ABH-2026-020"]
    assert 'value="ABH"' in html
    assert "Rückruf" in html
    assert not Consultation.objects.exists()

    data["interpreter_assignment_choice"] = str(wanted.pk)
    response = coordinator_client.post(CREATE, data)
    assert response.status_code == 302
    assert Consultation.objects.get().interpreter_assignment == wanted


def test_a_reference_typed_in_full_is_taken_and_a_stale_choice_is_not(
    coordinator_client, coordinator
):
    wanted = AssignmentFactory(reference="Termin ABH-2026-014")
    other = AssignmentFactory(reference="Schule Hitzacker")
    data = _entry(
        coordinator,
        interpreter_assignment=other.pk,
        interpreter_assignment_search="termin abh 2026 014",
    )
    assert coordinator_client.post(CREATE, data).status_code == 302
    assert Consultation.objects.get().interpreter_assignment == wanted


def test_no_match_gives_a_german_error_and_an_empty_text_links_nothing(
    coordinator_client, coordinator
):
    chosen = AssignmentFactory(reference="Termin ABH-2026-014")
    response = coordinator_client.post(
        CREATE, _entry(coordinator, interpreter_assignment_search="Caritas")
    )
    assert "Kein Sprachmittlungseinsatz passt zu „Caritas“. Bitte ändern Sie den Suchtext." in (
        response.content.decode()
    )
    assert not Consultation.objects.exists()
    response = coordinator_client.post(
        CREATE, _entry(coordinator, interpreter_assignment=chosen.pk)
    )
    assert response.status_code == 302
    assert Consultation.objects.get().interpreter_assignment is None


def test_editing_keeps_the_linked_assignment_even_when_cancelled_since(lead_client, lead):
    assignment = AssignmentFactory(reference="Termin ABH-2026-014")
    consultation = ConsultationFactory(
        counsellor=lead, interpreter_used=True, interpreter_assignment=assignment
    )
    assignment.status = Assignment.Status.CANCELLED
    assignment.save()
    url = reverse("consultations:consultation_update", args=[consultation.pk])
    html = lead_client.get(url).content.decode()
    assert 'value="Termin ABH-2026-014"' in html
    assert f'name="interpreter_assignment" value="{assignment.pk}"' in html
