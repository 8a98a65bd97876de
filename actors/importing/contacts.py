"""The contact person import: matched by ID, else by organisation and name."""

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors.importing.base import Target, split_person_name
from actors.importing.execution import _record
from actors.importing.kinds import target_labels
from actors.importing.plan import Change, RowPlan, row_error
from actors.models import ContactPerson, ImportKind, Organisation, Publication
from actors.resources import ChoiceLabelWidget
from kmut.search import fold

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

    error = row_error

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


def _execute_contact_row(row: RowPlan, reason: str) -> list[dict]:
    contact = row.instance
    contact._change_reason = reason
    if row.target is None:
        contact.save()
        return [_record(row, "created", contact, {})]
    previous = {change.field: getattr(row.target, change.field) for change in row.changes}
    contact.save()
    return [_record(row, "updated", contact, previous)]
