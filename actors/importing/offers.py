"""The offer import: matched by ID, else by organisation and title."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors.importing.base import Target
from actors.importing.fields import FieldPlanner, by_name, choice, name_list, parse_bool, parse_date
from actors.importing.plan import RowPlan
from actors.models import ImportKind, Offer, Organisation, Publication
from kmut.models import FieldOfAction, Language, Municipality
from kmut.search import fold

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
