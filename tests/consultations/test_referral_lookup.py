"""Referrals are chosen through a lookup, not a select of every organisation (issue 18).

The entry form's size and queries do not depend on the registry's size; typing asks
`referral_lookup` for the matching active organisations; without JavaScript the form comes back
with the matches as radio buttons.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.models import Organisation
from consultations.models import Consultation, Referral
from kmut.search import searchable
from tests.consultations.factories import ConsultationFactory, entry_form_data
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("consultations:consultation_create")
LOOKUP = reverse("consultations:referral_lookup")


def _entry(counsellor, **overrides):
    return entry_form_data(**{"counsellor": counsellor.pk, "save": "1", **overrides})


def _organisations(count):
    Organisation.objects.bulk_create(
        searchable(
            OrganisationFactory.build(name=f"Beratungsstelle {number:04d} Wendland e.V.")
            for number in range(Organisation.objects.count(), count)
        )
    )
    assert Organisation.objects.count() == count


def _new_form(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CREATE)
    assert response.status_code == 200
    return response.content, len(queries)


def _lookup(client, text, row=1):
    return client.get(LOOKUP, {"row": row, f"referral_{row}_search": text})


def _as_posted(form):
    """What a browser sends for the form as shown (unchecked boxes and empty values left out)."""
    return {
        field.html_name: field.value()
        for field in form
        if field.value() is not None and field.value() is not False
    }


def _choice_names(html):
    return re.findall(r'data-name="([^"]*)"', html)


def test_the_entry_form_does_not_grow_with_the_registry(coordinator_client):
    _organisations(5)
    coordinator_client.get(CREATE)  # the first request of a session writes it
    small, small_queries = _new_form(coordinator_client)
    _organisations(200)
    large, large_queries = _new_form(coordinator_client)
    assert abs(len(large) - len(small)) < 64
    assert large_queries == small_queries
    assert b"Beratungsstelle" not in large
    assert b"<option" not in large.split(b'name="referral_1_search"')[1].split(b"</div>")[0]
    html = large.decode()
    assert 'data-hx-get="' + LOOKUP + '"' in html
    assert 'name="referral_1_search"' in html
    assert 'name="referral_2_search"' in html
    assert 'name="referral_1_consent"' in html


def test_the_lookup_finds_folded_words_in_any_order_and_only_active_organisations(
    coordinator_client,
):
    OrganisationFactory(name="Jobcenter Lüchow-Dannenberg")
    OrganisationFactory(name="Jobcenter Uelzen", city="Uelzen")
    OrganisationFactory(name="Jobcenter Lüchow Außenstelle", status="archived")
    response = _lookup(coordinator_client, "luechow JOBCENTER")
    assert response.status_code == 200
    html = response.content.decode()
    assert _choice_names(html) == ["Jobcenter Lüchow-Dannenberg"]
    assert 'type="radio" name="referral_1_choice"' in html
    assert "Passende Organisationen für Weitervermittlung 1" in html
    assert _choice_names(_lookup(coordinator_client, "Jobcenter", row=2).content.decode()) == [
        "Jobcenter Lüchow-Dannenberg",
        "Jobcenter Uelzen",
    ]
    assert (
        'name="referral_2_choice"'
        in _lookup(coordinator_client, "Jobcenter", row=2).content.decode()
    )
    none = _lookup(coordinator_client, "Ausländerbehörde").content.decode()
    assert "Keine aktive Organisation passt zu „Ausländerbehörde“." in none
    assert _lookup(coordinator_client, "").content.decode().strip() == ""


def test_the_lookup_offers_at_most_ten(coordinator_client):
    _organisations(25)
    html = _lookup(coordinator_client, "beratungsstelle wendland").content.decode()
    assert len(_choice_names(html)) == 10
    assert "Nur die ersten 10 Treffer werden gezeigt" in html


def test_the_lookup_needs_the_right_to_add_consultations_and_answers_get_only(
    client_for, coordinator_client
):
    OrganisationFactory(name="Jobcenter Lüchow-Dannenberg")
    for role in ("Ehrenamt", "Ausschuss", "Administration"):
        assert _lookup(client_for(role), "Jobcenter").status_code == 403
    assert _lookup(client_for(None), "Jobcenter").status_code == 302
    assert coordinator_client.post(LOOKUP, {"row": 1}).status_code == 405


def test_without_javascript_a_search_text_brings_the_matches_and_keeps_what_was_typed(
    coordinator_client, coordinator
):
    wanted = OrganisationFactory(name="Jobcenter Lüchow-Dannenberg")
    OrganisationFactory(name="Jobcenter Uelzen")
    data = _entry(
        coordinator, referral_1_search="Jobcenter", referral_1_consent="on", note="Rückruf"
    )
    response = coordinator_client.post(CREATE, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte wählen Sie die Organisation aus der Liste darunter." in html
    assert _choice_names(html) == ["Jobcenter Lüchow-Dannenberg", "Jobcenter Uelzen"]
    assert 'value="Jobcenter"' in html
    assert "Rückruf" in html
    assert not Consultation.objects.exists()

    data["referral_1_choice"] = str(wanted.pk)
    response = coordinator_client.post(CREATE, data)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.organisation == wanted
    assert referral.data_sharing_consent is True


def test_without_javascript_no_match_or_too_many_give_a_german_error(
    coordinator_client, coordinator
):
    _organisations(12)
    response = coordinator_client.post(CREATE, _entry(coordinator, referral_2_search="Caritas"))
    assert "Keine aktive Organisation passt zu „Caritas“. Bitte ändern Sie den Suchtext." in (
        response.content.decode()
    )
    response = coordinator_client.post(
        CREATE, _entry(coordinator, referral_1_search="Beratungsstelle")
    )
    html = response.content.decode()
    assert "Mehr als 10 Organisationen passen zu „Beratungsstelle“." in html
    assert _choice_names(html) == []
    assert not Consultation.objects.exists()


def test_a_text_naming_exactly_one_organisation_is_taken_directly(coordinator_client, coordinator):
    wanted = OrganisationFactory(name="Jobcenter Lüchow")
    OrganisationFactory(name="Jobcenter Lüchow-Dannenberg")
    response = coordinator_client.post(
        CREATE, _entry(coordinator, referral_1_search="jobcenter lüchow")
    )
    assert response.status_code == 302
    assert Referral.objects.get().organisation == wanted


def test_a_choice_that_no_longer_fits_the_text_is_not_taken(coordinator_client, coordinator):
    jobcenter = OrganisationFactory(name="Jobcenter Lüchow-Dannenberg")
    OrganisationFactory(name="Caritas Dannenberg")
    OrganisationFactory(name="Caritas Lüchow")
    data = _entry(coordinator, referral_1=jobcenter.pk, referral_1_search="Caritas")
    response = coordinator_client.post(CREATE, data)
    assert response.status_code == 200
    assert _choice_names(response.content.decode()) == ["Caritas Dannenberg", "Caritas Lüchow"]


def test_a_chosen_organisation_is_kept_when_another_field_is_wrong(coordinator_client, coordinator):
    wanted = OrganisationFactory(name="Jobcenter Lüchow-Dannenberg")
    OrganisationFactory(name="Jobcenter Uelzen")
    data = _entry(
        coordinator, topics=[], referral_1_search="Jobcenter", referral_1_choice=str(wanted.pk)
    )
    html = coordinator_client.post(CREATE, data).content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert 'value="Jobcenter Lüchow-Dannenberg"' in html
    assert f'name="referral_1" value="{wanted.pk}"' in html
    assert not Consultation.objects.exists()


def test_editing_shows_and_keeps_the_referrals_by_name(lead_client, lead):
    _organisations(50)
    archived = OrganisationFactory(name="Migrationsberatung Dannenberg (alt)", status="archived")
    active = OrganisationFactory(name="Jobcenter Lüchow-Dannenberg")
    consultation = ConsultationFactory(counsellor=lead)
    Referral.objects.create(consultation=consultation, organisation=archived)
    Referral.objects.create(
        consultation=consultation, organisation=active, data_sharing_consent=True
    )
    url = reverse("consultations:consultation_update", args=[consultation.pk])
    response = lead_client.get(url)
    html = response.content.decode()
    assert 'value="Migrationsberatung Dannenberg (alt)"' in html
    assert 'value="Jobcenter Lüchow-Dannenberg"' in html
    assert "Beratungsstelle" not in html
    assert 'name="referral_3_search"' in html  # a free row for one more

    data = _as_posted(response.context["form"])
    rows = {data[f"referral_{number}"]: number for number in (1, 2)}
    assert set(rows) == {archived.pk, active.pk}
    assert data[f"referral_{rows[active.pk]}_consent"] is True
    assert f"referral_{rows[archived.pk]}_consent" not in data
    response = lead_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    referrals = {row.organisation: row.data_sharing_consent for row in consultation.referrals.all()}
    assert referrals == {archived: False, active: True}

    # A colleague's form is checked against the version saved: open the form again.
    data = _as_posted(lead_client.get(url).context["form"])
    response = lead_client.post(url, {**data, f"referral_{rows[archived.pk]}_search": ""})
    assert response.status_code == 302
    assert [row.organisation for row in consultation.referrals.all()] == [active]
