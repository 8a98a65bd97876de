"""The registry's kinds of import (organisations, contact persons, offers) and its area."""

from django.utils.translation import gettext_lazy

from actors.importing.contacts import CONTACT_TARGETS, _ContactPlanner, _execute_contact_row
from actors.importing.fields import execute_model_row
from actors.importing.kinds import ImportArea, ImportKindSpec, register, register_area
from actors.importing.offers import OFFER_TARGETS, _OfferPlanner
from actors.importing.organisations import ORGANISATION_TARGETS, _execute_row, _OrganisationPlanner
from actors.models import ContactPerson, ImportKind, Offer, Organisation

register(
    ImportKindSpec(
        kind=ImportKind.ORGANISATIONS,
        label=ImportKind.ORGANISATIONS.label,
        area="registry",
        permission="actors.import_organisation",
        targets=ORGANISATION_TARGETS,
        planner=_OrganisationPlanner,
        execute_row=_execute_row,
        locks=(Organisation, ContactPerson),
        undo_models=(Organisation, ContactPerson),
        required=(("name", "id"),),
        options=("default_kind", "legal_basis"),
    )
)
register(
    ImportKindSpec(
        kind=ImportKind.CONTACTS,
        label=ImportKind.CONTACTS.label,
        area="registry",
        permission="actors.import_organisation",
        targets=CONTACT_TARGETS,
        planner=_ContactPlanner,
        execute_row=_execute_contact_row,
        locks=(Organisation, ContactPerson),
        undo_models=(ContactPerson,),
        required=(("organisation", "id"), ("full_name", "last_name", "id")),
        options=("legal_basis",),
    )
)
register(
    ImportKindSpec(
        kind=ImportKind.OFFERS,
        label=ImportKind.OFFERS.label,
        area="registry",
        permission="actors.import_organisation",
        targets=OFFER_TARGETS,
        planner=_OfferPlanner,
        execute_row=execute_model_row,
        locks=(Organisation, Offer),
        undo_models=(Offer,),
        required=(("organisation", "id"), ("title", "id")),
    )
)
register_area(
    ImportArea(
        name="registry",
        upload_url="actors:organisation_import",
        list_url="actors:organisation_list",
        list_label=gettext_lazy("Organisations"),
        export_url="actors:organisation_export",
        title=gettext_lazy("Import into the registry"),
    )
)
