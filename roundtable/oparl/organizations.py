"""OParl ``Organization``: each body ("Gremium") and each member organisation ("Institution")."""

from django.db.models import Prefetch, QuerySet

from actors.models import Organisation
from roundtable.models import Body
from roundtable.oparl.base import (
    ORGANIZATION_TYPE_BODY,
    ORGANIZATION_TYPE_MEMBER,
    Variant,
    compact,
    oparl_type,
    timestamps,
)


def _gremium_rows(variant: Variant) -> QuerySet:
    seats = variant.memberships().select_related("deputy").order_by("pk")
    return Body.objects.order_by("pk").prefetch_related(Prefetch("memberships", queryset=seats))


def _gremium(variant: Variant, body: Body) -> dict:
    membership_ids = []
    for seat in body.memberships.all():
        membership_ids.append(variant.object_url("membership", seat.pk))
        if variant.shows_contact(seat.deputy_id):
            membership_ids.append(variant.object_url("deputy_membership", seat.pk))
    short_name = body.short_name if body.short_name != body.name else ""
    return compact(
        {
            "id": variant.object_url("gremium", body.pk),
            "type": oparl_type("Organization"),
            "body": variant.body_url,
            "name": body.name,
            "shortName": short_name,
            "organizationType": ORGANIZATION_TYPE_BODY,
            "classification": body.get_kind_display(),
            "membership": membership_ids,
            **timestamps(body),
        }
    )


def _institution_rows(variant: Variant) -> QuerySet:
    members = variant.memberships().values("organisation")
    return variant.organisations().filter(pk__in=members).order_by("pk")


def _institution(variant: Variant, organisation: Organisation) -> dict:
    short_name = organisation.short_name if organisation.short_name != organisation.name else ""
    return compact(
        {
            "id": variant.object_url("institution", organisation.pk),
            "type": oparl_type("Organization"),
            "body": variant.body_url,
            "name": organisation.name,
            "shortName": short_name,
            "organizationType": ORGANIZATION_TYPE_MEMBER,
            "classification": organisation.get_kind_display(),
            "website": organisation.website,
            **timestamps(organisation),
        }
    )
