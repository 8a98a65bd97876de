"""Imports of the office's own lists: column mapping, matching, one plan, execution, undo.

The preview and the import are built by the same function, `plan_import`: the preview renders
the plan, the import recomputes it inside one transaction, refuses when it differs from the
plan that was shown (its fingerprint), and executes exactly that plan. Every executed import
is an `ImportBatch` that records the values each changed object had before, so it can be
undone once (decision 0017).
"""

import copy
import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors.models import (
    ContactPerson,
    ImportBatch,
    ImportKind,
    ImportMapping,
    Offer,
    Organisation,
    Publication,
)
from actors.resources import ChoiceLabelWidget, OrganisationResource
from kmut import formatting
from kmut.audit import shown_value
from kmut.models import FieldOfAction, Language, Municipality
from kmut.search import fold

SKIP = ""  # the choice "do not import this column"
NEW = "new"  # the decision "create a new entry" for an uncertain match


def cell_text(value) -> str:
    """A cell as text: Excel gives numbers (postal codes, phone numbers) as int or float."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return formatting.day(value)
    return str(value).strip()


@dataclass(frozen=True)
class Target:
    """A field a column can be mapped to."""

    key: str
    label: str
    heading: str = ""  # the column heading of the export, if the field is exported
    synonyms: tuple[str, ...] = ()


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
SALUTATIONS = {"frau", "herr", "dr", "prof"}


CONTACT_TARGETS = [
    Target("id", gettext_lazy("ID"), "ID", ("Nr", "Nummer", "Kennung")),
    Target(
        "organisation",
        gettext_lazy("organisation"),
        "Organisation",
        ("Träger", "Einrichtung", "Verein", "Name der Organisation"),
    ),
    Target(
        "full_name",
        gettext_lazy("full name (salutation, first and last name)"),
        "",
        ("Name", "Ansprechpartner", "Ansprechperson", "Ansprechpartnerin", "Kontaktperson"),
    ),
    Target("title", gettext_lazy("salutation / title"), "Anrede", ("Titel",)),
    Target("first_name", gettext_lazy("first name"), "Vorname"),
    Target("last_name", gettext_lazy("last name"), "Nachname", ("Familienname",)),
    Target("function", gettext_lazy("role / function"), "Funktion", ("Rolle", "Position")),
    Target(
        "responsibility",
        gettext_lazy("area of responsibility"),
        "Zuständigkeit",
        ("Aufgabenbereich", "Zuständig für"),
    ),
    Target("phone", gettext_lazy("phone"), "Telefon", ("Tel", "Telefonnummer", "Tel.")),
    Target("email", gettext_lazy("e-mail"), "E-Mail", ("Email", "Mail", "E-Mail-Adresse")),
    Target("publication", gettext_lazy("publication"), "Veröffentlichung"),
]
CONTACT_TEXT_FIELDS = ("title", "first_name", "last_name", "function", "responsibility")


def targets(kind: str) -> list[Target]:
    return KINDS[kind].targets


def target_labels(kind: str) -> dict[str, str]:
    return {target.key: str(target.label) for target in targets(kind)}


def suggested_mapping(kind: str, headings: list[str]) -> dict[str, str]:
    """heading -> field for a file: a file with the export's headings maps by them; else as
    remembered for this kind, else by known synonyms. A field is suggested for one column."""
    remembered = ImportMapping.objects.filter(kind=kind).first()
    remembered_columns = {
        fold(h, strict=True): f for h, f in (remembered.columns if remembered else {}).items()
    }
    looks_like_export = any(heading in ("ID", "Gemeinden") for heading in headings)
    by_export = {
        fold(target.heading, strict=True): target.key for target in targets(kind) if target.heading
    }
    by_synonym = {
        fold(synonym, strict=True): target.key
        for target in targets(kind)
        for synonym in target.synonyms
    }
    known = {target.key for target in targets(kind)}
    mapping, used = {}, set()
    for heading in headings:
        key = fold(heading, strict=True)
        if looks_like_export and key in by_export:
            choice = by_export[key]
        elif key in remembered_columns and remembered_columns[key] in known | {SKIP}:
            choice = remembered_columns[key]
        elif key in by_synonym:
            choice = by_synonym[key]
        else:
            choice = by_export.get(key, SKIP)
        if choice in used:
            choice = SKIP
        used.add(choice)
        mapping[heading] = choice
    return mapping


def remember_mapping(kind: str, mapping: dict[str, str], options: dict) -> None:
    ImportMapping.objects.update_or_create(
        kind=kind, defaults={"columns": mapping, "options": options}
    )


def remembered_options(kind: str) -> dict:
    remembered = ImportMapping.objects.filter(kind=kind).first()
    return remembered.options if remembered else {}


# --- the plan --------------------------------------------------------------------------------


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class CellError:
    line: int
    heading: str
    message: str

    def __str__(self):
        if self.heading:
            return _("Line %(line)s, column “%(column)s”: %(message)s") % {
                "line": self.line,
                "column": self.heading,
                "message": self.message,
            }
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class RowPlan:
    line: int
    label: str
    action: str = "skip"  # new / update / skip / error / uncertain
    target: Organisation | None = None
    candidates: list = field(default_factory=list)
    choices: list = field(default_factory=list)  # (pk, name, place) per candidate, for the page
    decision: str = ""
    changes: list[Change] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    scalars: dict = field(default_factory=dict)
    lists: dict = field(default_factory=dict)  # field -> list of objects (replace)
    add_municipality: Municipality | None = None
    contact_action: str = ""  # "" / new / update
    contact: ContactPerson | None = None
    contact_values: dict = field(default_factory=dict)
    instance: Organisation | None = None  # the organisation as it will be saved
    contact_stored: ContactPerson | None = None
    by_id: bool = False
    parent: object = None  # the organisation of an offer
    extra: dict = field(default_factory=dict)  # what a kind plans beyond fields and lists


@dataclass
class Plan:
    kind: str
    rows: list[RowPlan]
    ignored_columns: list[str]

    @property
    def counts(self) -> dict[str, int]:
        actions = ("new", "update", "skip", "error", "uncertain")
        return {action: sum(1 for row in self.rows if row.action == action) for action in actions}

    @property
    def errors(self) -> list[CellError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def has_choices(self) -> bool:
        return any(row.candidates for row in self.rows)

    @property
    def can_import(self) -> bool:
        counts = self.counts
        return bool(self.rows) and not counts["error"] and not counts["uncertain"]

    @property
    def fingerprint(self) -> str:
        """What the plan will do, as a short hash: the import refuses when it differs."""
        summary = [
            [
                row.line,
                row.action,
                row.target.pk if row.target else None,
                stamp(row.target) if row.target else None,
                [[change.field, change.old, change.new] for change in row.changes],
                [str(error) for error in row.errors],
            ]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(summary).encode()).hexdigest()[:32]


def plan_import(
    kind: str, dataset, mapping: dict[str, str], options: dict, decisions: dict[str, str]
) -> Plan:
    """What importing `dataset` with this column mapping would do, row by row."""
    columns = {field_key: heading for heading, field_key in mapping.items() if field_key}
    ignored = [heading for heading in dataset.headers if not mapping.get(heading)]
    planner = KINDS[kind].planner(columns, options)
    rows = []
    for index, values in enumerate(dataset, start=0):
        cells = {
            field_key: cell_text(values[dataset.headers.index(heading)])
            for field_key, heading in columns.items()
        }
        rows.append(planner.plan_row(index + 2, cells, decisions.get(str(index + 2), "")))
    return Plan(kind=kind, rows=rows, ignored_columns=ignored)


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

    def error(self, row: RowPlan, field_key: str, message) -> None:
        error = CellError(row.line, self.columns.get(field_key, ""), str(message))
        if error not in row.errors:
            row.errors.append(error)

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


class _ContactPlanner:
    """Contact persons: matched by ID, else by organisation name and the person's name."""

    def __init__(self, columns: dict[str, str], options: dict):
        self.columns = columns
        self.options = options
        self.labels = target_labels(ImportKind.CONTACTS)
        self.publication = ChoiceLabelWidget(Publication.choices)
        organisations = Organisation.objects.filter(merged_into__isnull=True).prefetch_related(
            "contacts"
        )
        self.by_name: dict[str, list[Organisation]] = {}
        self.contacts: dict[int, ContactPerson] = {}
        for organisation in organisations:
            self.by_name.setdefault(fold(organisation.name, strict=True), []).append(organisation)
            for contact in organisation.contacts.all():
                contact.organisation = organisation
                self.contacts[contact.pk] = contact
        self.seen: dict[tuple, int] = {}

    error = _OrganisationPlanner.error

    def plan_row(self, line: int, cells: dict[str, str], decision: str) -> RowPlan:
        values = {key: cells[key] for key in CONTACT_TEXT_FIELDS if cells.get(key)}
        if cells.get("full_name"):
            title, first_name, last_name = split_person_name(cells["full_name"])
            for key, value in (
                ("title", title),
                ("first_name", first_name),
                ("last_name", last_name),
            ):
                if value:
                    values.setdefault(key, value)
        for key in ("phone", "email"):
            if cells.get(key):
                values[key] = cells[key]
        order = [target.key for target in CONTACT_TARGETS]
        values = dict(sorted(values.items(), key=lambda item: order.index(item[0])))
        row = RowPlan(
            line=line,
            label=" ".join(values.get(key, "") for key in ("first_name", "last_name")).strip(),
        )
        if cells.get("publication"):
            try:
                values["publication"] = self.publication.clean(cells["publication"])
            except ValueError as error:
                self.error(row, "publication", error)
        organisation = self.match(row, cells, values)
        if row.target is None:
            instance = ContactPerson(
                organisation=organisation,
                legal_basis=self.options.get("legal_basis") or ContactPerson.LegalBasis.PUBLIC_TASK,
                publication=Publication.INTERNAL,
            )
        else:
            instance = copy.copy(row.target)
        for key, value in values.items():
            if row.target is not None and key in ("first_name", "last_name") and not row.by_id:
                continue  # matched by this name: the stored spelling stays
            old = getattr(instance, key)
            if row.target is not None and old != value:
                row.changes.append(Change(key, self.labels[key], old, value))
            setattr(instance, key, value)
        row.instance = instance
        if organisation is not None or row.target is not None:
            try:
                instance.full_clean(exclude=["version"])
            except ValidationError as error:
                for key, messages in error.message_dict.items():
                    column = key if key in self.columns else "full_name"
                    for message in messages:
                        self.error(row, column, message)
        if row.errors:
            row.action, row.changes = "error", []
        elif row.target is None:
            row.action = "new"
        else:
            row.action = "update" if row.changes else "skip"
        return row

    def match(self, row: RowPlan, cells: dict[str, str], values: dict) -> Organisation | None:
        raw_id = cells.get("id", "")
        if raw_id:
            row.target = self.contacts.get(int(raw_id)) if raw_id.isdigit() else None
            if row.target is None:
                self.error(
                    row, "id", _("There is no contact person with ID %(id)s.") % {"id": raw_id}
                )
                return None
            row.by_id = True
            return self.claim(row, ("id", row.target.pk), row.target.organisation)
        name = cells.get("organisation", "")
        if not name:
            self.error(row, "organisation", _("The organisation is missing."))
            return None
        candidates = self.by_name.get(fold(name, strict=True), [])
        if not candidates:
            self.error(
                row,
                "organisation",
                _("There is no organisation named “%(name)s”.") % {"name": name},
            )
            return None
        if len(candidates) > 1:
            self.error(
                row,
                "organisation",
                _("Several organisations are named “%(name)s”; please use the ID column.")
                % {"name": name},
            )
            return None
        organisation = candidates[0]
        if not values.get("last_name"):
            self.error(row, "full_name", _("The name is missing."))
            return organisation
        wanted = fold(f"{values.get('first_name', '')} {values['last_name']}", strict=True)
        row.target = next(
            (
                contact
                for contact in organisation.contacts.all()
                if fold(f"{contact.first_name} {contact.last_name}", strict=True) == wanted
            ),
            None,
        )
        return self.claim(row, (organisation.pk, wanted), organisation)

    def claim(self, row: RowPlan, key: tuple, organisation: Organisation) -> Organisation:
        if key in self.seen:
            self.error(
                row, "full_name", _("Line %(line)s has the same entry.") % {"line": self.seen[key]}
            )
        self.seen[key] = row.line
        return organisation


