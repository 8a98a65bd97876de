"""System checks of kmut's own security settings (shown by `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_is_required(app_configs, **kwargs):
    if settings.KMUT_REQUIRE_2FA:
        return []
    return [
        Warning(
            "KMUT_REQUIRE_2FA is off: staff reach office data with a password only.",
            hint="Remove KMUT_REQUIRE_2FA=false from the environment of a production instance.",
            id="kmut.W001",
        )
    ]


@register(Tags.security, deploy=True)
def content_security_policy_is_strict(app_configs, **kwargs):
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    loose = [
        name
        for name in ("script-src", "style-src")
        if any("unsafe" in source for source in directives.get(name, []))
    ]
    if not loose:
        return []
    return [
        Warning(
            f"The Content-Security-Policy allows unsafe sources in {', '.join(loose)}.",
            id="kmut.W002",
        )
    ]


@register(Tags.security, deploy=True)
def backup_key_is_configured(app_configs, **kwargs):
    """`manage.py backup` writes encrypted archives only (docs/decisions/0010)."""
    from django.utils import translation

    from kmut.backups import BackupError, backup_recipients

    with translation.override("en"):
        try:
            backup_recipients()
        except BackupError as error:
            return [Warning(str(error), id="kmut.W003")]
    return []


@register(Tags.security, deploy=True)
def base_url_is_configured(app_configs, **kwargs):
    """Background jobs have no request: their e-mails link to KMUT_BASE_URL (decision 0014)."""
    from urllib.parse import urlsplit

    from django.http.request import validate_host

    url = settings.KMUT_BASE_URL
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [
            Error(
                f"KMUT_BASE_URL is {url!r}: links in the e-mails of background jobs "
                "(reminders, update requests) would not work.",
                hint="Set KMUT_BASE_URL to the instance's address, e.g. https://kmut.landkreis.example",
                id="kmut.E002",
            )
        ]
    problems = []
    if parts.scheme != "https":
        problems.append(
            Warning(
                f"KMUT_BASE_URL {url!r} is not https: links in e-mails would go unencrypted.",
                id="kmut.W004",
            )
        )
    if not validate_host(parts.hostname, settings.ALLOWED_HOSTS):
        problems.append(
            Warning(
                f"The host of KMUT_BASE_URL ({parts.hostname}) is not in DJANGO_ALLOWED_HOSTS: "
                "links in e-mails would be refused.",
                id="kmut.W004",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def office_address_is_configured(app_configs, **kwargs):
    """The office is the sender of every e-mail and the ORGANIZER of meeting invitations."""
    problems = []
    if settings.KMUT_OFFICE_EMAIL.rpartition("@")[2] in ("localhost", ""):
        problems.append(
            Warning(
                f"KMUT_OFFICE_EMAIL is {settings.KMUT_OFFICE_EMAIL!r}: replies to e-mails and "
                "answers to meeting invitations would not reach the office.",
                hint="Set KMUT_OFFICE_EMAIL to the office's shared mailbox.",
                id="kmut.W005",
            )
        )
    if settings.KMUT_CALENDAR_DOMAIN in ("localhost", ""):
        problems.append(
            Warning(
                "KMUT_CALENDAR_DOMAIN is 'localhost': meeting invitations of two installations "
                "could share UIDs and overwrite each other in calendars.",
                hint="Set DJANGO_ALLOWED_HOSTS or KMUT_CALENDAR_DOMAIN to the instance's domain.",
                id="kmut.W005",
            )
        )
    return problems
