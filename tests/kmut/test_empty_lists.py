"""An empty main list says so and offers the next step; a filtered empty list offers a reset."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

EMPTY_LISTS = [
    (
        "actors:organisation_list",
        "Noch keine Organisationen im Akteursverzeichnis erfasst.",
        "actors:organisation_create",
        "Neue Organisation",
    ),
    (
        "actors:offer_list",
        "Noch keine Angebote erfasst. Angebote legen Sie auf der Seite der Organisation an",
        "actors:organisation_list",
        "Zu den Organisationen",
    ),
    (
        "volunteers:volunteer_list",
        "Noch keine Ehrenamtlichen erfasst.",
        "volunteers:volunteer_create",
        "Neue*r Ehrenamtliche*r",
    ),
    (
        "volunteers:claim_list",
        "Ehrenamtliche reichen ihre Abrechnungen im Ehrenamtsportal ein",
        "volunteers:volunteer_list",
        "Zu den Ehrenamtlichen",
    ),
    (
        "consultations:index",
        "Noch keine Beratungen erfasst.",
        "consultations:consultation_create",
        "Neue Beratung",
    ),
    (
        "consultations:client_list",
        "Noch keine Klientinnen und Klienten erfasst. Eine Klientin oder ein Klient wird mit der "
        "ersten Beratung angelegt.",
        "consultations:consultation_create",
        "Neue Beratung",
    ),
    (
        "roundtable:meeting_list",
        "Sitzungen eines Gremiums planen Sie auf der Seite des Gremiums.",
        "roundtable:index",
        "Zu den Gremien",
    ),
    (
        "roundtable:actionitem_list",
        "Aufgaben werden im Protokoll einer Sitzung erfasst.",
        "roundtable:meeting_list",
        "Zu den Terminen",
    ),
]


@pytest.mark.parametrize(("url_name", "text", "action", "label"), EMPTY_LISTS)
def test_an_empty_list_says_so_and_offers_the_next_step(
    coordinator_client, url_name, text, action, label
):
    response = coordinator_client.get(reverse(url_name))
    html = response.content.decode()
    assert response.status_code == 200
    assert text in html
    assert f'<a class="btn btn-primary" href="{reverse(action)}">{label}</a>' in html


def test_an_empty_annual_report_list_points_to_the_form_beside_it(lead_client):
    html = lead_client.get(reverse("reporting:annualreport_list")).content.decode()
    assert "Noch keine Jahresberichte angelegt." in html
    assert "Legen Sie den ersten mit dem Formular „Neuer Bericht“ an." in html


@pytest.mark.parametrize(
    ("url_name", "filters"),
    [
        ("actors:organisation_list", {"q": "Zzyzx-nirgends"}),
        ("volunteers:volunteer_list", {"q": "Zzyzx-nirgends"}),
        ("consultations:index", {"held_until": "2001-01-31"}),
    ],
)
def test_a_filtered_empty_list_offers_to_reset_the_filters(coordinator_client, url_name, filters):
    url = reverse(url_name)
    html = coordinator_client.get(url, {**filters, "page": "1"}).content.decode()
    assert "Keine Einträge passen zu diesen Filtern." in html
    assert f'<a class="btn btn-outline-secondary" href="{url}">Filter zurücksetzen</a>' in html
    assert "Noch keine" not in html


def test_a_list_with_entries_shows_no_empty_state(coordinator_client):
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="Diakonie Lüchow")
    html = coordinator_client.get(reverse("actors:organisation_list")).content.decode()
    assert "Diakonie Lüchow" in html
    assert "Noch keine Organisationen" not in html
