"""OParl ``Membership``: each seat, and a second membership for a named deputy."""

from django.db.models import QuerySet

from roundtable.models import Membership
from roundtable.oparl.base import VOTING_ROLES, Variant, compact, oparl_date, oparl_type, timestamps


def _seat_rows(variant: Variant) -> QuerySet:
    return variant.memberships().order_by("pk")


def _membership(variant, membership, *, id_, person, role, voting_right) -> dict:
    on_behalf_of = (
        variant.object_url("institution", membership.organisation_id)
        if membership.organisation_id
        else None
    )
    return compact(
        {
            "id": id_,
            "type": oparl_type("Membership"),
            "person": person,
            "organization": variant.object_url("gremium", membership.body_id),
            "onBehalfOf": on_behalf_of,
            "role": role,
            "votingRight": voting_right,
            "startDate": oparl_date(membership.starts_on),
            "endDate": oparl_date(membership.ends_on),
            **timestamps(membership),
        }
    )


def _seat(variant: Variant, membership: Membership) -> dict:
    if membership.delegate_id:
        shown = variant.shows_contact(membership.delegate_id)
        person = variant.object_url("contact", membership.delegate_id) if shown else None
    elif membership.person_name and not variant.public:
        person = variant.object_url("individual", membership.pk)
    else:
        person = None
    return _membership(
        variant,
        membership,
        id_=variant.object_url("membership", membership.pk),
        person=person,
        role=membership.get_role_display(),
        voting_right=membership.role in VOTING_ROLES,
    )


def _deputy_rows(variant: Variant) -> QuerySet:
    return variant.memberships().filter(deputy__in=variant.contacts()).order_by("pk")


def _deputy(variant: Variant, membership: Membership) -> dict:
    # A deputy votes only when standing in.
    return _membership(
        variant,
        membership,
        id_=variant.object_url("deputy_membership", membership.pk),
        person=variant.object_url("contact", membership.deputy_id),
        role=str(Membership._meta.get_field("deputy").verbose_name),
        voting_right=False,
    )
