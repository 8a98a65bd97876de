"""System check of volunteering's settings (shown by `manage.py check --deploy`; registered in
VolunteersConfig.ready). Its id stays kmut.E001: it checks the KMUT_PAYER_* settings."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils import translation

from volunteers.payments import payer_problem


@register(Tags.security, deploy=True)
def payer_account_is_configured(app_configs, **kwargs):
    """Payment runs need the district's own account; the demo IBAN exists only with DEBUG."""
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
