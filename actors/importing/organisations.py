"""The organisation import: matched by ID, else by name and place; may add a contact person."""

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors.importing.base import NEW, Target, _names, _shown, split_person_name
from actors.importing.execution import _record, _stored_value
from actors.importing.kinds import target_labels
from actors.importing.plan import Change, RowPlan, row_error
from actors.models import ContactPerson, ImportKind, Organisation, Publication
from actors.resources import OrganisationResource
from kmut.models import Municipality
from kmut.search import fold

ORGANISATION_TARGETS = [
    Target("id", gettext_lazy("ID"), "ID", ("Nr", "Nummer", "Kennung")),
    Target(
        "name",
        gettext_lazy("name"),
        "Name",
        ("Träger", "Organisation", "Name der Organisation", "Einrichtung", "Verein"),
    ),
    Target("short_name", gettext_lazy("short name"), "Kurzname", ("Abkürzung",)),
    Target("kind", gettext_lazy("kind"), "Art", ("Typ", "Art der Organisation")),
    Target("parent", gettext_lazy("parent organisation"), "Übergeordnete Organisation"),
    Target("street", gettext_lazy("street and number"), "Straße", ("Strasse", "Adresse")),
    Target("postal_code", gettext_lazy("postal code"), "PLZ", ("Postleitzahl",)),
    Target("city", gettext_lazy("city"), "Ort", ("Stadt",)),
    Target(
        "municipality",
        gettext_lazy("municipality (added to the municipalities served)"),
        "",
        ("Ort", "Gemeinde", "Kommune", "Samtgemeinde"),
    ),
    Target("municipalities", gettext_lazy("municipalities served (list)"), "Gemeinden"),
    Target("phone", gettext_lazy("phone"), "Telefon", ("Tel", "Telefonnummer", "Tel.")),
    Target("email", gettext_lazy("e-mail"), "E-Mail", ("Email", "Mail", "E-Mail-Adresse")),
    Target("website", gettext_lazy("website"), "Website", ("Homepage", "Internet", "Webseite")),
    Target("fields_of_action", gettext_lazy("fields of action"), "Handlungsfelder"),
    Target("languages", gettext_lazy("languages offered"), "Sprachen"),
    Target("publication", gettext_lazy("publication"), "Veröffentlichung"),
    Target("status", gettext_lazy("status"), "Status"),
    Target("last_confirmed_on", gettext_lazy("last confirmed on"), "Zuletzt bestätigt am"),
    Target("notes", gettext_lazy("internal notes"), "Interne Notizen", ("Notizen", "Bemerkung")),
    Target(
        "contact_name",
        gettext_lazy("contact person: name"),
        "",
        ("Ansprechpartner", "Ansprechperson", "Ansprechpartnerin", "Kontaktperson", "Kontakt"),
    ),
    Target(
        "contact_phone",
        gettext_lazy("contact person: phone"),
        "",
        ("Telefon Ansprechpartner", "Telefon Ansprechperson"),
    ),
    Target(
        "contact_email",
        gettext_lazy("contact person: e-mail"),
        "",
        ("E-Mail Ansprechpartner", "E-Mail Ansprechperson"),
    ),
]
# Fields of the organisation itself (the rest belongs to its contact person or to matching).
SCALAR_FIELDS = (
    "name",
    "short_name",
    "kind",
    "parent",
    "street",
    "postal_code",
    "city",
    "phone",
    "email",
    "website",
    "publication",
    "status",
    "last_confirmed_on",
    "notes",
)
LIST_FIELDS = ("municipalities", "fields_of_action", "languages")
CONTACT_FIELDS = {"contact_phone": "phone", "contact_email": "email"}
# Database constraints are reported without a field: the field each one is about.
CONSTRAINT_FIELDS = {"organisation_postal_code_five_digits": "postal_code"}


