"""E-mail texts of the office: one greeting in formal German for everyone written to."""

from django.utils.translation import gettext as _


def greeting(person) -> str:
    """ "Guten Tag Frau Yilmaz," where a salutation is known, else "Guten Tag Ayşe Yilmaz,".

    `person` has first_name and last_name and may have a salutation ("Frau", "Herr", or a
    choice value "frau"/"herr"/"ms"/"mr"); anything else counts as unknown.
    """
    salutation = str(getattr(person, "salutation", "") or "").strip().lower()
    last_name = (person.last_name or "").strip()
    full_name = " ".join(part for part in (person.first_name, person.last_name) if part).strip()
    if salutation in ("frau", "ms", "mrs") and last_name:
        return _("Good day Ms %(name)s,") % {"name": last_name}
    if salutation in ("herr", "mr") and last_name:
        return _("Good day Mr %(name)s,") % {"name": last_name}
    if full_name:
        return _("Good day %(name)s,") % {"name": full_name}
    return _("Good day,")
