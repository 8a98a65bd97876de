"""The office's e-mails: one greeting for every text, and the office as the sender.

Every e-mail template begins with ``{{ recipient|greeting }}`` (template filter in
``kmut.templatetags.kmut_mail``), so that all texts greet the same way in formal German:
"Guten Tag Frau Müller," / "Guten Tag Herr Dr. Yılmaz," when the salutation is known, else
"Guten Tag Anna Müller," and "Guten Tag," when there is no name at all.
"""

from email.utils import formataddr

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from kmut import roles

FEMALE = {"frau", "ms", "ms.", "mrs", "mrs.", "female"}
MALE = {"herr", "mr", "mr.", "male"}


def _split_salutation(text: str) -> tuple[str, list[str]]:
    """'Frau Dr.' -> ('female', ['Dr.']); 'Dr.' -> ('', ['Dr.'])."""
    words = (text or "").split()
    if words and words[0].lower() in FEMALE:
        return "female", words[1:]
    if words and words[0].lower() in MALE:
        return "male", words[1:]
    return "", words


def greeting(person, salutation: str | None = None) -> str:
    """The opening line of an e-mail to ``person``.

    ``person`` is an object with ``first_name`` and ``last_name`` (a contact person, a
    volunteer, a user) and optionally ``salutation`` or ``title`` ("Frau", "Herr Dr."), or a
    plain name ("Anna Müller", "Frau Müller"), or None. ``salutation`` overrides what the
    object says.
    """
    if person is None or person == "":
        return _("Good day,")
    if isinstance(person, str):
        words = person.split()
        gender, _rest = _split_salutation(" ".join(words[:1]))
        if gender:
            words = words[1:]
        titles = [word for word in words[:-1] if word.endswith(".")]
        first = " ".join(word for word in words[:-1] if not word.endswith("."))
        last = " ".join(words[-1:])
    else:
        first = (getattr(person, "first_name", "") or "").strip()
        last = (getattr(person, "last_name", "") or "").strip()
        own = getattr(person, "salutation", "") or getattr(person, "title", "") or ""
        gender, titles = _split_salutation(own if isinstance(own, str) else "")
    if salutation is not None:
        gender, titles = _split_salutation(salutation)
    if gender and last:
        name = " ".join([*titles, last])
        if gender == "female":
            return _("Good day Ms %(name)s,") % {"name": name}
        return _("Good day Mr %(name)s,") % {"name": name}
    name = " ".join(part for part in [*titles, first, last] if part)
    if not name:
        return _("Good day,")
    return _("Good day %(name)s,") % {"name": name}


def office_sender() -> str:
    """``"Koordinierungsstelle … <address>"``: the office's name as the sender's display name."""
    return formataddr((settings.KMUT_OFFICE_NAME, settings.KMUT_OFFICE_EMAIL))


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
