from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Counselling")

    def ready(self):
        from consultations import services, statistics_cache
        from consultations.dashboard import attention, main_actions
        from consultations.jobs import RETENTION_JOB
        from kmut import backups, dashboard, jobs

        dashboard.register(attention)
        dashboard.register_action(main_actions)
        jobs.register(RETENTION_JOB)
        statistics_cache.connect()
        backups.rebuild_after_restore(services.refresh_last_contact)