def _constraint_field(model, message: str, default: str) -> str:
    for constraint in model._meta.constraints:
        if str(constraint.violation_error_message) == message:
            return CONSTRAINT_FIELDS.get(constraint.name, default)
    return default


def split_person_name(name: str) -> tuple[str, str, str]:
    """("Frau Dr.", "Anna", "Schmidt") from "Frau Dr. Anna Schmidt"."""
    parts = name.split()
    title = []
    while len(parts) > 1 and fold(parts[0], strict=True) in SALUTATIONS:
        title.append(parts.pop(0))
    return " ".join(title), " ".join(parts[:-1]), parts[-1] if parts else ""


def _shown(value) -> str:
    if isinstance(value, models.Model):
        return str(value)
    return shown_value(value)


def _names(objects) -> str:
    return " | ".join(str(obj) for obj in objects)


# --- execution --------------------------------------------------------------------------------


class PlanChanged(Exception):
    """The data changed between the preview and the import."""


def execute_import(
    kind: str,
    dataset,
    mapping: dict[str, str],
    options: dict,
    decisions: dict[str, str],
    *,
    expected_fingerprint: str,
    user,
    file_name: str,
) -> ImportBatch:
    """Carry out the plan the preview showed, in one transaction; refuse if it changed."""
    with transaction.atomic():
        # Locks the rows this import reads, so nobody changes them in between.
        for model in KINDS[kind].locks:
            list(model.objects.select_for_update().values_list("pk", flat=True))
        plan = plan_import(kind, dataset, mapping, options, decisions)
        if not plan.can_import or plan.fingerprint != expected_fingerprint:
            raise PlanChanged
        reason = _("Import of “%(file)s”") % {"file": file_name}
        records = []
        execute_row = KINDS[kind].execute_row
        for row in plan.rows:
            if row.action in ("new", "update"):
                records.extend(execute_row(row, reason))
        return ImportBatch.objects.create(
            kind=kind,
            file_name=file_name,
            created_by=user,
            counts=plan.counts,
            records=records,
        )


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


