"""Release by the background worker: the request, the worker's part and the job's record."""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from kmut import audit
from reporting.models import (
    AnnualReport,
    ReleaseJob,
)
from reporting.releases.base import _locked, live_figures
from reporting.releases.checks import _check_confirmed, _running_job, check_release
from reporting.releases.steps import release

__all__ = ["RELEASE_TASK_GROUP", "latest_release_job", "request_release", "run_release_job"]


RELEASE_TASK_GROUP = "reporting.release"


@audit.records_actor
def request_release(
    *, report: AnnualReport, by: User, confirmed: Iterable[str] = (), base_url: str = ""
) -> ReleaseJob:
    """Check a release now and hand it to the background worker; the page shows its progress.

    Refuses what `release` would refuse (`check_release`, unconfirmed gaps) at once. Under the
    report's row lock at most one job per report is running: a second request while one runs
    gets code "running", and nothing is queued twice.
    """
    with transaction.atomic():
        report = _locked(report)
        check_release(report, by=by)
        _check_confirmed(report, live_figures(report.year), confirmed)
        stale = _running_job(report)  # check_release let it through: its worker has died
        if stale is not None:
            _fail(stale, _("The background worker stopped during the release."))
        job = ReleaseJob.objects.create(
            report=report, requested_by=by, confirmed=sorted(set(confirmed)), base_url=base_url
        )
        transaction.on_commit(
            lambda: async_task(
                "reporting.releases.run_release_job",
                job.pk,
                group=RELEASE_TASK_GROUP,
                task_name=f"release-{job.pk}",
            )
        )
    return job


def run_release_job(job_pk: int) -> str:
    """The worker's part: release the report of a queued job, recording each step.

    Runs a job once: a job already taken (a task handed out twice) is left alone.
    """
    if not ReleaseJob.objects.filter(pk=job_pk, step=ReleaseJob.Step.QUEUED).update(
        step=ReleaseJob.Step.COLLECTING, started_at=timezone.now(), updated_at=timezone.now()
    ):
        return "already taken"
    job = ReleaseJob.objects.select_related("requested_by").get(pk=job_pk)
    report = AnnualReport.objects.defer("pdf", "figures").get(pk=job.report_id)

    def progress(step):
        ReleaseJob.objects.filter(pk=job_pk).update(step=step, updated_at=timezone.now())

    try:
        with translation.override("de"):
            release(
                report=report,
                by=job.requested_by,
                confirmed=job.confirmed,
                base_url=job.base_url,
                progress=progress,
            )
    except ValidationError as error:
        _fail(job, " ".join(error.messages))
        return "refused"
    except Exception:
        _fail(job, _("The PDF could not be created. The administration sees the error."))
        raise  # recorded with its traceback as the worker's failed task
    ReleaseJob.objects.filter(pk=job_pk).update(
        step=ReleaseJob.Step.DONE, finished_at=timezone.now(), updated_at=timezone.now()
    )
    return "released"


def _fail(job: ReleaseJob, message: str) -> None:
    ReleaseJob.objects.filter(pk=job.pk).update(
        step=ReleaseJob.Step.FAILED,
        error=message,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def latest_release_job(report: AnnualReport) -> ReleaseJob | None:
    return report.release_jobs.select_related("requested_by").first()
