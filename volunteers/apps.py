from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteering")

    def ready(self):
        from kmut import dashboard, jobs
        from volunteers import (
            checks,  # noqa: F401  (registers the system check)
            importing,
        )
        from volunteers.dashboard import attention, main_actions
        from volunteers.jobs import CERTIFICATE_JOB, PAYMENT_RUN_JOB
        from volunteers.models import Assignment, ExpenseClaim, PaymentRun, Volunteer

        dashboard.register(attention)
        dashboard.register_action(main_actions)
        for model in (Volunteer, Assignment, PaymentRun):
            dashboard.register_recent_changes(model)
        dashboard.register_recent_changes(ExpenseClaim, related=["volunteer"])
        jobs.register(CERTIFICATE_JOB)
        jobs.register(PAYMENT_RUN_JOB)
        importing.register()