def _execute_contact_row(row: RowPlan, reason: str) -> list[dict]:
    contact = row.instance
    contact._change_reason = reason
    if row.target is None:
        contact.save()
        return [_record(row, "created", contact, {})]
    previous = {change.field: getattr(row.target, change.field) for change in row.changes}
    contact.save()
    return [_record(row, "updated", contact, previous)]


def _stored_value(obj, field_key: str):
    model_field = obj._meta.get_field(field_key)
    if model_field.many_to_many:
        return sorted(related.pk for related in getattr(obj, field_key).all())
    value = getattr(obj, model_field.attname)
    return value.isoformat() if isinstance(value, date) else value


def stamp(obj):
    """What tells whether an object changed since: its version, else its last change's time.

    Offers are not versioned (decision 0017); their `updated_at` moves on with every save.
    """
    if hasattr(obj, "version"):
        return obj.version
    return obj.updated_at.isoformat()


def restore_fields(obj, previous: dict, reason: str) -> None:
    """Give `obj` back the values an import replaced (undo), with a history entry."""
    model = type(obj)
    for field_key, value in previous.items():
        model_field = model._meta.get_field(field_key)
        if model_field.many_to_many:
            getattr(obj, field_key).set(value)
        else:
            setattr(obj, model_field.attname, model_field.to_python(value))
    obj._change_reason = reason
    obj.save()


