"""The statistics page's tables and charts of a year, cached until the data changes.

Decision 0022: the cache key carries the year and the UI language, and the entry the token of
`StatisticsVersion` it was built for. The token is one row in the database, changed by a
signal in the same transaction as every save or delete of the data the tables are counted
from; a request reads it (one primary-key lookup) and uses the cached entry only if the tokens
match. So several app servers with their own cache (Django's default local-memory cache) never
serve figures older than the database, and a shared cache works just as well.

Writes that bypass `save()` and `delete()` (`bulk_create`, `QuerySet.update`, raw SQL) send no
signal: call `statistics_changed()` after them. `CACHE_SECONDS` bounds what such a forgotten
call can cost.
"""

import uuid

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from actors.models import Organisation
from consultations.models import (
    Client,
    Consultation,
    ConsultationTopic,
    Referral,
    StatisticsVersion,
)
from kmut.models import Language, Municipality

CACHE_SECONDS = 3600
# Everything a statistics table is counted or labelled from.
COUNTED_MODELS = (
    Consultation,
    ConsultationTopic,
    Referral,
    Client,
    Organisation,
    Language,
    Municipality,
)
TOKEN_PK = 1


def statistics_changed(**_signal) -> None:
    """Give the data a new token: cached statistics no longer match (a signal receiver).

    Rows loaded as saved (`loaddata` of a restore: raw) come with the token saved with them."""
    if _signal.get("raw"):
        return
    token = uuid.uuid4().hex
    if not StatisticsVersion.objects.filter(pk=TOKEN_PK).update(token=token):
        StatisticsVersion.objects.update_or_create(pk=TOKEN_PK, defaults={"token": token})


def connect() -> None:
    for model in COUNTED_MODELS:
        post_save.connect(statistics_changed, sender=model, dispatch_uid=f"statistics-{model}")
        post_delete.connect(statistics_changed, sender=model, dispatch_uid=f"statistics-{model}")


def current_token() -> str | None:
    return StatisticsVersion.objects.filter(pk=TOKEN_PK).values_list("token", flat=True).first()


def cached(name: str, year: int | None, build):
    """`build()`, or its value cached for the data's current token.

    The token is read again after building: an entry is stored only if no change was committed
    meanwhile, so it never holds figures newer or older than its token. Without a token row
    (an emptied database) nothing is cached."""
    return cached_value(f"kmut:statistics:{name}:{year}:{get_language()}", build)


def cached_value(key: str, build):
    """`build()`, or its value cached under `key` for the data's current token (see `cached`).

    Also for other figures counted from the same data, e.g. the dashboard's retention warning."""
    token = current_token()
    if token is not None:
        entry = cache.get(key)
        if entry is not None and entry[0] == token:
            return entry[1]
    value = build()
    if token is not None and current_token() == token:
        cache.set(key, (token, value), CACHE_SECONDS)
    return value
