"""The volunteer import: a kind registered into the registry's import machinery (decision 0017).

Volunteers depend on the registry, never the other way round: `VolunteersConfig.ready()`
registers this kind and the volunteers' import area, and `actors.importing` plans, previews,
executes and undoes it like any other kind. The export's headings are this import's headings,
so an exported list imported again shows every row unchanged.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors import importing
from actors.importing import (
    Change,
    FieldPlanner,
    ImportArea,
    ImportKindSpec,
    RowPlan,
    Target,
    by_name,
    choice,
    name_list,
    parse_date,
)
from actors.models import Organisation
from kmut.models import Language, Municipality
from kmut.search import fold
from volunteers.models import WEEKDAYS, Programme, Volunteer, VolunteerLanguage

KIND = "volunteers"

VOLUNTEER_TARGETS = [
    Target("id", gettext_lazy("ID"), "ID", ("Nr", "Nummer", "Kennung")),
    Target("first_name", gettext_lazy("first name"), "Vorname"),
    Target("last_name", gettext_lazy("last name"), "Nachname", ("Familienname",)),
    Target(
        "full_name",
        gettext_lazy("full name (first and last name)"),
        "",
        ("Name", "Vor- und Nachname", "Ehrenamtliche", "Ehrenamtlicher"),
    ),
    Target("email", gettext_lazy("e-mail"), "E-Mail", ("Email", "Mail", "E-Mail-Adresse")),
    Target(
        "phone",
        gettext_lazy("phone"),
        "Telefon",
        ("Tel", "Tel.", "Telefonnummer", "Handy", "Mobil"),
    ),
    Target("street", gettext_lazy("street and number"), "Straße", ("Strasse", "Anschrift")),
    Target("postal_code", gettext_lazy("postal code"), "PLZ", ("Postleitzahl",)),
    Target("city", gettext_lazy("city"), "Ort", ("Wohnort", "Stadt")),
    Target(
        "municipalities", gettext_lazy("active in (municipalities)"), "Gemeinden", ("Einsatzort",)
    ),
    Target("programmes", gettext_lazy("programmes"), "Programme", ("Programm", "Projekt")),
    Target(
        "languages",
        gettext_lazy("languages with level, e.g. “ar (Muttersprache)|de (gut)”"),
        "Sprachen",
        ("Sprache", "Sprachkenntnisse"),
    ),
    Target(
        "organisation", gettext_lazy("comes through (organisation)"), "Organisation", ("Träger",)
    ),
    Target(
        "available_days", gettext_lazy("available on (weekdays)"), "Verfügbar an", ("Wochentage",)
    ),
    Target("availability", gettext_lazy("availability"), "Verfügbarkeit"),
    Target("status", gettext_lazy("status"), "Status"),
    Target(
        "certificate_inspected_on",
        gettext_lazy("criminal record certificate inspected on"),
        "Führungszeugnis eingesehen am",
        ("Führungszeugnis", "Führungszeugnis vom", "Führungszeugnis am"),
    ),
    Target(
        "certificate_inspected_by", gettext_lazy("inspected by"), "Führungszeugnis eingesehen von"
    ),
    Target(
        "certificate_renewal_due_on",
        gettext_lazy("renewal due on"),
        "Führungszeugnis erneuern bis",
        ("Führungszeugnis gültig bis",),
    ),
    Target(
        "confidentiality_signed_on",
        gettext_lazy("confidentiality declaration signed on"),
        "Verschwiegenheitserklärung unterschrieben am",
        ("Verschwiegenheitserklärung", "Schweigepflichterklärung"),
    ),
    Target(
        "data_protection_instructed_on",
        gettext_lazy("data protection instruction on"),
        "Datenschutzbelehrung am",
        ("Datenschutzbelehrung",),
    ),
    Target("notes", gettext_lazy("internal notes"), "Interne Notizen", ("Notizen", "Bemerkung")),
]


def split_full_name(name: str) -> tuple[str, str]:
    """("Anna", "Schmidt") from "Anna Schmidt" or "Schmidt, Anna"."""
    if "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        return first, last
    parts = name.split()
    return " ".join(parts[:-1]), parts[-1] if parts else ""


def parse_weekdays(value: str) -> str:
    """ "Montag, Mittwoch" (the export) or "Mo, Mi" as stored: "02"."""
    names = {}
    for day, label in WEEKDAYS:
        names[fold(label, strict=True)] = str(day)
        names[fold(label, strict=True)[:2]] = str(day)
    days, unknown = set(), []
    for part in re.split(r"[,;|/]", value):
        key = fold(part, strict=True)
        if not key:
            continue
        if key in names:
            days.add(names[key])
        else:
            unknown.append(part.strip())
    if unknown:
        raise ValueError(_("Unknown weekdays: %(names)s") % {"names": ", ".join(unknown)})
    return "".join(sorted(days))


class _VolunteerPlanner(FieldPlanner):
    """Volunteers: matched by ID, else by e-mail address, else by normalised full name."""

    model = Volunteer
    kind = KIND
    list_fields = ("municipalities", "programmes")
    keep_when_matched_by_name = ("first_name", "last_name")

    def __init__(self, columns, options):
        self.volunteers = Volunteer.objects.prefetch_related(
            *self.list_fields, "language_skills__language"
        ).in_bulk()
        self.by_email: dict[str, list[Volunteer]] = {}
        self.by_name: dict[str, list[Volunteer]] = {}
        for volunteer in self.volunteers.values():
            if volunteer.email:
                self.by_email.setdefault(volunteer.email.casefold(), []).append(volunteer)
            self.by_name.setdefault(fold(volunteer.full_name, strict=True), []).append(volunteer)
        self.languages = by_name(Language.objects.all(), "code,name")
        self.levels = choice(VolunteerLanguage.Level.choices)
        super().__init__(columns, options)

    def make_converters(self):
        text = str.strip
        return {
            "first_name": text,
            "last_name": text,
            "email": text,
            "phone": text,
            "street": text,
            "postal_code": text,
            "city": text,
            "municipalities": name_list(Municipality.objects.all()),
            "programmes": name_list(Programme.objects.all()),
            "organisation": by_name(Organisation.objects.filter(merged_into__isnull=True)),
            "available_days": parse_weekdays,
            "availability": text,
            "status": choice(Volunteer.Status.choices),
            "certificate_inspected_on": parse_date,
            "certificate_inspected_by": text,
            "certificate_renewal_due_on": parse_date,
            "confidentiality_signed_on": parse_date,
            "data_protection_instructed_on": parse_date,
            "notes": text,
        }

    def plan_row(self, line: int, cells: dict[str, str], decision: str) -> RowPlan:
        if cells.get("full_name"):
            # Separate first and last name columns win over the full name.
            first_name, last_name = split_full_name(cells["full_name"])
            cells["first_name"] = cells.get("first_name") or first_name
            cells["last_name"] = cells.get("last_name") or last_name
        label = f"{cells.get('first_name', '')} {cells.get('last_name', '')}".strip()
        row = RowPlan(line=line, label=label or cells.get("id", ""))
        self.convert(row, cells)
        self.match(row, cells, decision)
        self.diff(row)  # an uncertain row is checked as if it were new
        self.plan_languages(row, cells)
        return self.finish(row)

    def fallback_column(self, key):
        return "full_name" if "full_name" in self.columns else "last_name"

    def match(self, row: RowPlan, cells: dict[str, str], decision: str) -> None:
        raw_id = cells.get("id", "")
        if raw_id:
            row.target = self.volunteers.get(int(raw_id)) if raw_id.isdigit() else None
            if row.target is None:
                self.error(row, "id", _("There is no volunteer with ID %(id)s.") % {"id": raw_id})
                return
            row.by_id = True
            self.claim(row, row.target.pk, "id")
            return
        email = cells.get("email", "").casefold()
        if email:
            found = self.by_email.get(email, [])
            if len(found) > 1:
                self.error(
                    row,
                    "email",
                    _(
                        "Several volunteers have the e-mail address “%(email)s”; please use the "
                        "ID column."
                    )
                    % {"email": cells["email"]},
                )
                return
            if found:
                row.target = found[0]
                row.by_id = True  # an e-mail match may correct the spelling of the name
                self.claim(row, row.target.pk, "email")
                return
        name = fold(f"{cells.get('first_name', '')} {cells.get('last_name', '')}", strict=True)
        if not cells.get("last_name"):
            self.error(row, self.fallback_column(""), _("The name is missing."))
            return
        candidates = self.by_name.get(name, [])
        if len(candidates) > 1:
            self.error(
                row,
                self.fallback_column(""),
                _("Several volunteers are named “%(name)s”; please use the ID column.")
                % {"name": row.label},
            )
            return
        if candidates:
            candidate = candidates[0]
            if email and candidate.email and candidate.email.casefold() != email:
                # Same name, another address: the same person with a new address, or someone else.
                row.candidates = candidates
                row.choices = [(str(candidate.pk), candidate.full_name, candidate.email)]
                if decision == importing.NEW:
                    row.decision = importing.NEW
                elif decision == str(candidate.pk):
                    row.decision = decision
                    row.target = candidate
                else:
                    row.action = "uncertain"
                    return
            else:
                row.target = candidate
        key = row.target.pk if row.target is not None else (name, email)
        self.claim(row, key, self.fallback_column(""))

    def plan_languages(self, row: RowPlan, cells: dict[str, str]) -> None:
        """Languages with their level: the listed ones replace the stored ones."""
        value = cells.get("languages", "")
        if not value:
            return
        stored = {}
        if row.target is not None:
            stored = {skill.language_id: skill.level for skill in row.target.language_skills.all()}
        wanted, errors = {}, []
        for part in (part.strip() for part in re.split(r"[|;]", value)):
            if not part:
                continue
            found = re.fullmatch(r"(.+?)\s*\((.+)\)", part)
            name, level_text = (found.group(1), found.group(2)) if found else (part, "")
            try:
                language = self.languages(name)
            except ValueError as error:
                errors.append(str(error))
                continue
            if level_text:
                try:
                    level = self.levels(level_text)
                except ValueError as error:
                    errors.append(str(error))
                    continue
            elif language.pk in stored:
                level = stored[language.pk]
            else:
                errors.append(
                    _("Please give the level of %(language)s, e.g. “%(language)s (gut)”.")
                    % {"language": name}
                )
                continue
            wanted[language.pk] = (language, level)
        for message in errors:
            self.error(row, "languages", message)
        if errors:
            return
        row.extra["languages"] = {pk: level for pk, (_language, level) in wanted.items()}
        if row.target is not None and row.extra["languages"] != stored:
            old = {skill.language_id: skill for skill in row.target.language_skills.all()}
            row.changes.append(
                Change(
                    "languages",
                    self.labels["languages"],
                    importing._names(old.values()),
                    importing._names(
                        VolunteerLanguage(language=language, level=level)
                        for language, level in wanted.values()
                    ),
                )
            )


def _skills(volunteer: Volunteer) -> dict[int, str]:
    return {skill.language_id: skill.level for skill in volunteer.language_skills.all()}


def _set_skills(volunteer: Volunteer, wanted: dict, reason: str) -> None:
    """Make the volunteer's language skills exactly `wanted` (language pk -> level)."""
    wanted = {int(pk): level for pk, level in wanted.items()}
    for skill in volunteer.language_skills.all():
        skill._change_reason = reason
        if skill.language_id not in wanted:
            skill.delete()
        elif skill.level != wanted[skill.language_id]:
            skill.level = wanted[skill.language_id]
            skill.save()
    existing = set(volunteer.language_skills.values_list("language_id", flat=True))
    for pk, level in wanted.items():
        if pk not in existing:
            skill = VolunteerLanguage(volunteer=volunteer, language_id=pk, level=level)
            skill._change_reason = reason
            skill.save()


