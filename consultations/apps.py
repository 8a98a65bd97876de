from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Counselling")

    def ready(self):
        from consultations.dashboard import attention
        from kmut import dashboard

        dashboard.register(attention)
