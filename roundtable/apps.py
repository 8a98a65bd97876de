from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundtableConfig(AppConfig):
    name = "roundtable"
    verbose_name = _("Bodies & meetings")

    def ready(self):
        from kmut import dashboard, jobs
        from roundtable.dashboard import attention
        from roundtable.jobs import ACTION_ITEM_JOB
        from roundtable.models import ActionItem, Body, Event, Meeting

        dashboard.register(attention)
        for model in (Body, ActionItem, Event):
            dashboard.register_recent_changes(model)
        dashboard.register_recent_changes(Meeting, related=["body"])
        jobs.register(ACTION_ITEM_JOB)
