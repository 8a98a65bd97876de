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
def payer_account_is_configured(app_configs, **kwargs):
    """Payment runs need the district's own account; the demo IBAN exists only with DEBUG."""
    from django.utils import translation

    from volunteers.payments import payer_problem

    if settings.DEBUG:
        return []
    with translation.override("en"):
        problem = payer_problem()
    if not problem:
        return []
    return [
        Error(
            problem,
            hint="Set KMUT_PAYER_IBAN (and KMUT_PAYER_NAME, KMUT_PAYER_BIC) in the environment.",
            id="kmut.E001",
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
