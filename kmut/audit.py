"""The one way changes to office records are recorded and shown.

Every office model declares `history = HistoricalRecords()` with this module's HistoricalRecords
(django-simple-history's, stamped by `history_user`). Each history row names who acted: the user
of `acting_as` (services run as their `by`, jobs and commands as the system user), else the
request's user (HistoryRequestMiddleware). The rest of the module turns those records into what
people read on an object's page and on the dashboard (docs/decisions/0029-the-actor-of-a-change.md).
"""

import contextlib
import contextvars
import functools
import inspect
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import make_password
from django.db import connection, models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history import models as simple_history_models

# --- who acted ----------------------------------------------------------------------------------

_actor: contextvars.ContextVar = contextvars.ContextVar("kmut_actor", default=None)

# The account jobs and management commands act as. Not an e-mail address, so no invited account
# (whose user name is its e-mail) can take it; inactive and without a password, so nobody logs in.
SYSTEM_USERNAME = "system"


@contextlib.contextmanager
def acting_as(user):
    """Stamp every history row written inside with `user` (None: keep the current actor)."""
    if user is None:
        yield
        return
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def history_user(*, request=None, **kwargs):
    """simple-history's `get_user` hook: the actor of `acting_as`, else the request's user."""
    actor = _actor.get()
    if actor is not None:
        return actor
    return getattr(request, "user", None)


class HistoricalRecords(simple_history_models.HistoricalRecords):
    """simple-history's HistoricalRecords whose rows name the actor (`history_user`)."""

    def __init__(self, *args, get_user=history_user, **kwargs):
        super().__init__(*args, get_user=get_user, **kwargs)


def records_actor(service):
    """Run a service (keyword argument `by`) as its `by`: the history rows it writes name them."""
    parameter = inspect.signature(service).parameters.get("by")
    if parameter is None or parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
        raise TypeError(f"{service.__qualname__} needs a keyword-only argument `by`.")

    @functools.wraps(service)
    def run_as_by(*args, **kwargs):
        with acting_as(kwargs.get("by")):
            return service(*args, **kwargs)

    run_as_by.records_actor = True
    return run_as_by


def system_user():
    """The named account of jobs and commands, created on first use (no migration needed)."""
    user, _created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_active": False, "password": make_password(None)},
    )
    return user


def is_system_user(user) -> bool:
    return user is not None and user.get_username() == SYSTEM_USERNAME


def as_system(function):
    """Run a job or a command's `handle` as the system user."""

    @functools.wraps(function)
    def run_as_system(*args, **kwargs):
        with acting_as(system_user()):
            return function(*args, **kwargs)

    run_as_system.acts_as_system = True
    return run_as_system


# --- what people read ---------------------------------------------------------------------------

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime
    user: object
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    object_label: str = ""
    reason: str = ""
    url: str = ""

    @property
    def user_name(self) -> str:
        """Who made the step, as `person_name` writes it ("" for no one: shown as "system")."""
        return person_name(self.user) if self.user is not None else ""


def person_name(user) -> str:
    """A user as people know them: the full name, else the user name; jobs as "System"."""
    if is_system_user(user):
        return str(_("System (automatic)"))
    return user.get_full_name() or user.get_username()


