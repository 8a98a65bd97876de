"""Each role's dashboard starts with that role's main actions and the work waiting for it:
volunteers hand in a claim and answer the office's questions, committee members download the
released reports."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.models import AnnualReport
from tests.reporting.annual_factories import AnnualReportFactory
from tests.volunteers.factories import ExpenseClaimFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def _actions(response):
    return [(action.label, action.url) for action in response.context["main_actions"]]


def test_the_volunteer_starts_with_new_claim_and_sees_each_query_of_the_office(
    volunteer_user, volunteer_client, django_assert_max_num_queries
):
    volunteer = VolunteerFactory(user=volunteer_user)
    queried = ExpenseClaimFactory(
        volunteer=volunteer, status="queried", service_date=date(2026, 3, 9)
    )
    ExpenseClaimFactory(volunteer=volunteer, status="draft")
    ExpenseClaimFactory(volunteer=volunteer, status="submitted")
    ExpenseClaimFactory(status="queried")  # someone else's question: not shown

    with django_assert_max_num_queries(12):
        response = volunteer_client.get(reverse("dashboard"))

    assert _actions(response) == [
        ("Neue Abrechnung", reverse("volunteers:portal_claim_create")),
        ("Mein Ehrenamt öffnen", reverse("volunteers:portal")),
    ]
    items = {item.text: item.url for item in response.context["attention_items"]}
    assert items == {
        "Die KMuT hat eine Rückfrage zu Ihrer Abrechnung vom 09.03.2026: Bitte beantworten Sie "
        "sie und reichen Sie die Abrechnung erneut ein": reverse(
            "volunteers:portal_claim_update", args=[queried.pk]
        ),
        "1 Abrechnung ist als Entwurf gespeichert und noch nicht eingereicht": (
            reverse("volunteers:portal") + "#claims-heading"
        ),
    }
    html = response.content.decode()
    button = (
        f'<a class="btn btn-primary btn-lg" href="{reverse("volunteers:portal_claim_create")}">'
    )
    assert button in html
    assert html.index(button) < html.index("Braucht Ihre Aufmerksamkeit")


def test_a_portal_account_without_volunteer_profile_gets_no_claim_button(volunteer_client):
    response = volunteer_client.get(reverse("dashboard"))
    assert _actions(response) == []
    assert response.context["attention_items"] == []


def test_the_committee_starts_with_the_downloads_of_the_newest_released_reports(
    committee_client, coordinator_client
):
    released = {"released_at": timezone.now(), "sha256": "a" * 64, "chapters": False}
    older = AnnualReportFactory(year=2024, status="released", **released)
    newest = AnnualReportFactory(year=2025, status="released", **released)
    AnnualReportFactory(year=2023, status="superseded", **released)
    AnnualReportFactory(year=2026, chapters=False)  # a draft is not the committee's
    assert AnnualReport.objects.count() == 4

    response = committee_client.get(reverse("dashboard"))

    newest_url = reverse("reporting:released_download", args=[newest.pk])
    assert _actions(response) == [
        ("Jahresbericht 2025 herunterladen (PDF)", newest_url),
        (
            "Jahresbericht 2024 herunterladen (PDF)",
            reverse("reporting:released_download", args=[older.pk]),
        ),
        ("Alle freigegebenen Dokumente", reverse("reporting:released_list")),
    ]
    assert f'class="btn btn-primary btn-lg" href="{newest_url}"' in response.content.decode()
    # Staff reach the reports through the reports area; their first button stays their own job.
    staff_actions = _actions(coordinator_client.get(reverse("dashboard")))
    assert staff_actions == [("Neue Beratung", reverse("consultations:consultation_create"))]