def _execute_row(row: RowPlan, reason: str) -> list[dict]:
    languages = row.extra.get("languages")
    previous_skills = _skills(row.target) if row.target is not None else None
    records = importing.execute_model_row(row, reason)
    if languages is not None and (
        row.target is None or any(change.field == "languages" for change in row.changes)
    ):
        _set_skills(row.instance, languages, reason)
        if row.target is not None:
            records[0]["previous"]["languages"] = {str(k): v for k, v in previous_skills.items()}
    return records


def _restore(volunteer: Volunteer, previous: dict, reason: str) -> None:
    previous = dict(previous)
    languages = previous.pop("languages", None)
    if languages is not None:
        _set_skills(volunteer, languages, reason)
    importing.restore_fields(volunteer, previous, reason)


def register() -> None:
    importing.register(
        ImportKindSpec(
            kind=KIND,
            label=gettext_lazy("volunteers"),
            area="volunteers",
            permission="volunteers.import_volunteer",
            targets=VOLUNTEER_TARGETS,
            planner=_VolunteerPlanner,
            execute_row=_execute_row,
            locks=(Volunteer, VolunteerLanguage),
            undo_models=(Volunteer,),
            required=(("last_name", "full_name", "email", "id"),),
            restore=_restore,
            hint=gettext_lazy(
                "Rows with an ID update that volunteer; the others are matched by e-mail "
                "address, else by first and last name."
            ),
        )
    )
    importing.register_area(
        ImportArea(
            name="volunteers",
            upload_url="volunteers:volunteer_import",
            list_url="volunteers:volunteer_list",
            list_label=gettext_lazy("Volunteers"),
            export_url="volunteers:volunteer_export",
            title=gettext_lazy("Import volunteers"),
        )
    )
