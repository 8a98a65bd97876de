from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteering")

    def ready(self):
        from kmut import dashboard, jobs
        from volunteers import importing
        from volunteers.dashboard import attention
        from volunteers.jobs import CERTIFICATE_JOB, PAYMENT_RUN_JOB

        dashboard.register(attention)
        jobs.register(CERTIFICATE_JOB)
        jobs.register(PAYMENT_RUN_JOB)
        importing.register()
