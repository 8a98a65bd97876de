from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from tests.factories import LanguageFactory
from tests.volunteers.factories import (
    ExpenseClaimFactory,
    ProgrammeFactory,
    RateSetFactory,
    VolunteerFactory,
)
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def test_volunteer_list_filters_by_language_within_fixed_queries(
    coordinator_client, django_assert_max_num_queries
):
    dari = LanguageFactory(name="Dari-Test", code="xda")
    programme = ProgrammeFactory()
    for index in range(20):
        volunteer = VolunteerFactory(last_name=f"Person{index:02d}")
        volunteer.programmes.add(programme)
    speaker = VolunteerFactory(last_name="Haidari")
    speaker.language_skills.create(language=dari, level="native")
    with django_assert_max_num_queries(15):
        response = coordinator_client.get(reverse("volunteers:volunteer_list"))
    assert response.context["paginator"].count == 21
    response = coordinator_client.get(reverse("volunteers:volunteer_list"), {"language": dari.pk})
    assert [v.last_name for v in response.context["object_list"]] == ["Haidari"]


def test_create_volunteer_with_languages(coordinator_client):
    arabic = LanguageFactory(name="Arabisch-Test", code="xar")
    response = coordinator_client.post(
        reverse("volunteers:volunteer_create"),
        {
            "first_name": "Samira",
            "last_name": "Khalil",
            "status": "active",
            "languages-TOTAL_FORMS": "1",
            "languages-INITIAL_FORMS": "0",
            "languages-MIN_NUM_FORMS": "0",
            "languages-MAX_NUM_FORMS": "1000",
            "languages-0-language": arabic.pk,
            "languages-0-level": "native",
        },
    )
    volunteer = Volunteer.objects.get(last_name="Khalil")
    assert response.url == reverse("volunteers:volunteer_detail", args=[volunteer.pk])
    assert volunteer.language_skills.get().language == arabic


def test_yearly_total_warns_near_the_tax_free_allowance(coordinator_client, synced_roles):
    RateSetFactory(valid_from=date(2026, 1, 1), tax_free_allowance=Decimal("960.00"))
    claim = ExpenseClaimFactory(status="paid", amount=Decimal("800.00"))
    response = coordinator_client.get(
        reverse("volunteers:volunteer_detail", args=[claim.volunteer.pk])
    )
    html = response.content.decode()
    assert "mehr als 80 % des Steuerfreibetrags von 960,00\u00a0€" in html  # |eur: no-break space
    assert "800,00\u00a0€" in html


def test_staff_invite_a_volunteer_to_the_portal(
    coordinator_client, django_capture_on_commit_callbacks
):
    volunteer = VolunteerFactory(email="Farid.Noori@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("volunteers:volunteer_invite", args=[volunteer.pk]), follow=True
        )
    volunteer.refresh_from_db()
    assert volunteer.user.username == "farid.noori@example.org"
    assert volunteer.user.groups.filter(name="Ehrenamt").exists()
    assert "/konto/passwort-setzen/" in mail.outbox[0].body
    assert "Einladung zum Ehrenamtsportal" in response.content.decode()
    response = coordinator_client.post(
        reverse("volunteers:volunteer_invite", args=[volunteer.pk]), follow=True
    )
    assert "hat bereits einen Zugang" in response.content.decode()
    assert User.objects.filter(username="farid.noori@example.org").count() == 1


def test_invite_without_email_is_refused(coordinator_client):
    volunteer = VolunteerFactory(email="")
    response = coordinator_client.post(
        reverse("volunteers:volunteer_invite", args=[volunteer.pk]), follow=True
    )
    assert "E-Mail-Adresse" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.user is None


def test_volunteer_page_takes_each_year_s_allowance_from_its_rates_in_fixed_queries(
    coordinator_client, django_assert_max_num_queries
):
    RateSetFactory(valid_from=date(2020, 1, 1), tax_free_allowance=Decimal("720.00"))
    RateSetFactory(valid_from=date(2023, 1, 1), tax_free_allowance=Decimal("840.00"))
    RateSetFactory(valid_from=date(2026, 1, 1), tax_free_allowance=Decimal("960.00"))
    volunteer = VolunteerFactory()
    for year in range(2020, 2027):
        ExpenseClaimFactory(
            volunteer=volunteer,
            service_date=date(year, 6, 1),
            status="paid",
            amount=Decimal("100.00"),
        )

    with django_assert_max_num_queries(15):
        response = coordinator_client.get(
            reverse("volunteers:volunteer_detail", args=[volunteer.pk])
        )

    allowances = {row["year"]: row["allowance"] for row in response.context["yearly_totals"]}
    assert allowances[2020] == allowances[2022] == Decimal("720.00")
    assert allowances[2023] == allowances[2025] == Decimal("840.00")
    assert allowances[2026] == Decimal("960.00")


def test_the_volunteering_overview_counts_the_claims_of_each_open_queue(coordinator_client):
    for status, number in (("submitted", 2), ("queried", 1), ("paid", 3), ("rejected", 1)):
        ExpenseClaimFactory.create_batch(number, status=status)

    response = coordinator_client.get(reverse("volunteers:index"))

    assert response.context["claim_counts"] == {"submitted": 2, "queried": 1, "approved": 0}
