"""Read-only queries of the registry for other apps: the annual report's figures, the
consultation log's referral lookup."""

from django.db.models import Count, Q

from actors.atlas import public_organisations
from actors.models import Offer, Organisation
from kmut.models import FieldOfAction
from kmut.search import matching, search_words

# At most this many organisations are offered for a referral's search text.
REFERRAL_MATCHES = 10


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


def language_courses() -> list[dict]:
    """Public language and integration courses for the report's annex (as seed 003's annex):
    provider, course, level, target group, place, times, cost."""
    offers = (
        Offer.objects.public()
        .filter(kind__in=[Offer.Kind.LANGUAGE_COURSE, Offer.Kind.INTEGRATION_COURSE])
        .select_related("organisation", "municipality")
        .order_by("organisation__name", "title", "pk")
    )
    return [
        {
            "provider": offer.organisation.name,
            "title": offer.title,
            "kind": str(offer.get_kind_display()),
            "level": offer.get_level_display() if offer.level else "",
            "target_group": str(offer.get_target_group_display()) if offer.target_group else "",
            "place": ", ".join(
                part for part in (offer.venue, str(offer.municipality or "")) if part
            ),
            "schedule": offer.schedule,
            "cost": offer.cost,
            "childcare": offer.has_childcare,
        }
        for offer in offers
    ]


def atlas_list() -> list[dict]:
    """The atlas's public organisations as a list for the report's annex (public data only)."""
    rows = []
    for organisation in public_organisations():
        rows.append(
            {
                "name": organisation.name,
                "fields": [field.name for field in organisation.fields_of_action.all()],
                "municipalities": [str(place) for place in organisation.municipalities.all()],
                "address": " ".join(
                    part
                    for part in (
                        organisation.street + ("," if organisation.street else ""),
                        organisation.postal_code,
                        organisation.city,
                    )
                    if part
                ),
                "phone": organisation.phone,
                "email": organisation.email,
                "website": organisation.website,
                "offers": len(organisation.public_offers),
            }
        )
    return rows


def referral_matches(text: str, limit: int = REFERRAL_MATCHES) -> list[Organisation]:
    """Active organisations whose folded search text holds every word of `text`, by name."""
    if not search_words(text):
        return []
    return list(
        Organisation.objects.active()
        .filter(matching(text, "search_text"))
        .only("pk", "name", "city", "search_text")
        .order_by("name", "pk")[:limit]
    )
