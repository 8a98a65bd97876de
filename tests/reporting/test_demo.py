from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from reporting import queries
from reporting.models import ActionPlan, FundingStatement

pytestmark = pytest.mark.django_db


def test_demo_data_has_a_plan_with_overdue_measures_and_the_seed_004_figures(settings):
    settings.DEBUG = True
    call_command("seed_demo_data")
    call_command("seed_demo_data")  # idempotent

    plan = ActionPlan.objects.get()
    progress = queries.plan_progress(plan, today=timezone.localdate())
    assert any(item.is_overdue for item in progress)
    assert any(item.is_at_risk for item in progress)
    assert all(item.organisations for item in progress)
    overview = queries.funding_overview([2016, 2017])
    own = {table.title: table.rows[-1].cells for table in overview.tables}
    # columns: 2016 planned, 2016 actual, 2017 planned, 2017 actual
    assert own["Koordinierungsstelle Migration und Teilhabe"][1] == Decimal("32886.79")
    assert own["Koordinierungsstelle Migration und Teilhabe"][2] == Decimal("36500.00")
    assert own["Übergangsmanagement"][1] == Decimal("24980.82")
    assert own["Übergangsmanagement"][2] == Decimal("19400.00")
    this_year = queries.funding_overview([timezone.localdate().year])
    assert this_year.tables[0].rows[-1].cells[0] == Decimal("46150.00")
    assert FundingStatement.objects.count() == 5
