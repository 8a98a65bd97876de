from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundtableConfig(AppConfig):
    name = "roundtable"
    verbose_name = _("Bodies & meetings")

    def ready(self):
        from kmut import dashboard
        from roundtable.dashboard import attention

        dashboard.register(attention)
