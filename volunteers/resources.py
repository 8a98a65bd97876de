"""Columns of the volunteers' CSV/XLSX export (django-import-export), like the registry's.

The column headers are part of the file format and stay German whatever the UI language.
"""

from import_export import fields, resources, widgets

from actors.models import Organisation
from actors.resources import DATE_FORMAT, LIST_SEPARATOR, ChoiceLabelWidget, NameListWidget
from kmut.models import Municipality
from volunteers.models import Programme, Volunteer


def _date(attribute: str, column_name: str) -> fields.Field:
    return fields.Field(
        attribute=attribute, column_name=column_name, widget=widgets.DateWidget(format=DATE_FORMAT)
    )


class VolunteerResource(resources.ModelResource):
    id = fields.Field(attribute="id", column_name="ID")
    first_name = fields.Field(attribute="first_name", column_name="Vorname")
    last_name = fields.Field(attribute="last_name", column_name="Nachname")
    email = fields.Field(attribute="email", column_name="E-Mail")
    phone = fields.Field(attribute="phone", column_name="Telefon")
    street = fields.Field(attribute="street", column_name="Straße")
    postal_code = fields.Field(attribute="postal_code", column_name="PLZ")
    city = fields.Field(attribute="city", column_name="Ort")
    municipalities = fields.Field(
        attribute="municipalities",
        column_name="Gemeinden",
        widget=NameListWidget(Municipality, separator=LIST_SEPARATOR, field="name"),
    )
    programmes = fields.Field(
        attribute="programmes",
        column_name="Programme",
        widget=NameListWidget(Programme, separator=LIST_SEPARATOR, field="name"),
    )
    languages = fields.Field(column_name="Sprachen")
    organisation = fields.Field(
        attribute="organisation",
        column_name="Organisation",
        widget=widgets.ForeignKeyWidget(Organisation, field="name"),
    )
    available_days = fields.Field(column_name="Verfügbar an")
    availability = fields.Field(attribute="availability", column_name="Verfügbarkeit")
    status = fields.Field(
        attribute="status", column_name="Status", widget=ChoiceLabelWidget(Volunteer.Status.choices)
    )
    certificate_inspected_on = _date("certificate_inspected_on", "Führungszeugnis eingesehen am")
    certificate_inspected_by = fields.Field(
        attribute="certificate_inspected_by", column_name="Führungszeugnis eingesehen von"
    )
    certificate_renewal_due_on = _date("certificate_renewal_due_on", "Führungszeugnis erneuern bis")
    confidentiality_signed_on = _date(
        "confidentiality_signed_on", "Verschwiegenheitserklärung unterschrieben am"
    )
    data_protection_instructed_on = _date(
        "data_protection_instructed_on", "Datenschutzbelehrung am"
    )
    notes = fields.Field(attribute="notes", column_name="Interne Notizen")

    class Meta:
        model = Volunteer
        fields = (
            "id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "street",
            "postal_code",
            "city",
            "municipalities",
            "programmes",
            "languages",
            "organisation",
            "available_days",
            "availability",
            "status",
            "certificate_inspected_on",
            "certificate_inspected_by",
            "certificate_renewal_due_on",
            "confidentiality_signed_on",
            "data_protection_instructed_on",
            "notes",
        )

    def dehydrate_id(self, volunteer):
        return volunteer.pk

    def dehydrate_languages(self, volunteer):
        """Language codes with the level, e.g. "ar (Muttersprache)|de (gut)"."""
        return LIST_SEPARATOR.join(
            f"{skill.language.code} ({skill.get_level_display()})"
            for skill in volunteer.language_skills.all()
        )

    def dehydrate_available_days(self, volunteer):
        return volunteer.get_available_days_display()
