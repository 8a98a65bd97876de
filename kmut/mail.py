"""The office's e-mails: one greeting and one sender for every message kmut sends."""

from email.utils import formataddr

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from kmut import roles

_SALUTATIONS = ("Frau", "Herr")


def greeting(person) -> str:
    """ "Guten Tag Frau Weber," where a salutation is known, else "Guten Tag Anna Weber,".

    `person` is anything with `last_name` (and optionally `first_name` and a `title` such as
    "Frau Dr."), or a plain name; without any name the greeting is "Guten Tag,".
    """
    if isinstance(person, str):
        name = person.strip()
        return _("Good day %(name)s,") % {"name": name} if name else _("Good day,")
    title = (getattr(person, "title", "") or "").strip()
    last_name = (getattr(person, "last_name", "") or "").strip()
    if last_name and title.split(" ", 1)[0] in _SALUTATIONS:
        return _("Good day %(name)s,") % {"name": f"{title} {last_name}"}
    full_name = " ".join(
        part for part in ((getattr(person, "first_name", "") or "").strip(), last_name) if part
    )
    return _("Good day %(name)s,") % {"name": full_name} if full_name else _("Good day,")


def office_sender() -> str:
    """The From header: the office's name as display name, DEFAULT_FROM_EMAIL as address."""
    return formataddr((settings.KMUT_OFFICE_NAME, settings.DEFAULT_FROM_EMAIL))


def office_recipients() -> list[str]:
    """Where mails to the office go: KMUT_OFFICE_EMAIL (the shared mailbox), if set."""
    return [settings.KMUT_OFFICE_EMAIL] if settings.KMUT_OFFICE_EMAIL else []


def staff_recipients(*role_names: str) -> list[str]:
    """The office mailbox and the active accounts of these roles (default: the staff roles)."""
    addresses = list(
        User.objects.filter(is_active=True, groups__name__in=role_names or roles.STAFF_ROLES)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(set(office_recipients() + addresses))
