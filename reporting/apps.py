from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reports")

    def ready(self):
        from kmut import dashboard
        from reporting.dashboard import attention

        dashboard.register(attention)
