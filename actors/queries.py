"""Read-only figures of the registry for the annual report."""

from django.db.models import Count, Q

from actors.models import Offer, Organisation
from kmut.models import FieldOfAction


def registry_totals() -> dict:
    """Active organisations by kind, and active offers."""
    active = Organisation.objects.filter(status=Organisation.Status.ACTIVE)
    kinds = dict(Organisation.Kind.choices)
    by_kind = active.values_list("kind").annotate(count=Count("pk")).order_by("-count", "kind")
    return {
        "organisations": active.count(),
        "offers": Offer.objects.filter(organisation__status=Organisation.Status.ACTIVE).count(),
        "by_kind": [
            {"kind": str(kinds.get(kind, kind)), "count": count} for kind, count in by_kind
        ],
    }


def organisations_by_field_of_action() -> list[dict]:
    """Active organisations per field of action (an organisation may count in several)."""
    rows = FieldOfAction.objects.active().annotate(
        organisation_count=Count(
            "organisations",
            filter=Q(organisations__status=Organisation.Status.ACTIVE),
            distinct=True,
        )
    )
    return [{"field": row.name, "organisations": row.organisation_count} for row in rows]