class _OrganisationPlanner:
    def __init__(self, columns: dict[str, str], options: dict):
        self.columns = columns
        self.options = options
        self.resource = OrganisationResource()
        self.labels = target_labels(ImportKind.ORGANISATIONS)
        # The whole registry once, with what matching and comparing need: no query per row.
        self.by_pk = Organisation.objects.prefetch_related(*LIST_FIELDS, "contacts").in_bulk()
        self.by_name: dict[str, list[Organisation]] = {}
        for organisation in self.by_pk.values():
            if organisation.merged_into_id is None:
                self.by_name.setdefault(fold(organisation.name, strict=True), []).append(
                    organisation
                )
        self.municipalities = {fold(m.name, strict=True): m for m in Municipality.objects.all()}
        self.seen_new: dict[tuple, int] = {}
        self.seen_targets: dict[int, int] = {}

    error = row_error

    def plan_row(self, line: int, cells: dict[str, str], decision: str) -> RowPlan:
        row = RowPlan(line=line, label=cells.get("name", "") or cells.get("id", ""))
        self.clean_cells(row, cells)
        self.match(row, cells, decision)
        # An uncertain row is checked as if it were new, so its errors show before deciding.
        self.validate_and_diff(row)
        self.plan_contact(row, cells)
        if row.errors:
            row.action = "error"
            row.changes = []
        elif row.action == "uncertain":
            row.changes = []
        elif row.action != "new":
            row.action = "update" if row.changes else "skip"
        return row

    def clean_cells(self, row: RowPlan, cells: dict[str, str]) -> None:
        for field_key in (*SCALAR_FIELDS, *LIST_FIELDS):
            value = cells.get(field_key, "")
            if not value:
                continue  # an empty or unmapped cell changes nothing
            if field_key == "website" and "://" not in value:
                value = f"https://{value}"
            resource_field = self.resource.fields[field_key]
            try:
                cleaned = resource_field.widget.clean(value, row=cells)
            except (ValueError, ValidationError) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                for message in messages:
                    self.error(row, field_key, message)
                continue
            except Organisation.DoesNotExist:
                self.error(
                    row,
                    field_key,
                    _("There is no organisation named “%(name)s”.") % {"name": value},
                )
                continue
            if field_key in LIST_FIELDS:
                row.lists[field_key] = cleaned
            else:
                row.scalars[field_key] = cleaned
        municipality_name = cells.get("municipality", "")
        if municipality_name:
            row.add_municipality = self.municipalities.get(fold(municipality_name, strict=True))
            if row.add_municipality is None:
                self.error(
                    row,
                    "municipality",
                    _("“%(name)s” is not a municipality of the district.")
                    % {"name": municipality_name},
                )

    def match(self, row: RowPlan, cells: dict[str, str], decision: str) -> None:
        raw_id = cells.get("id", "")
        if raw_id:
            row.target = self.by_pk.get(int(raw_id)) if raw_id.isdigit() else None
            if row.target is None:
                self.error(
                    row, "id", _("There is no organisation with ID %(id)s.") % {"id": raw_id}
                )
            else:
                row.by_id = True
                self.claim_target(row)
            return
        name = fold(cells.get("name", ""), strict=True)
        if not name:
            self.error(row, "name", _("The name is missing."))
            return
        candidates = self.by_name.get(name, [])
        place = cells.get("municipality", "") or cells.get("city", "")
        exact = [
            candidate
            for candidate in candidates
            if place
            and (
                fold(candidate.city, strict=True) == fold(place, strict=True)
                or any(
                    fold(m.name, strict=True) == fold(place, strict=True)
                    for m in candidate.municipalities.all()
                )
            )
        ]
        if len(exact) == 1:
            row.target = exact[0]
        elif candidates:
            row.candidates = candidates
            row.choices = [
                (
                    str(candidate.pk),
                    candidate.name,
                    ", ".join(m.name for m in candidate.municipalities.all()) or candidate.city,
                )
                for candidate in candidates
            ]
            chosen = {str(candidate.pk): candidate for candidate in candidates}
            if decision == NEW:
                row.decision = NEW
            elif decision in chosen:
                row.decision = decision
                row.target = chosen[decision]
            else:
                row.action = "uncertain"
                return
        if row.target is not None:
            self.claim_target(row)
            return
        key = (name, fold(place, strict=True))
        if key in self.seen_new:
            self.error(
                row, "name", _("Line %(line)s has the same entry.") % {"line": self.seen_new[key]}
            )
        self.seen_new[key] = row.line
        row.action = "new"

    def claim_target(self, row: RowPlan) -> None:
        if row.target.pk in self.seen_targets:
            self.error(
                row,
                "name",
                _("Line %(line)s already changes this organisation.")
                % {"line": self.seen_targets[row.target.pk]},
            )
        self.seen_targets[row.target.pk] = row.line

    def validate_and_diff(self, row: RowPlan) -> None:
        if row.target is None:
            instance = Organisation(
                kind=self.options.get("default_kind") or Organisation.Kind.ASSOCIATION,
                publication=Publication.INTERNAL,
                status=Organisation.Status.ACTIVE,
            )
        else:
            instance = copy.copy(row.target)  # the stored values stay in row.target
            instance._prefetched_objects_cache = dict(row.target._prefetched_objects_cache)
        for field_key, value in row.scalars.items():
            if field_key == "name" and row.target is not None and not row.by_id:
                continue  # matched by this name: the stored spelling stays
            old = getattr(instance, field_key)
            if old != value:
                row.changes.append(
                    Change(field_key, self.labels[field_key], _shown(old), _shown(value))
                )
            setattr(instance, field_key, value)
        try:
            instance.full_clean(exclude=["version"])
        except ValidationError as error:
            for field_key, messages in error.message_dict.items():
                for message in messages:
                    self.error(row, _constraint_field(Organisation, message, field_key), message)
        current = {key: [] for key in LIST_FIELDS}
        if row.target is not None:
            current = {key: list(getattr(row.target, key).all()) for key in LIST_FIELDS}
        for field_key, objects in row.lists.items():
            if {obj.pk for obj in objects} != {obj.pk for obj in current[field_key]}:
                row.changes.append(
                    Change(
                        field_key,
                        self.labels[field_key],
                        _names(current[field_key]),
                        _names(objects),
                    )
                )
                current[field_key] = objects
        municipality = row.add_municipality
        if municipality and municipality.pk not in {m.pk for m in current["municipalities"]}:
            new = [*current["municipalities"], municipality]
            row.changes.append(
                Change(
                    "municipalities",
                    self.labels["municipalities"],
                    _names(current["municipalities"]),
                    _names(new),
                )
            )
        row.instance = instance

    def plan_contact(self, row: RowPlan, cells: dict[str, str]) -> None:
        name = cells.get("contact_name", "")
        if not name:
            return
        title, first_name, last_name = split_person_name(name)
        existing = None
        if row.target is not None:
            wanted = fold(f"{first_name} {last_name}", strict=True)
            existing = next(
                (
                    contact
                    for contact in row.target.contacts.all()
                    if fold(f"{contact.first_name} {contact.last_name}", strict=True) == wanted
                ),
                None,
            )
        values = {
            model_field: cells[key] for key, model_field in CONTACT_FIELDS.items() if cells.get(key)
        }
        if existing is None:
            contact = ContactPerson(
                title=title,
                first_name=first_name,
                last_name=last_name,
                legal_basis=self.options.get("legal_basis") or ContactPerson.LegalBasis.PUBLIC_TASK,
                publication=Publication.INTERNAL,
                **values,
            )
            row.contact_action = "new"
            row.changes.append(Change("contact", _("contact person"), "", contact.full_name))
        else:
            contact = copy.copy(existing)
            row.contact_stored = existing
            for model_field, value in values.items():
                old = getattr(contact, model_field)
                if old != value:
                    row.contact_action = "update"
                    row.changes.append(
                        Change(
                            f"contact_{model_field}",
                            self.labels[f"contact_{model_field}"],
                            old,
                            value,
                        )
                    )
                setattr(contact, model_field, value)
        row.contact = contact
        row.contact_values = values
        try:
            contact.full_clean(exclude=["organisation", "version"])
        except ValidationError as error:
            reverse_fields = {model_field: key for key, model_field in CONTACT_FIELDS.items()}
            for model_field, messages in error.message_dict.items():
                for message in messages:
                    self.error(row, reverse_fields.get(model_field, "contact_name"), message)


