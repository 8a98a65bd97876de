"""Scheduled background jobs: each app registers its jobs, `sync_schedules` writes them.

The jobs run in django-q2's cluster (`manage.py qcluster`, docs/deploy.md). An app registers a
ScheduledJob in its AppConfig.ready(); kmut imports no app. The schedule's name is the job's
key; `sync_schedules` creates or updates one django-q2 Schedule per registered job and is safe to
run on every start and from several servers (docs/decisions/0014-background-jobs-django-q2.md).
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django_q.models import Schedule, Task


@dataclass(frozen=True)
class ScheduledJob:
    name: str  # stable key, e.g. "volunteers.certificate_reminders"
    label: str  # German, lazily translated
    func: str  # dotted path of the function the worker calls
    cron: str  # when, in the server's time zone (TIME_ZONE), e.g. "15 2 * * *"


_JOBS: dict[str, ScheduledJob] = {}


def register(job: ScheduledJob) -> ScheduledJob:
    _JOBS[job.name] = job
    return job


def scheduled_jobs() -> list[ScheduledJob]:
    return list(_JOBS.values())


_SYNC_LOCK = 0x6B6D7574  # "kmut": advisory lock key, PostgreSQL only


@transaction.atomic
def sync_schedules() -> tuple[int, int]:
    """Create the missing schedules (first run right away), update changed ones.

    Returns (created, updated). Serialised between servers: SQLite takes the write lock at the
    start of the transaction (transaction_mode IMMEDIATE), PostgreSQL an advisory lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SYNC_LOCK])
    created = updated = 0
    for job in scheduled_jobs():
        schedule = Schedule.objects.filter(name=job.name).order_by("pk").first()
        if schedule is None:
            schedule = Schedule.objects.create(
                name=job.name, func=job.func, schedule_type=Schedule.CRON, cron=job.cron, repeats=-1
            )
            # Schedule.save() sets a new cron schedule's next_run to the next cron time; the
            # first run is now instead, so a fresh installation sends its reminders at once.
            Schedule.objects.filter(pk=schedule.pk).update(next_run=timezone.now())
            created += 1
        elif (schedule.func, schedule.cron, schedule.schedule_type) != (
            job.func,
            job.cron,
            Schedule.CRON,
        ):
            if (schedule.cron, schedule.schedule_type) != (job.cron, Schedule.CRON):
                schedule.next_run = None  # recomputed below from the new cron expression
            schedule.func, schedule.cron, schedule.schedule_type = job.func, job.cron, Schedule.CRON
            schedule.next_run = schedule.next_run or schedule.calculate_next_run()
            schedule.save()
            updated += 1
    return created, updated


@dataclass
class JobStatus:
    job: ScheduledJob
    schedule: Schedule | None
    last_run: Task | None
    failures: list


def job_statuses(failures_shown: int = 5) -> list[JobStatus]:
    """Each registered job with its schedule, its last run and its latest failures."""
    schedules = {s.name: s for s in Schedule.objects.filter(name__in=_JOBS)}
    statuses = []
    for job in scheduled_jobs():
        runs = Task.objects.filter(group=job.name).order_by("-started")
        statuses.append(
            JobStatus(
                job=job,
                schedule=schedules.get(job.name),
                last_run=runs.first(),
                failures=list(runs.filter(success=False)[:failures_shown]),
            )
        )
    return statuses
