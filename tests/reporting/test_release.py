"""Release with four eyes: a completeness check, each gap confirmed, another person than the
reviewer, the committee told by e-mail, and one release however often the button is pressed."""

import hashlib
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse
from django.utils import timezone

from kmut import roles
from reporting import releases
from reporting.models import AnnualReport, ReleaseJob
from tests.factories import UserFactory
from tests.reporting.annual_factories import AnnualReportFactory, fill_texts
from tests.reporting.factories import FundingStatementFactory, PostFactory
from tests.worker import run_queued_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("synced_roles")]

YEAR = 2026


def _codes(report):
    return [gap.code for gap in releases.completeness(report)]


def _reviewed(reviewer, *, texts=False, **fields):
    report = AnnualReportFactory(year=YEAR, **fields)
    if texts:
        fill_texts(report)
    return releases.mark_reviewed(report=report, by=reviewer)


def test_completeness_check_lists_every_gap_until_it_is_filled():
    report = AnnualReportFactory(year=YEAR)
    chapters = {chapter.title: chapter for chapter in report.chapters.all()}

    gaps = {gap.code: gap.message for gap in releases.completeness(report)}

    assert gaps["paper-number"] == "Die Vorlagennummer fehlt."
    assert gaps["committees"] == "In der Beratungsfolge ist kein Gremium genannt."
    assert gaps[f"chapter-{chapters['Ausblick'].pk}"] == "Das Kapitel „5 Ausblick“ hat keinen Text."
    assert gaps["funding"] == "Für 2026 gibt es keine Finanzierungsübersicht."
    plan = chapters["Umsetzung des Handlungskonzepts"]
    assert gaps[f"chapter-{plan.pk}"] == (
        "Das Kapitel „2.3 Umsetzung des Handlungskonzepts“ hat weder Text noch Zahlen für 2026."
    )
    # "2 Die Arbeit der Koordinierungsstelle" heads its sections: never empty on its own.
    assert f"chapter-{chapters['Die Arbeit der Koordinierungsstelle'].pk}" not in gaps

    fill_texts(report)
    plan.text = "Das Handlungskonzept wird im kommenden Jahr beschlossen."
    plan.save()
    report.paper_number = "2026-31/0815"
    report.committee_steps.create(committee="Ausschuss für Soziales")
    statement = FundingStatementFactory(year=YEAR)
    PostFactory(statement=statement, actual_costs=Decimal("57167.76"))

    left = _codes(report)
    assert not {"paper-number", "committees", "funding"} & set(left)
    assert f"chapter-{plan.pk}" not in left
    assert f"chapter-{chapters['Ausblick'].pk}" not in left
    # A chapter left out of the report is no gap.
    counselling = chapters["Beratungsstatistik"]
    assert f"chapter-{counselling.pk}" in left
    counselling.included = False
    counselling.save()
    assert f"chapter-{counselling.pk}" not in _codes(report)


def test_the_reviewer_cannot_release_the_report(lead, lead_client):
    report = _reviewed(lead, paper_number="2026-31/0815", texts=True)
    url = reverse("reporting:annualreport_release", args=[report.pk])

    page = lead_client.get(url).content.decode()
    response = lead_client.post(url, {"confirmed": _codes(report)}, follow=True)

    refusal = (
        "Sie haben diesen Bericht als geprüft markiert; freigeben muss ihn eine andere Person "
        "(Vier-Augen-Prinzip)."
    )
    assert refusal in page
    assert refusal in response.content.decode()
    assert 'name="confirmed"' not in page
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.REVIEWED
    with pytest.raises(ValidationError) as refused:
        releases.release(report=report, by=lead, confirmed=_codes(report))
    assert refused.value.code == "four_eyes"
    assert not mail.outbox


def test_release_needs_each_gap_confirmed_on_the_confirmation_page(coordinator, lead_client):
    report = _reviewed(coordinator)
    url = reverse("reporting:annualreport_release", args=[report.pk])
    codes = _codes(report)

    page = lead_client.get(url).content.decode()
    for code in codes:
        assert f'value="{code}"' in page
    assert "Bestätigt: Die Vorlagennummer fehlt." in page
    assert "data-busy-text=" in page  # the button shows progress while the PDF renders

    response = lead_client.post(url, {"confirmed": codes[:-1]})

    assert response.status_code == 200
    assert "Bitte bestätigen Sie jede aufgeführte Lücke" in response.content.decode()
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.REVIEWED
    with pytest.raises(ValidationError) as refused:
        releases.release(report=report, by=UserFactory(role=roles.LEADERSHIP), confirmed=[])
    assert refused.value.code == "unconfirmed"


