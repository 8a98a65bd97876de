"""Seed 004 §4, entered through the forms: two years, two cost centres, own contributions."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.models import CostCentre, FundingStatement, Grant
from tests.pdf import response_pdf_text
from tests.reporting.factories import (
    CostCentreFactory,
    FundingRuleFactory,
    FundingStatementFactory,
    GrantFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db

KS = "Koordinierungsstelle Migration und Teilhabe"
UM = "Übergangsmanagement"


def _formset(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def statement_data(year, centre, *, posts=(), grants=(), **fields):
    return {
        "year": str(year),
        "cost_centre": str(centre.pk),
        **fields,
        **_formset("posts", posts),
        **_formset("grants", grants),
    }


def enter_seed_004(client):
    """The figures of seed 004 §4; 2016 as actual values, 2017 as planned values."""
    for name in (KS, UM):
        response = client.post(
            reverse("reporting:costcentre_create"),
            {"name": name, "position": "0", "is_active": "on"},
        )
        assert response.status_code == 302
    ks, um = CostCentre.objects.get(name=KS), CostCentre.objects.get(name=UM)
    personnel = "Personalaufwendungen"
    rows = [
        statement_data(
            2016,
            ks,
            material_actual="2.771,65",
            posts=[{"label": personnel, "actual_costs": "57.167,76"}],
            grants=[{"source": "state", "calculation": "entered", "actual_amount": "27.052,62"}],
        ),
        statement_data(
            2017,
            ks,
            material_planned="5.000,00",
            posts=[{"label": personnel, "planned_costs": "59.100,00"}],
            grants=[{"source": "state", "calculation": "entered", "planned_amount": "27.600,00"}],
        ),
        statement_data(
            2016,
            um,
            material_actual="0,00",
            funding_decision="KA-Vorlage 109 / 2016",
            posts=[{"label": personnel, "actual_costs": "24.980,82"}],
        ),
        statement_data(
            2017,
            um,
            material_planned="10.000,00",
            funding_decision="KA-Vorlage 109 / 2016",
            posts=[{"label": personnel, "planned_costs": "180.500,00"}],
            grants=[
                {
                    "source": "flat_rate",
                    "label": "Erstattungspauschale nach dem Aufnahmegesetz",
                    "calculation": "entered",
                    "planned_amount": "171.100,00",
                }
            ],
        ),
    ]
    for data in rows:
        response = client.post(reverse("reporting:statement_create"), data)
        assert response.status_code == 302, response.context["form"].errors
    return ks, um


def _own(overview, title):
    table = next(table for table in overview.tables if table.title == title)
    return dict(zip(overview.columns, table.rows[-1].cells, strict=True))


def test_seed_004_entered_through_the_forms_gives_its_own_contributions(coordinator_client):
    enter_seed_004(coordinator_client)
    response = coordinator_client.get(
        reverse("reporting:funding_overview"), {"year_from": 2016, "year_to": 2017}
    )
    overview = response.context["overview"]
    assert _own(overview, KS)[(2016, "actual")] == Decimal("32886.79")
    assert _own(overview, KS)[(2017, "planned")] == Decimal("36500.00")
    assert _own(overview, UM)[(2016, "actual")] == Decimal("24980.82")
    assert _own(overview, UM)[(2017, "planned")] == Decimal("19400.00")
    assert _own(overview, KS)[(2016, "planned")] is None
    html = response.content.decode()
    for amount in (
        "32.886,79\u00a0€",
        "36.500,00\u00a0€",
        "24.980,82\u00a0€",
        "19.400,00\u00a0€",
        "171.100,00\u00a0€",
    ):
        assert amount in html


def test_seed_004_own_contributions_in_the_pdf(coordinator_client):
    enter_seed_004(coordinator_client)
    response = coordinator_client.get(
        reverse("reporting:funding_export", args=["pdf"]), {"year_from": 2016, "year_to": 2017}
    )
    text = response_pdf_text(response)
    assert "Finanzierungsübersicht" in text
    for amount in (
        "57.167,76 €",
        "2.771,65 €",
        "27.052,62 €",
        "32.886,79 €",
        "36.500,00 €",
        "24.980,82 €",
        "19.400,00 €",
    ):
        assert amount in text


def test_seed_004_own_contributions_in_the_spreadsheet(coordinator_client):
    enter_seed_004(coordinator_client)
    response = coordinator_client.get(
        reverse("reporting:funding_export", args=["xlsx"]), {"year_from": 2016, "year_to": 2017}
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows.index(next(row for row in rows if row[0] == KS))
    columns = rows[header]
    own = next(row for row in rows[header:] if row[0] == "Eigenanteil")
    values = dict(zip(columns[1:], own[1:], strict=True))
    assert Decimal(str(values["2016 Ist"])).quantize(Decimal("0.01")) == Decimal("32886.79")
    assert Decimal(str(values["2017 Plan"])).quantize(Decimal("0.01")) == Decimal("36500.00")
    um_header = rows.index(next(row for row in rows if row[0] == UM))
    um_own = next(row for row in rows[um_header:] if row[0] == "Eigenanteil")
    um_values = dict(zip(rows[um_header][1:], um_own[1:], strict=True))
    assert Decimal(str(um_values["2016 Ist"])).quantize(Decimal("0.01")) == Decimal("24980.82")
    assert Decimal(str(um_values["2017 Plan"])).quantize(Decimal("0.01")) == Decimal("19400.00")
    assert sheet.cell(row=header + 2, column=2).number_format == '#,##0.00"\u00a0€"'


def test_statement_detail_shows_the_derived_own_contribution(coordinator_client):
    ks, _um = enter_seed_004(coordinator_client)
    statement = FundingStatement.objects.get(year=2016, cost_centre=ks)
    response = coordinator_client.get(reverse("reporting:statement_detail", args=[statement.pk]))
    figures = response.context["figures"]
    assert figures.actual.own_contribution == Decimal("32886.79")
    assert figures.actual.total_costs == Decimal("59939.41")
    assert "32.886,79\u00a0€" in response.content.decode()


def test_computed_state_grant_follows_the_funding_rule_and_the_approved_amount(
    coordinator_client,
):
    FundingRuleFactory()
    centre = CostCentreFactory(name=KS)
    data = statement_data(
        2016,
        centre,
        material_actual="2.771,65",
        posts=[{"label": "Koordinatorin", "fte": "1,00", "actual_costs": "57.167,76"}],
        grants=[
            {"source": "state", "calculation": "computed", "approved_amount": "27.052,62"},
        ],
    )
    response = coordinator_client.post(reverse("reporting:statement_create"), data)
    statement = FundingStatement.objects.get()
    assert response.url == reverse("reporting:statement_detail", args=[statement.pk])
    figures = coordinator_client.get(response.url).context["figures"]
    # 50 % of 57.167,76 = 28.583,88, capped by the approved 27.052,62.
    assert figures.actual.grants_total == Decimal("27052.62")
    assert figures.actual.own_contribution == Decimal("32886.79")

    Grant.objects.update(approved_amount=None)
    figures = coordinator_client.get(response.url).context["figures"]
    assert figures.actual.grants_total == Decimal("28583.88")


def test_computed_state_grant_is_capped_per_full_time_post():
    from reporting.funding import statement_figures

    rule = FundingRuleFactory()
    post = PostFactory(fte=Decimal("0.50"), actual_costs=Decimal("57167.76"))
    GrantFactory(statement=post.statement, calculation="computed")
    figures = statement_figures(post.statement, [rule])
    # Eligible costs at most 70.000 € × 0,5 = 35.000 €; 50 % = 17.500 € = grant cap × 0,5.
    assert figures.actual.grants_total == Decimal("17500.00")
    assert figures.actual.own_contribution == Decimal("39667.76")


def test_computed_grant_without_fte_is_refused_in_german_and_keeps_the_input(
    coordinator_client,
):
    FundingRuleFactory()
    centre = CostCentreFactory(name=KS)
    data = statement_data(
        2016,
        centre,
        posts=[{"label": "Koordinatorin", "actual_costs": "57.167,76"}],
        grants=[{"source": "state", "calculation": "computed"}],
    )
    response = coordinator_client.post(reverse("reporting:statement_create"), data)
    assert response.status_code == 200
    assert FundingStatement.objects.count() == 0
    html = response.content.decode()
    assert "Vollzeitäquivalent" in html
    assert 'value="57.167,76"' in html


def test_bad_amount_gets_a_german_error_and_keeps_what_was_typed(coordinator_client):
    centre = CostCentreFactory(name=KS)
    data = statement_data(
        2016, centre, material_actual="zwölf", posts=[{"label": "A", "actual_costs": "1.000,5x"}]
    )
    response = coordinator_client.post(reverse("reporting:statement_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte geben Sie eine Zahl wie 4,80 oder 1.234,50 ein." in html
    assert 'value="zwölf"' in html
    assert 'value="1.000,5x"' in html


def test_second_statement_for_the_same_year_and_cost_centre_is_refused(coordinator_client):
    statement = FundingStatementFactory(year=2016)
    response = coordinator_client.post(
        reverse("reporting:statement_create"), statement_data(2016, statement.cost_centre)
    )
    assert response.status_code == 200
    assert "gibt es bereits" in response.content.decode()


def test_changes_are_recorded_with_the_user(coordinator_client, coordinator):
    ks, _um = enter_seed_004(coordinator_client)
    statement = FundingStatement.objects.get(year=2016, cost_centre=ks)
    post = statement.posts.get()
    data = statement_data(2016, ks, material_actual="2.800,00")
    data.update(
        {
            "posts-TOTAL_FORMS": "1",
            "posts-INITIAL_FORMS": "1",
            "posts-0-id": str(post.pk),
            "posts-0-label": post.label,
            "posts-0-actual_costs": "57.167,76",
        }
    )
    response = coordinator_client.post(
        reverse("reporting:statement_update", args=[statement.pk]), data
    )
    assert response.status_code == 302
    latest = statement.history.latest()
    assert latest.material_actual == Decimal("2800.00")
    assert latest.history_user == coordinator
    assert post.history.latest().history_user == coordinator


def test_overview_lists_within_fixed_queries(coordinator_client, django_assert_max_num_queries):
    rule = FundingRuleFactory()
    for year in (2024, 2025, 2026):
        for index in range(4):
            post = PostFactory(
                statement__year=year,
                statement__cost_centre=CostCentreFactory(name=f"Bereich {index}"),
                fte=Decimal("1"),
                actual_costs=Decimal("50000"),
            )
            GrantFactory(statement=post.statement, calculation="computed")
    assert rule
    with django_assert_max_num_queries(12):
        response = coordinator_client.get(reverse("reporting:funding_overview"))
    assert len(response.context["overview"].tables) == 5


@pytest.mark.parametrize(
    ("grant", "message"),
    [
        (
            {"source": "flat_rate", "calculation": "computed"},
            "Nur der Landeszuschuss kann aus den Förderregeln berechnet werden.",
        ),
        (
            {"source": "state", "calculation": "computed", "planned_amount": "1.000,00"},
            "Lassen Sie Plan und Ist leer",
        ),
    ],
)
def test_computed_grant_rules_are_explained_in_german(coordinator_client, grant, message):
    FundingRuleFactory()
    centre = CostCentreFactory(name=KS)
    data = statement_data(
        2016,
        centre,
        posts=[{"label": "Koordinatorin", "fte": "1", "planned_costs": "50.000,00"}],
        grants=[grant],
    )
    response = coordinator_client.post(reverse("reporting:statement_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FundingStatement.objects.exists()


def test_deleting_a_post_and_adding_one_on_update(coordinator_client):
    post = PostFactory(statement__year=2016, actual_costs=Decimal("100.00"))
    statement = post.statement
    data = statement_data(2016, statement.cost_centre)
    data.update(
        {
            "posts-TOTAL_FORMS": "2",
            "posts-INITIAL_FORMS": "1",
            "posts-0-id": str(post.pk),
            "posts-0-label": post.label,
            "posts-0-actual_costs": "100,00",
            "posts-0-DELETE": "on",
            "posts-1-label": "Neue Stelle",
            "posts-1-actual_costs": "250,50",
        }
    )
    response = coordinator_client.post(
        reverse("reporting:statement_update", args=[statement.pk]), data
    )
    assert response.status_code == 302
    assert [(p.label, p.actual_costs) for p in statement.posts.all()] == [
        ("Neue Stelle", Decimal("250.50"))
    ]
