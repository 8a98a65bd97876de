from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KmutConfig(AppConfig):
    name = "kmut"
    verbose_name = _("Office")

    def ready(self):
        from kmut import (
            checks,  # noqa: F401  (registers the system checks)
            dashboard,
        )

        dashboard.register(dashboard.reference_data)