def _record(row: RowPlan, action: str, obj, previous: dict) -> dict:
    return {
        "line": row.line,
        "model": obj._meta.model_name,
        "pk": obj.pk,
        "label": str(obj),
        "action": action,
        "version": stamp(obj),
        "previous": previous,
    }


# --- undo -------------------------------------------------------------------------------------


def undo_models() -> dict:
    return {model._meta.model_name: model for spec in KINDS.values() for model in spec.undo_models}


class AlreadyUndone(Exception):
    pass


def undo_batch(batch_pk: int, user) -> ImportBatch:
    """Undo an import once: delete what it created, restore what it changed.

    An object changed since the import (its version, or for a model without versions its time
    of the last change, moved on) is left as it is, with a message.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_pk)
        if batch.undone_at is not None:
            raise AlreadyUndone
        reason = _("Import of “%(file)s” undone") % {"file": batch.file_name}
        messages = []
        for record in reversed(batch.records):
            model = undo_models()[record["model"]]
            obj = model.objects.filter(pk=record["pk"]).first()
            if obj is None:
                continue
            if stamp(obj) != record["version"]:
                messages.append(
                    _("Line %(line)s: “%(label)s” was changed after the import and is kept.")
                    % {"line": record["line"], "label": record["label"]}
                )
                continue
            obj._change_reason = reason
            if record["action"] == "created":
                try:
                    obj.delete()
                except models.ProtectedError:
                    messages.append(
                        _("Line %(line)s: “%(label)s” is referred to by other entries and is kept.")
                        % {"line": record["line"], "label": record["label"]}
                    )
                continue
            KINDS[batch.kind].restore(obj, record["previous"], reason)
        batch.undone_at = timezone.now()
        batch.undone_by = user
        batch.undo_messages = messages
        batch._change_reason = reason
        batch.save()
        return batch


def errors_csv(plan: Plan) -> bytes:
    """The plan's errors as a CSV file for Excel: line, column, message."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Line"), _("Column"), _("Error")])
    for error in plan.errors:
        writer.writerow([error.line, error.heading, error.message])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- kinds of import ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportArea:
    """Where imports of some kinds are started: its URLs, the session key, the list to go back to.

    URL names are the upload's name plus "_mapping", "_preview" and "_errors"."""

    name: str
    upload_url: str
    list_url: str
    list_label: str
    export_url: str
    title: str