def shown_value(value) -> str:
    """A stored value as the current language writes it: local time, no seconds, no UTC."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, time):
        return formats.time_format(value, "TIME_FORMAT")
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, int | float | Decimal):
        return formats.number_format(value, use_l10n=True)
    if isinstance(value, AbstractBaseUser):
        return person_name(value)
    return str(value)


def _display(record, field_name: str) -> str:
    model_field = record.instance._meta.get_field(field_name)
    if model_field.choices:
        value = getattr(record, field_name)
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return shown_value(getattr(record, field_name))
    if isinstance(model_field, models.BooleanField):
        return str(_("yes") if getattr(record, field_name) else _("no"))
    return shown_value(getattr(record, field_name))


def _is_automatic(model_field) -> bool:
    """Timestamps, save counters (kmut.versioning) and keys the system draws: no one types them."""
    return (
        (isinstance(model_field, models.UUIDField) and not model_field.editable)
        or getattr(model_field, "auto_now", False)
        or getattr(model_field, "auto_now_add", False)
        or getattr(model_field, "counts_saves", False)
    )


def _m2m_display(model_field, rows) -> str:
    """Names of the related objects in a many-to-many history row list."""
    key = model_field.m2m_reverse_field_name()
    ids = [row[key] for row in rows or []]
    names = model_field.related_model._default_manager.in_bulk(ids)
    return ", ".join(sorted(shown_value(names[pk]) for pk in ids if pk in names))


def history_of(obj, limit: int = 50) -> list[HistoryEntry]:
    """The object's change history, newest first, with the changed fields of each step."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                model_field = obj._meta.get_field(change.field)
                if _is_automatic(model_field):
                    continue
                if isinstance(model_field, models.ManyToManyField):
                    old, new = (
                        _m2m_display(model_field, change.old),
                        _m2m_display(model_field, change.new),
                    )
                else:
                    old, new = _display(previous, change.field), _display(record, change.field)
                changes.append(FieldChange(label=str(model_field.verbose_name), old=old, new=new))
        entries.append(
            HistoryEntry(
                at=record.history_date.replace(microsecond=0),
                user=record.history_user,
                action=str(ACTIONS[record.history_type]),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries


def recent_changes(sources, limit: int = 10) -> list[HistoryEntry]:
    """The latest changes across several models, newest first.

    `sources` are kmut.dashboard.RecentSource: a model and the foreign keys its name reads. One
    query over all their history tables finds the newest steps, then one query per model that
    has any of them loads those steps: at most 1 + min(limit, models) queries.
    """
    sources = list(sources)
    if not sources:
        return []
    sql, params = _newest_steps_sql(tuple(source.model for source in sources), limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        newest = cursor.fetchall()
    wanted: dict[int, list[int]] = {}
    for history_id, _history_date, source_index in newest:
        wanted.setdefault(source_index, []).append(history_id)
    entries = []
    for index, ids in wanted.items():
        source = sources[index]
        records = (
            _history(source.model)
            .select_related("history_user", *source.related)
            .filter(history_id__in=ids)
        )
        for record in records:
            instance = _instance_of(record, source)
            url = ""
            if record.history_type != "-" and hasattr(instance, "get_absolute_url"):
                url = instance.get_absolute_url()
            entries.append(
                HistoryEntry(
                    at=record.history_date.replace(microsecond=0),
                    user=record.history_user,
                    action=str(ACTIONS[record.history_type]),
                    object_label=f"{capfirst(source.model._meta.verbose_name)}: {instance}",
                    url=url,
                )
            )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


@functools.lru_cache(maxsize=64)
def _newest_steps_sql(history_models: tuple, limit: int) -> tuple[str, tuple]:
    """The SQL of the newest `limit` steps across the history tables of `history_models`.

    The query is the same for every request of users who see the same models; building and
    compiling its fourteen parts took about 12 ms, running it about 3 ms. So it is built once
    per process and set of models (its only parameters are the constant part numbers and limit).
    Each part keeps only its own newest `limit` steps (read backwards along the history_date
    index), so the union sorts at most len(models) × limit rows however long the history is.
    A subquery, because SQLite allows no LIMIT on a part of a compound query.
    """
    parts = [
        _history(model)
        .filter(
            history_id__in=models.Subquery(
                _history(model).order_by("-history_date").values("history_id")[:limit]
            )
        )
        .order_by()
        .annotate(source_index=models.Value(index, output_field=models.IntegerField()))
        .values("history_id", "history_date", "source_index")
        for index, model in enumerate(history_models)
    ]
    newest = parts[0].union(*parts[1:], all=True).order_by("-history_date")[:limit]
    sql, params = newest.query.get_compiler(connection=connection).as_sql()
    return sql, tuple(params)


@functools.cache
def _history(model) -> models.Manager:
    """The plain manager of a model's history table.

    simple-history's `Model.history` builds a new manager class on every access
    (`from_queryset` with `inspect.getmembers`, about 1 ms each); the dashboard's recent changes
    read 14 history tables twice per request. The queries here need only filter, order and join.
    """
    return model.history.model._default_manager


def _instance_of(record, source):
    """The object as the history step recorded it, without a query.

    simple-history's `record.instance` loads the fields left out of the history (search texts,
    tokens) with one query per record; a name and a link need none of them. The foreign keys in
    `source.related` come from the history query's select_related.
    """
    model = source.model
    values = {
        model_field.attname: getattr(record, model_field.attname)
        for model_field in model._meta.concrete_fields
        if hasattr(record, model_field.attname)
    }
    instance = model(**values)
    for name in source.related:
        setattr(instance, name, getattr(record, name))
    return instance
