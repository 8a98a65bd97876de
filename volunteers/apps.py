from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteering")

    def ready(self):
        from kmut import dashboard
        from volunteers.dashboard import attention

        dashboard.register(attention)
