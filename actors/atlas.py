"""The atlas: who is responsible for what, by field of action and municipality.

Only what is marked public goes in: public organisations, their public contact persons and
public offers. The same data feeds the public page and the PDF.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from actors.models import ContactPerson, Offer, Organisation
from kmut.models import FieldOfAction, Municipality, within_municipality


@dataclass
class AtlasSection:
    title: str
    organisations: list = field(default_factory=list)


def public_organisations(municipality: Municipality | None = None):
    queryset = (
        Organisation.objects.public()
        .prefetch_related(
            "fields_of_action",
            "municipalities",
            Prefetch(
                "contacts", queryset=ContactPerson.objects.public(), to_attr="public_contacts"
            ),
            Prefetch(
                "offers",
                queryset=Offer.objects.public().select_related("municipality"),
                to_attr="public_offers",
            ),
        )
        .order_by("name")
    )
    if municipality is not None:
        queryset = queryset.filter(within_municipality("municipalities", municipality)).distinct()
    return queryset


def atlas_sections(municipality: Municipality | None = None) -> list[AtlasSection]:
    """Public organisations grouped by field of action (an entry appears in each of its fields)."""
    sections = {
        field_of_action.pk: AtlasSection(title=field_of_action.name)
        for field_of_action in FieldOfAction.objects.active()
    }
    other = AtlasSection(title=_("Further contacts"))
    for organisation in public_organisations(municipality):
        fields_of_action = [f for f in organisation.fields_of_action.all() if f.pk in sections]
        for field_of_action in fields_of_action:
            sections[field_of_action.pk].organisations.append(organisation)
        if not fields_of_action:
            other.organisations.append(organisation)
    result = [section for section in sections.values() if section.organisations]
    if other.organisations:
        result.append(other)
    return result