@dataclass(frozen=True)
class ImportKindSpec:
    """One kind of import: its fields, how rows are planned and executed, who may import it.

    Apps register their kinds from their `AppConfig.ready()`, so the registry's import machinery
    never imports the apps that use it (decision 0017)."""

    kind: str
    label: str
    area: str
    permission: str
    targets: list
    planner: type
    execute_row: object
    locks: tuple = ()
    undo_models: tuple = ()
    # Groups of fields of which the mapping must assign at least one (the first one is named).
    required: tuple = ()
    options: tuple = ()  # option fields of the mapping form shown for this kind
    restore: object = restore_fields
    hint: str = ""  # how rows are matched, shown when uploading a file of only this kind


KINDS: dict[str, ImportKindSpec] = {}
AREAS: dict[str, ImportArea] = {}


def register(spec: ImportKindSpec) -> None:
    KINDS[spec.kind] = spec


def register_area(area: ImportArea) -> None:
    AREAS[area.name] = area


def kind_label(kind: str) -> str:
    spec = KINDS.get(kind)
    return str(spec.label) if spec else kind


def kinds_of(area: str) -> list[ImportKindSpec]:
    return [spec for spec in KINDS.values() if spec.area == area]


def kinds_allowed(user) -> list[str]:
    """The kinds of import `user` may run (and whose batches they may see and undo)."""
    return [spec.kind for spec in KINDS.values() if user.has_perm(spec.permission)]


