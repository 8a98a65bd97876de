"""Each rule of the annual report's workflow, tested where it lives: the model's state questions
and the preconditions of `reporting.releases`, which the pages and the dashboard ask."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from kmut import roles
from reporting import releases
from reporting.models import AnnualReport, ReleaseJob
from tests.factories import UserFactory
from tests.reporting.annual_factories import AnnualReportFactory, ReleasedReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("synced_roles")]

Status = AnnualReport.Status


def _reviewed(by):
    return releases.mark_reviewed(report=AnnualReportFactory(), by=by)


def _refusal(report, by):
    with pytest.raises(releases.Refused) as refused:
        releases.check_release(report, by=by)
    return refused.value.code


def test_only_a_draft_can_be_marked_as_reviewed(coordinator):
    states = {status: AnnualReport(status=status).can_be_reviewed for status in Status.values}
    reviewed = _reviewed(coordinator)

    assert states == {"draft": True, "reviewed": False, "released": False, "superseded": False}
    with pytest.raises(releases.Refused) as refused:
        releases.mark_reviewed(report=reviewed, by=coordinator)
    assert refused.value.code == "state"


def test_only_the_released_version_can_be_corrected(lead):
    states = {status: AnnualReport(status=status).can_be_corrected for status in Status.values}
    superseded = ReleasedReportFactory(status=Status.SUPERSEDED)

    assert states == {"draft": False, "reviewed": False, "released": True, "superseded": False}
    with pytest.raises(releases.Refused) as refused:
        releases.start_correction(report=superseded, by=lead)
    assert refused.value.code == "state"


def test_a_released_report_is_not_edited(coordinator):
    released = ReleasedReportFactory()

    releases.check_editable(AnnualReportFactory())  # a draft: no refusal
    with pytest.raises(releases.Refused) as refused:
        releases.save_texts(report=released, changed=True, by=coordinator)
    assert refused.value.code == "frozen"


def test_only_the_head_of_office_releases(coordinator):
    report = _reviewed(UserFactory(role=roles.COORDINATION))

    with pytest.raises(PermissionDenied):
        releases.check_release(report, by=coordinator)
    with pytest.raises(PermissionDenied):
        releases.request_release(report=report, by=coordinator)
    assert not releases.can_release(report, by=coordinator)
    assert not releases.reports_to_release_by(coordinator).exists()


def test_only_a_reviewed_report_not_yet_released_is_released(lead):
    draft = AnnualReportFactory()
    released = ReleasedReportFactory()

    assert (_refusal(draft, lead), _refusal(released, lead)) == ("state", "released")
    assert not releases.can_release(draft, by=lead)


def test_the_reviewer_does_not_release_four_eyes(lead):
    by_lead = _reviewed(lead)
    by_other = _reviewed(UserFactory(role=roles.COORDINATION))

    assert _refusal(by_lead, lead) == "four_eyes"
    assert releases.can_release(by_other, by=lead)
    # The dashboard's count is the same rule as a query.
    assert list(releases.reports_to_release_by(lead)) == [by_other]


def test_no_second_release_while_one_runs_unless_its_worker_died(lead):
    report = _reviewed(UserFactory(role=roles.COORDINATION))
    job = ReleaseJob.objects.create(report=report, requested_by=lead, step="rendering")

    assert job.is_under_way
    assert _refusal(report, lead) == "running"
    assert not releases.can_release(report, by=lead)
    ReleaseJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    job.refresh_from_db()
    assert (job.is_running, job.is_under_way) == (True, False)
    assert releases.can_release(report, by=lead)


def test_the_report_page_offers_the_release_only_where_the_rules_allow_it(
    lead, lead_client, coordinator_client
):
    by_other = _reviewed(UserFactory(role=roles.COORDINATION))
    by_lead = _reviewed(lead)
    link = "Für den Ausschuss freigeben"

    def page(client, report):
        return client.get(reverse("reporting:annualreport_detail", args=[report.pk])).content

    assert link in page(lead_client, by_other).decode()
    assert link not in page(lead_client, by_lead).decode()  # four eyes: someone else releases
    assert link not in page(coordinator_client, by_other).decode()
