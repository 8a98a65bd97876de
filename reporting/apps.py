from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reports")

    def ready(self):
        from kmut import dashboard
        from reporting.dashboard import attention, main_actions
        from reporting.models import ActionPlan, AnnualReport, FundingStatement

        dashboard.register(attention)
        dashboard.register_action(main_actions)
        for model in (ActionPlan, AnnualReport):
            dashboard.register_recent_changes(model)
        dashboard.register_recent_changes(FundingStatement, related=["cost_centre"])
