"""The OParl ``System`` and the one ``Body`` (the district office) with its lists."""

from datetime import datetime

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone

from roundtable.models import Body, Meeting
from roundtable.oparl.base import (
    BODY_CLASSIFICATION,
    OPARL_VERSION,
    Variant,
    oparl_datetime,
    oparl_type,
)

# Body lists OParl 1.1 requires; kmut has no consultations and no legislative terms, so
# those two lists are announced and empty.
BODY_LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "locationList",
    "legislativeTermList",
    "membership",
)


def _span() -> tuple[datetime, datetime]:
    """First creation and last change among bodies and meetings (the body's own dates)."""
    dates = [
        model.objects.aggregate(created=Min("created_at"), modified=Max("updated_at"))
        for model in (Body, Meeting)
    ]
    now = timezone.now()
    created = min((row["created"] for row in dates if row["created"]), default=now)
    modified = max((row["modified"] for row in dates if row["modified"]), default=now)
    return created, modified


def body_object(variant: Variant) -> dict:
    """The district office as the one OParl body."""
    created, modified = _span()
    return {
        "id": variant.body_url,
        "type": oparl_type("Body"),
        "system": variant.system_url,
        "name": settings.KMUT_DISTRICT_NAME,
        "classification": BODY_CLASSIFICATION,
        **{name: variant.list_url(name) for name in BODY_LISTS},
        # Mandatory, but kmut has no legislative terms: an empty list.
        "legislativeTerm": [],
        "created": oparl_datetime(created),
        "modified": oparl_datetime(modified),
    }


def system_object(variant: Variant) -> dict:
    created, modified = _span()
    return {
        "id": variant.system_url,
        "type": oparl_type("System"),
        "oparlVersion": OPARL_VERSION,
        "body": variant.url("body_list"),
        "name": f"kmut – {settings.KMUT_DISTRICT_NAME}",
        "created": oparl_datetime(created),
        "modified": oparl_datetime(modified),
    }
