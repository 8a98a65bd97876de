"""OParl ``Person``: delegates and deputies (contact persons) and individual members."""

from django.db.models import Q, QuerySet

from actors.models import ContactPerson
from roundtable.models import Membership
from roundtable.oparl.base import Variant, compact, oparl_type, timestamps


def _contact_rows(variant: Variant) -> QuerySet:
    """Delegates and deputies of the seats the variant shows."""
    seats = variant.memberships()
    return (
        variant.contacts()
        .filter(Q(pk__in=seats.values("delegate")) | Q(pk__in=seats.values("deputy")))
        .order_by("pk")
    )


def _contact(variant: Variant, person: ContactPerson) -> dict:
    # The registry shows e-mail and phone of public contact persons in the public atlas; the
    # public variant only ever contains such persons.
    return compact(
        {
            "id": variant.object_url("contact", person.pk),
            "type": oparl_type("Person"),
            "body": variant.body_url,
            "name": person.full_name,
            "familyName": person.last_name,
            "givenName": person.first_name,
            "email": [person.email] if person.email else None,
            "phone": [person.phone] if person.phone else None,
            **timestamps(person),
        }
    )


def _individual_rows(variant: Variant) -> QuerySet:
    if variant.public:
        return Membership.objects.none()
    return Membership.objects.exclude(person_name="").filter(delegate__isnull=True).order_by("pk")


def _individual(variant: Variant, membership: Membership) -> dict:
    return compact(
        {
            "id": variant.object_url("individual", membership.pk),
            "type": oparl_type("Person"),
            "body": variant.body_url,
            "name": membership.person_name,
            "email": [membership.email] if membership.email else None,
            **timestamps(membership),
        }
    )
