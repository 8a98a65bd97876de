"""Column mappings of the registry's CSV/XLSX export and import (django-import-export).

The column headers are part of the file format and stay German whatever the UI language, so a
file exported by one person can be imported by another.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from actors.models import Offer, Organisation, Publication
from kmut.models import FieldOfAction, Language, Municipality

LIST_SEPARATOR = "|"
DATE_FORMAT = "%d.%m.%Y"


class ChoiceLabelWidget(widgets.Widget):
    """Exports the German label of a choice; imports label or stored value."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return ""
        for stored, label in self.choices:
            if value.casefold() in (str(stored).casefold(), str(label).casefold()):
                return stored
        raise ValueError(_("“%(value)s” is not one of the allowed values.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class NameListWidget(widgets.ManyToManyWidget):
    """Related objects by name (or code), separated by '|'; unknown names are an error."""

    def clean(self, value, row=None, **kwargs):
        names = [part.strip() for part in (value or "").split(self.separator) if part.strip()]
        found = {
            getattr(obj, self.field).casefold(): obj
            for obj in self.model.objects.filter(**{f"{self.field}__in": names})
        }
        missing = [name for name in names if name.casefold() not in found]
        if missing:
            raise ValueError(_("Unknown entries: %(names)s") % {"names": ", ".join(missing)})
        return [found[name.casefold()] for name in names]

    def render(self, value, obj=None, **kwargs):
        if value is None:  # an unsaved instance has no related objects yet
            return ""
        return self.separator.join(getattr(related, self.field) for related in value.all())


class OrganisationResource(resources.ModelResource):
    id = fields.Field(attribute="id", column_name="ID", widget=widgets.IntegerWidget())
    name = fields.Field(attribute="name", column_name="Name")
    short_name = fields.Field(attribute="short_name", column_name="Kurzname")
    kind = fields.Field(
        attribute="kind", column_name="Art", widget=ChoiceLabelWidget(Organisation.Kind.choices)
    )
    parent = fields.Field(
        attribute="parent",
        column_name="Übergeordnete Organisation",
        widget=widgets.ForeignKeyWidget(Organisation, field="name"),
    )
    street = fields.Field(attribute="street", column_name="Straße")
    postal_code = fields.Field(attribute="postal_code", column_name="PLZ")
    city = fields.Field(attribute="city", column_name="Ort")
    phone = fields.Field(attribute="phone", column_name="Telefon")
    email = fields.Field(attribute="email", column_name="E-Mail")
    website = fields.Field(attribute="website", column_name="Website")
    municipalities = fields.Field(
        attribute="municipalities",
        column_name="Gemeinden",
        widget=NameListWidget(Municipality, separator=LIST_SEPARATOR, field="name"),
    )
    fields_of_action = fields.Field(
        attribute="fields_of_action",
        column_name="Handlungsfelder",
        widget=NameListWidget(FieldOfAction, separator=LIST_SEPARATOR, field="name"),
    )
    languages = fields.Field(
        attribute="languages",
        column_name="Sprachen",
        widget=NameListWidget(Language, separator=LIST_SEPARATOR, field="code"),
    )
    publication = fields.Field(
        attribute="publication",
        column_name="Veröffentlichung",
        widget=ChoiceLabelWidget(Publication.choices),
    )
    status = fields.Field(
        attribute="status",
        column_name="Status",
        widget=ChoiceLabelWidget(Organisation.Status.choices),
    )
    last_confirmed_on = fields.Field(
        attribute="last_confirmed_on",
        column_name="Zuletzt bestätigt am",
        widget=widgets.DateWidget(format=DATE_FORMAT),
    )
    notes = fields.Field(attribute="notes", column_name="Interne Notizen")

    class Meta:
        model = Organisation
        fields = (
            "id",
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
            "municipalities",
            "fields_of_action",
            "languages",
            "publication",
            "status",
            "last_confirmed_on",
            "notes",
        )
        import_id_fields = ("id",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_instance(self, instance_loader, row):
        """Match by ID when the row has one, else by exact name (case-insensitive)."""
        raw_id = str(row.get("ID") or "").strip()
        if raw_id:
            try:
                return Organisation.objects.get(pk=int(raw_id))
            except (ValueError, Organisation.DoesNotExist) as error:
                # Keyed by field, so the preview can name the column (a plain message has none).
                raise ValidationError(
                    {"id": _("There is no organisation with ID %(id)s.") % {"id": raw_id}}
                ) from error
        name = str(row.get("Name") or "").strip()
        return Organisation.objects.filter(name__iexact=name).first() if name else None

    def import_instance(self, instance, row, **kwargs):
        """Check the list columns too, so the preview reports every error of a row at once.

        django-import-export only reads many-to-many columns when it saves, after validation.
        """
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.widget.clean(row[field.column_name], row=row)
                except ValueError as error:
                    errors.setdefault(field.attribute, []).append(str(error))
        if errors:
            raise ValidationError(errors)

    def before_import(self, dataset, **kwargs):
        # A file without an ID column (e.g. a first list from a partner) adds new entries or
        # updates the ones with the same name.
        if "ID" not in dataset.headers:
            dataset.insert_col(0, col=[""] * len(dataset), header="ID")

    def before_import_row(self, row, **kwargs):
        for key in ("Art", "Veröffentlichung", "Status"):
            row.setdefault(key, "")
        if not row.get("Veröffentlichung"):
            row["Veröffentlichung"] = Publication.INTERNAL
        if not row.get("Status"):
            row["Status"] = Organisation.Status.ACTIVE

    def dehydrate_id(self, organisation):
        return organisation.pk


class OfferResource(resources.ModelResource):
    id = fields.Field(attribute="id", column_name="ID")
    title = fields.Field(attribute="title", column_name="Titel")
    kind = fields.Field(
        attribute="kind", column_name="Art", widget=ChoiceLabelWidget(Offer.Kind.choices)
    )
    organisation = fields.Field(
        attribute="organisation",
        column_name="Organisation",
        widget=widgets.ForeignKeyWidget(Organisation, field="name"),
    )
    level = fields.Field(attribute="level", column_name="Niveau")
    target_group = fields.Field(
        attribute="target_group",
        column_name="Zielgruppe",
        widget=ChoiceLabelWidget(Offer.TargetGroup.choices),
    )
    municipality = fields.Field(
        attribute="municipality",
        column_name="Gemeinde",
        widget=widgets.ForeignKeyWidget(Municipality, field="name"),
    )
    venue = fields.Field(attribute="venue", column_name="Ort")
    schedule = fields.Field(attribute="schedule", column_name="Zeiten")
    starts_on = fields.Field(
        attribute="starts_on", column_name="Beginn", widget=widgets.DateWidget(format=DATE_FORMAT)
    )
    ends_on = fields.Field(
        attribute="ends_on", column_name="Ende", widget=widgets.DateWidget(format=DATE_FORMAT)
    )
    cost = fields.Field(attribute="cost", column_name="Kosten")
    has_childcare = fields.Field(
        attribute="has_childcare", column_name="Kinderbetreuung", widget=widgets.BooleanWidget()
    )
    languages = fields.Field(
        attribute="languages",
        column_name="Sprachen",
        widget=NameListWidget(Language, separator=LIST_SEPARATOR, field="code"),
    )

    class Meta:
        model = Offer
        fields = (
            "id",
            "title",
            "kind",
            "organisation",
            "level",
            "target_group",
            "municipality",
            "venue",
            "schedule",
            "starts_on",
            "ends_on",
            "cost",
            "has_childcare",
            "languages",
        )
