"""Changes an organisation proposes through an update link: stored as JSON, compared, applied.

A proposal is {"organisation": {field: value}, "contacts": [entry], "offers": [entry]}, where an
entry is {"id": pk or None, "delete": bool, "fields": {field: value}}. Values are JSON-ready:
dates as ISO strings, foreign keys as primary keys, many-to-many fields as lists of keys.
"""

import datetime

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actors.forms import PublicContactForm, PublicOfferForm, PublicOrganisationForm
from actors.models import ContactPerson, Offer, Organisation

ORGANISATION_FIELDS = PublicOrganisationForm._meta.fields
CONTACT_FIELDS = [*PublicContactForm._meta.fields, "publication"]
OFFER_FIELDS = PublicOfferForm._meta.fields


def _to_json(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple):
        return sorted(item.pk if isinstance(item, models.Model) else item for item in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def build_proposal(org_form, contact_formset, offer_formset) -> dict:
    """JSON-ready proposal from the validated forms of the reply page."""

    def entries(formset, field_names, extra=None):
        result = []
        for form in formset.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            instance = form.cleaned_data.get("id")
            values = {name: _to_json(form.cleaned_data.get(name)) for name in form._meta.fields}
            if extra:
                values.update(extra(form))
            result.append(
                {
                    "id": instance.pk if instance else None,
                    "delete": bool(form.cleaned_data.get("DELETE")),
                    "fields": values,
                }
            )
        return result

    def contact_publication(form):
        return {"publication": "public" if form.cleaned_data.get("may_publish") else "network"}

    return {
        "organisation": {
            name: _to_json(org_form.cleaned_data[name]) for name in ORGANISATION_FIELDS
        },
        "contacts": entries(contact_formset, CONTACT_FIELDS, contact_publication),
        "offers": entries(offer_formset, OFFER_FIELDS),
    }


def current_values(obj, field_names) -> dict:
    values = {}
    for name in field_names:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
        elif field.is_relation:
            values[name] = getattr(obj, field.attname)
        else:
            values[name] = _to_json(getattr(obj, name))
    return values


def _display(model, name, value) -> str:
    field = model._meta.get_field(name)
    if value in (None, "", []):
        return ""
    if field.many_to_many:
        names = field.related_model._default_manager.in_bulk(value)
        return ", ".join(sorted(str(names[pk]) for pk in value if pk in names))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateField):
        return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    return str(value)


def _rows(model, current: dict, proposed: dict, field_names) -> list[dict]:
    rows = []
    for name in field_names:
        before, after = current.get(name), proposed.get(name)
        rows.append(
            {
                "label": model._meta.get_field(name).verbose_name,
                "current": _display(model, name, before),
                "proposed": _display(model, name, after),
                "changed": (before or None) != (after or None),
            }
        )
    return rows


def compare(organisation: Organisation, proposal: dict) -> dict:
    """Side-by-side view of the current entry and the proposal, for the review page."""
    sections = {
        "organisation": _rows(
            Organisation,
            current_values(organisation, ORGANISATION_FIELDS),
            proposal["organisation"],
            ORGANISATION_FIELDS,
        )
    }
    for key, model, field_names, related in (
        ("contacts", ContactPerson, CONTACT_FIELDS, organisation.contacts),
        ("offers", Offer, OFFER_FIELDS, organisation.offers),
    ):
        existing = related.in_bulk([entry["id"] for entry in proposal[key] if entry["id"]])
        items = []
        for entry in proposal[key]:
            instance = existing.get(entry["id"]) if entry["id"] else None
            current = current_values(instance, field_names) if instance else {}
            rows = _rows(model, current, entry["fields"], field_names)
            if entry["delete"]:
                action = "delete"
            elif instance is None:
                action = "new"
            else:
                action = "change" if any(row["changed"] for row in rows) else "same"
            items.append({"action": action, "label": str(instance or ""), "rows": rows})
        sections[key] = items
    return sections


def _assign(instance, field_names, values):
    m2m = {}
    for name in field_names:
        field = instance._meta.get_field(name)
        value = values.get(name)
        if field.many_to_many:
            m2m[name] = value or []
        elif field.is_relation:
            setattr(instance, field.attname, value)
        elif isinstance(field, models.DateField) and value:
            setattr(instance, name, datetime.date.fromisoformat(value))
        elif value is None and not field.null:
            setattr(instance, name, False if isinstance(field, models.BooleanField) else "")
        else:
            setattr(instance, name, value)
    return m2m


def apply(organisation: Organisation, proposal: dict, *, reason: str) -> None:
    """Write a proposal to the entry; every object saved records `reason` in its history.

    Only contacts and offers of this organisation can be changed: entries naming another
    organisation's objects are ignored.
    """
    m2m = _assign(organisation, ORGANISATION_FIELDS, proposal["organisation"])
    organisation._change_reason = reason
    organisation.full_clean()
    organisation.save()
    for name, keys in m2m.items():
        getattr(organisation, name).set(keys)

    for key, model, field_names, related in (
        ("contacts", ContactPerson, CONTACT_FIELDS, organisation.contacts),
        ("offers", Offer, OFFER_FIELDS, organisation.offers),
    ):
        existing = related.in_bulk([entry["id"] for entry in proposal[key] if entry["id"]])
        for entry in proposal[key]:
            if entry["id"] and entry["id"] not in existing:
                continue
            instance = existing.get(entry["id"]) or model(organisation=organisation)
            if entry["delete"]:
                if instance.pk:
                    instance.is_active = False
                    instance._change_reason = reason
                    instance.save()
                continue
            if instance.pk is None and key == "contacts":
                instance.legal_basis = ContactPerson.LegalBasis.PUBLISHED
            related_m2m = _assign(instance, field_names, entry["fields"])
            instance._change_reason = reason
            instance.full_clean()
            instance.save()
            for name, keys in related_m2m.items():
                getattr(instance, name).set(keys)