# --- converting cells -------------------------------------------------------------------------

EXCEL_EPOCH = date(1899, 12, 30)
YES = {"ja", "j", "x", "1", "true", "wahr", "yes"}
NO = {"nein", "n", "0", "false", "falsch", "no", "-"}


def parse_date(value: str) -> date:
    """A German date (31.12.2026, 31.12.26), an ISO date or an Excel day number (46022)."""
    value = value.strip()
    if value.isdigit() and 20000 <= int(value) <= 80000:
        return EXCEL_EPOCH + timedelta(days=int(value))
    for pattern in (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", r"(\d{1,2})\.(\d{1,2})\.(\d{2})"):
        found = re.fullmatch(pattern, value)
        if found:
            day, month, year = (int(part) for part in found.groups())
            year = year + 2000 if year < 100 else year
            try:
                return date(year, month, day)
            except ValueError:
                break
    else:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise ValueError(
        _("“%(value)s” is not a date; please write it as DD.MM.YYYY.") % {"value": value}
    )


def parse_bool(value: str) -> bool:
    key = value.strip().casefold()
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(_("“%(value)s” is neither “Ja” nor “Nein”.") % {"value": value})


def choice(choices):
    widget = ChoiceLabelWidget(choices)
    return lambda value: widget.clean(value)


def by_name(objects, attribute="name", what=None):
    """A converter finding one of `objects` by its normalised name (or code)."""
    found = {}
    for obj in objects:
        for attr in attribute.split(","):
            found.setdefault(fold(getattr(obj, attr), strict=True), obj)

    def convert(value):
        obj = found.get(fold(value, strict=True))
        if obj is None:
            raise ValueError(_("“%(value)s” is unknown.") % {"value": value})
        return obj

    return convert


def name_list(objects, attribute="name"):
    """A converter for a list of names separated by "|", ";" or ","."""
    one = by_name(objects, attribute)

    def convert(value):
        names = [part.strip() for part in re.split(r"[|;,]", value) if part.strip()]
        found, missing = [], []
        for name in names:
            try:
                obj = one(name)
            except ValueError:
                missing.append(name)
                continue
            if obj not in found:
                found.append(obj)
        if missing:
            raise ValueError(_("Unknown entries: %(names)s") % {"names": ", ".join(missing)})
        return found

    return convert


class FieldPlanner:
    """Shared by the offer and volunteer imports: cells converted per field, compared with the
    stored entry field by field (only mapped, non-empty cells change anything), validated by the
    model. Subclasses set `model`, `kind`, `converters`, `list_fields` and match rows."""

    model = None
    kind = ""
    list_fields: tuple = ()
    keep_when_matched_by_name: tuple = ()

    def __init__(self, columns: dict[str, str], options: dict):
        self.columns = columns
        self.options = options
        self.labels = target_labels(self.kind)
        self.converters = self.make_converters()
        self.seen: dict = {}

    error = _OrganisationPlanner.error

    def make_converters(self) -> dict:
        raise NotImplementedError

    def convert(self, row: RowPlan, cells: dict[str, str]) -> None:
        for key, converter in self.converters.items():
            value = cells.get(key, "")
            if not value:
                continue
            try:
                cleaned = converter(value)
            except (ValueError, ValidationError) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                for message in messages:
                    self.error(row, key, message)
                continue
            (row.lists if key in self.list_fields else row.scalars)[key] = cleaned

    def new_instance(self, row: RowPlan):
        return self.model()

    def diff(self, row: RowPlan) -> None:
        instance = self.new_instance(row) if row.target is None else copy.copy(row.target)
        for key, value in row.scalars.items():
            if row.target is not None and not row.by_id and key in self.keep_when_matched_by_name:
                continue  # matched by this name: the stored spelling stays
            old = getattr(instance, key)
            if row.target is not None and old != value:
                row.changes.append(Change(key, self.labels[key], _shown(old), _shown(value)))
            setattr(instance, key, value)
        try:
            instance.full_clean(exclude=["version"])
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                column = key if key in self.labels else self.fallback_column(key)
                for message in messages:
                    self.error(row, column, message)
        for key, objects in row.lists.items():
            current = list(getattr(row.target, key).all()) if row.target is not None else []
            if row.target is not None and {o.pk for o in objects} != {o.pk for o in current}:
                row.changes.append(Change(key, self.labels[key], _names(current), _names(objects)))
        row.instance = instance

    def fallback_column(self, key: str) -> str:
        return "id"

    def claim(self, row: RowPlan, key, column: str) -> None:
        if key in self.seen:
            self.error(
                row,
                column,
                _("Line %(line)s already changes this entry.") % {"line": self.seen[key]},
            )
        self.seen[key] = row.line

    def finish(self, row: RowPlan) -> RowPlan:
        if row.errors:
            row.action, row.changes = "error", []
        elif row.action == "uncertain":
            row.changes = []
        elif row.target is None:
            row.action = "new"
        else:
            row.action = "update" if row.changes else "skip"
        return row


def execute_model_row(row: RowPlan, reason: str) -> list[dict]:
    """Save a row planned by a `FieldPlanner`: the entry, then its lists."""
    instance = row.instance
    instance._change_reason = reason
    if row.target is None:
        instance.save()
        for key, objects in row.lists.items():
            getattr(instance, key).set(objects)
        return [_record(row, "created", instance, {})]
    changed = {change.field for change in row.changes}
    # Changes a kind plans beyond the model's fields (e.g. language skills) it records itself.
    previous = {key: _stored_value(row.target, key) for key in changed - set(row.extra)}
    instance.save()
    for key, objects in row.lists.items():
        if key in changed:
            getattr(instance, key).set(objects)
    return [_record(row, "updated", instance, previous)]


# --- offers -----------------------------------------------------------------------------------

OFFER_TARGETS = [
    Target("id", gettext_lazy("ID"), "ID", ("Nr", "Nummer", "Kennung")),
    Target(
        "organisation",
        gettext_lazy("organisation"),
        "Organisation",
        ("Träger", "Anbieter", "Einrichtung", "Verein", "Name der Organisation"),
    ),
    Target("title", gettext_lazy("title"), "Titel", ("Angebot", "Kurs", "Bezeichnung")),
    Target("kind", gettext_lazy("kind"), "Art", ("Angebotsart", "Typ")),
    Target("description", gettext_lazy("description"), "Beschreibung", ("Inhalt",)),
    Target("level", gettext_lazy("language level"), "Niveau", ("Sprachniveau", "Stufe")),
    Target("target_group", gettext_lazy("target group"), "Zielgruppe", ("Für",)),
    Target("municipality", gettext_lazy("municipality"), "Gemeinde", ("Kommune", "Samtgemeinde")),
    Target("venue", gettext_lazy("venue"), "Ort", ("Veranstaltungsort", "Adresse")),
    Target("schedule", gettext_lazy("schedule"), "Zeiten", ("Termine", "Uhrzeit", "Wann")),
    Target("starts_on", gettext_lazy("starts on"), "Beginn", ("Start", "Von", "Startdatum")),
    Target("ends_on", gettext_lazy("ends on"), "Ende", ("Bis", "Enddatum")),
    Target("cost", gettext_lazy("cost"), "Kosten", ("Gebühr", "Preis", "Entgelt")),
    Target("has_childcare", gettext_lazy("childcare"), "Kinderbetreuung"),
    Target("languages", gettext_lazy("languages"), "Sprachen", ("Sprache",)),
    Target("fields_of_action", gettext_lazy("fields of action"), "Handlungsfelder"),
    Target("publication", gettext_lazy("publication"), "Veröffentlichung"),
    Target("is_active", gettext_lazy("active"), "Aktiv"),
]


class _OfferPlanner(FieldPlanner):
    """Offers: matched by ID, else by organisation name and normalised title."""

    model = Offer
    kind = ImportKind.OFFERS
    list_fields = ("languages", "fields_of_action")
    keep_when_matched_by_name = ("title",)

    def __init__(self, columns, options):
        self.offers = (
            Offer.objects.select_related("organisation")
            .prefetch_related(*self.list_fields)
            .in_bulk()
        )
        self.organisations: dict[str, list[Organisation]] = {}
        for organisation in Organisation.objects.filter(merged_into__isnull=True):
            self.organisations.setdefault(fold(organisation.name, strict=True), []).append(
                organisation
            )
        self.by_title: dict[tuple, list[Offer]] = {}
        for offer in self.offers.values():
            self.by_title.setdefault(
                (offer.organisation_id, fold(offer.title, strict=True)), []
            ).append(offer)
        super().__init__(columns, options)

    def make_converters(self):
        return {
            "title": str,
            "kind": choice(Offer.Kind.choices),
            "description": str,
            "level": choice(Offer.Level.choices),
            "target_group": choice(Offer.TargetGroup.choices),
            "municipality": by_name(Municipality.objects.all()),
            "venue": str,
            "schedule": str,
            "starts_on": parse_date,
            "ends_on": parse_date,
            "cost": str,
            "has_childcare": parse_bool,
            "languages": name_list(Language.objects.all(), "code,name"),
            "fields_of_action": name_list(FieldOfAction.objects.all()),
            "publication": choice(Publication.choices),
            "is_active": parse_bool,
        }

    def plan_row(self, line: int, cells: dict[str, str], decision: str) -> RowPlan:
        row = RowPlan(line=line, label=cells.get("title", "") or cells.get("id", ""))
        self.convert(row, cells)
        self.match(row, cells)
        if row.parent is not None:
            self.diff(row)
        return self.finish(row)

    def new_instance(self, row):
        return Offer(organisation=row.parent, publication=Publication.INTERNAL)

    def fallback_column(self, key):
        return {"__all__": "ends_on"}.get(key, "title")

    def match(self, row: RowPlan, cells: dict[str, str]) -> None:
        raw_id = cells.get("id", "")
        if raw_id:
            row.target = self.offers.get(int(raw_id)) if raw_id.isdigit() else None
            if row.target is None:
                self.error(row, "id", _("There is no offer with ID %(id)s.") % {"id": raw_id})
                return
            row.by_id = True
            row.parent = row.target.organisation
            self.claim(row, row.target.pk, "id")
            return
        name = cells.get("organisation", "")
        if not name:
            self.error(row, "organisation", _("The organisation is missing."))
            return
        organisations = self.organisations.get(fold(name, strict=True), [])
        if not organisations:
            self.error(
                row,
                "organisation",
                _("There is no organisation named “%(name)s”.") % {"name": name},
            )
            return
        if len(organisations) > 1:
            self.error(
                row,
                "organisation",
                _("Several organisations are named “%(name)s”; please use the ID column.")
                % {"name": name},
            )
            return
        organisation = organisations[0]
        title = fold(cells.get("title", ""), strict=True)
        if not title:
            self.error(row, "title", _("The title is missing."))
            return
        offers = self.by_title.get((organisation.pk, title), [])
        if len(offers) > 1:
            self.error(
                row,
                "title",
                _(
                    "“%(organisation)s” has several offers titled “%(title)s”; please use the ID "
                    "column."
                )
                % {"organisation": organisation.name, "title": cells["title"]},
            )
            return
        row.target = offers[0] if offers else None
        row.parent = organisation
        self.claim(row, (organisation.pk, title), "title")


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