def _constraint_field(model, message: str, default: str) -> str:
    for constraint in model._meta.constraints:
        if str(constraint.violation_error_message) == message:
            return CONSTRAINT_FIELDS.get(constraint.name, default)
    return default


def _execute_row(row: RowPlan, reason: str) -> list[dict]:
    records = []
    organisation = row.instance
    org_changes = [change for change in row.changes if not change.field.startswith("contact")]
    if row.target is None:
        organisation._change_reason = reason
        organisation.save()
        for field_key, objects in row.lists.items():
            getattr(organisation, field_key).set(objects)
        if row.add_municipality:
            organisation.municipalities.add(row.add_municipality)
        if row.lists or row.add_municipality:
            organisation._change_reason = reason
            organisation.save()
        records.append(_record(row, "created", organisation, {}))
    elif org_changes:
        previous = {
            field_key: _stored_value(row.target, field_key)
            for field_key in {change.field for change in org_changes}
        }
        for field_key, objects in row.lists.items():
            getattr(organisation, field_key).set(objects)
        if row.add_municipality:
            organisation.municipalities.add(row.add_municipality)
        organisation._change_reason = reason
        organisation.save()
        records.append(_record(row, "updated", organisation, previous))
    contact = row.contact
    if row.contact_action == "new":
        contact.organisation = organisation
        contact._change_reason = reason
        contact.save()
        records.append(_record(row, "created", contact, {}))
    elif row.contact_action == "update":
        previous = {key: getattr(row.contact_stored, key) for key in row.contact_values}
        contact._change_reason = reason
        contact.save()
        records.append(_record(row, "updated", contact, previous))
    return records