def test_release_mails_the_committee_the_link_once_however_often_it_is_posted(
    coordinator,
    lead,
    lead_client,
    committee_client,
    committee_member,
    django_capture_on_commit_callbacks,
):
    UserFactory(username="ohne-mail", email="", role=roles.COMMITTEE)
    second_member = UserFactory(username="kreistag", role=roles.COMMITTEE)
    UserFactory(username="kollegin", role=roles.COORDINATION)  # not in the committee
    report = _reviewed(coordinator, paper_number="2026-31/0815", texts=True)
    url = reverse("reporting:annualreport_release", args=[report.pk])
    confirmed = {"confirmed": _codes(report)}

    with django_capture_on_commit_callbacks(execute=True):
        first = lead_client.post(url, confirmed)
        second = lead_client.post(url, confirmed, follow=True)  # a double click
    assert first.status_code == 302
    assert first.url == reverse("reporting:annualreport_detail", args=[report.pk])
    assert "Die Freigabe läuft bereits." in second.content.decode()
    assert ReleaseJob.objects.filter(report=report).count() == 1  # queued once
    with django_capture_on_commit_callbacks(execute=True):
        assert run_queued_tasks() == ["released"]  # what the background worker does
    report.refresh_from_db()
    released_at = report.released_at
    with django_capture_on_commit_callbacks(execute=True):
        third = lead_client.post(url, confirmed, follow=True)  # once more, after the release
        assert run_queued_tasks() == []

    assert "Der Bericht ist bereits freigegeben." in third.content.decode()
    report.refresh_from_db()
    assert (report.status, report.released_by, report.released_at) == (
        AnnualReport.Status.RELEASED,
        lead,
        released_at,
    )
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [committee_member.email, second_member.email]
    )
    assert all(len(message.to) == 1 and not message.cc for message in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == f"Freigegeben: {report.title}"
    assert "2026-31/0815" in message.body
    assert report.sha256 in message.body
    [link] = re.findall(r"http://testserver/\S+\.pdf", message.body)
    path = link.removeprefix("http://testserver")
    match = resolve(path)
    assert (match.url_name, match.kwargs) == ("released_download", {"pk": report.pk})
    downloaded = b"".join(committee_client.get(path).streaming_content)
    assert hashlib.sha256(downloaded).hexdigest() == report.sha256


def test_release_page_of_a_draft_explains_and_a_bare_post_redirects(lead_client):
    report = AnnualReportFactory(year=YEAR)
    url = reverse("reporting:annualreport_release", args=[report.pk])

    page = lead_client.get(url)
    response = lead_client.post(url)

    assert page.status_code == 200
    assert "Nur ein geprüfter Bericht kann freigegeben werden" in page.content.decode()
    assert response.status_code == 302
    assert response.url == reverse("reporting:annualreport_detail", args=[report.pk])
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT


def test_review_and_correction_are_their_own_posts(coordinator_client, lead, coordinator):
    report = AnnualReportFactory(year=YEAR)
    review = reverse("reporting:annualreport_review", args=[report.pk])
    correct = reverse("reporting:annualreport_correct", args=[report.pk])

    refused = coordinator_client.post(correct, follow=True)  # only a released report
    coordinator_client.post(review)

    assert "Nur die freigegebene Version kann korrigiert werden." in refused.content.decode()
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (AnnualReport.Status.REVIEWED, coordinator)
    assert report.reviewed_at is not None


def test_pages_load_the_progress_script_from_a_static_file(lead_client):
    html = lead_client.get(reverse("reporting:annualreport_list")).content.decode()

    assert re.search(r'<script src="/static/js/busy\.js[^"]*" defer></script>', html)


# --- the release runs in the background worker, its progress on the report's page -----------


def _request(report, lead_client, django_capture_on_commit_callbacks):
    url = reverse("reporting:annualreport_release", args=[report.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(url, {"confirmed": _codes(report)}, follow=True)
    return response.content.decode()


def test_the_page_shows_each_step_of_the_release_and_reloads_when_it_is_done(
    coordinator, lead_client, django_capture_on_commit_callbacks
):
    report = _reviewed(coordinator, paper_number="2026-31/0815", texts=True)
    status = reverse("reporting:annualreport_release_status", args=[report.pk])

    page = _request(report, lead_client, django_capture_on_commit_callbacks)

    assert "Die Freigabe wurde gestartet: Das PDF wird im Hintergrund erstellt." in page
    assert "Schritt 1 von 4: Wartet auf die Hintergrundaufgaben …" in page
    assert f'data-hx-get="{status}" data-hx-trigger="every 2s"' in page
    assert "Für den Ausschuss freigeben" not in page  # no second release while one runs
    job = ReleaseJob.objects.get(report=report)
    seen = []
    ReleaseJob.objects.filter(pk=job.pk).update(step=ReleaseJob.Step.RENDERING)
    seen.append(lead_client.get(status, headers={"HX-Request": "true"}).content.decode())
    ReleaseJob.objects.filter(pk=job.pk).update(step=ReleaseJob.Step.QUEUED)
    assert lead_client.get(status).status_code == 302  # without htmx: the report itself

    with django_capture_on_commit_callbacks(execute=True):
        assert run_queued_tasks() == ["released"]
    done = lead_client.get(status, headers={"HX-Request": "true"})

    assert "Schritt 3 von 4: PDF/A wird erstellt …" in seen[0]
    assert '<progress class="release-progress mb-2" max="4" value="2"' in seen[0]
    assert (done.status_code, done["HX-Refresh"]) == (204, "true")
    job.refresh_from_db()
    report.refresh_from_db()
    assert (job.step, report.status) == (ReleaseJob.Step.DONE, AnnualReport.Status.RELEASED)
    assert job.started_at <= report.released_at <= job.finished_at
    reloaded = lead_client.get(report.get_absolute_url()).content.decode()
    assert "Der Bericht wurde freigegeben." in reloaded
    assert "Die Freigabe läuft." not in reloaded
    assert [message.subject for message in mail.outbox] == []  # no committee member here
    assert run_queued_tasks() == []
    assert releases.run_release_job(job.pk) == "already taken"  # a task handed out twice


def test_a_report_edited_before_the_worker_starts_is_not_released(
    coordinator, lead_client, django_capture_on_commit_callbacks
):
    report = _reviewed(coordinator, paper_number="2026-31/0815", texts=True)
    _request(report, lead_client, django_capture_on_commit_callbacks)
    report.title = "Jahresbericht 2026 (geändert)"
    releases.save_texts(report=report, changed=True, by=coordinator)  # what the edit page does
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT  # a changed reviewed report

    with django_capture_on_commit_callbacks(execute=True):
        assert run_queued_tasks() == ["refused"]

    job = ReleaseJob.objects.get(report=report)
    report.refresh_from_db()
    assert (job.step, report.status, report.pdf) == (
        ReleaseJob.Step.FAILED,
        AnnualReport.Status.DRAFT,
        None,
    )
    assert job.error.startswith("Nur ein geprüfter Bericht kann freigegeben werden")
    page = lead_client.get(report.get_absolute_url()).content.decode()
    assert "Die letzte Freigabe wurde nicht abgeschlossen." in page
    assert "Es wurde nichts freigegeben; Sie können den Bericht erneut freigeben." in page
    assert not mail.outbox


def test_a_job_whose_worker_died_does_not_block_the_next_release(
    coordinator, lead, lead_client, django_capture_on_commit_callbacks
):
    report = _reviewed(coordinator, paper_number="2026-31/0815", texts=True)
    stuck = ReleaseJob.objects.create(report=report, requested_by=lead, step="rendering")
    ReleaseJob.objects.filter(pk=stuck.pk).update(updated_at=timezone.now() - timedelta(minutes=30))
    waiting = ReleaseJob.objects.create(
        report=AnnualReportFactory(year=YEAR - 1), requested_by=lead
    )
    ReleaseJob.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )

    page = _request(report, lead_client, django_capture_on_commit_callbacks)
    hint = lead_client.get(waiting.report.get_absolute_url()).content.decode()

    stuck.refresh_from_db()
    assert stuck.step == ReleaseJob.Step.FAILED
    assert stuck.error == "Die Hintergrundaufgaben wurden während der Freigabe beendet."
    assert "Schritt 1 von 4" in page
    assert "Der Hintergrunddienst (qcluster) läuft vermutlich nicht." in hint
    with django_capture_on_commit_callbacks(execute=True):
        assert run_queued_tasks() == ["released"]
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.RELEASED


def test_the_report_page_stops_polling_a_job_whose_worker_died(coordinator, lead, lead_client):
    report = _reviewed(coordinator, paper_number="2026-31/0815", texts=True)
    stuck = ReleaseJob.objects.create(report=report, requested_by=lead, step="rendering")
    ReleaseJob.objects.filter(pk=stuck.pk).update(updated_at=timezone.now() - timedelta(minutes=30))
    status = reverse("reporting:annualreport_release_status", args=[report.pk])

    page = lead_client.get(report.get_absolute_url()).content.decode()
    polled = lead_client.get(status, headers={"HX-Request": "true"})

    assert 'data-hx-trigger="every 2s"' not in page
    assert "Die Freigabe läuft." not in page
    assert "Für den Ausschuss freigeben" in page  # the next release may start
    assert (polled.status_code, polled["HX-Refresh"]) == (204, "true")
