from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "actors"
    verbose_name = _("Registry")

    def ready(self):
        from actors.dashboard import attention
        from actors.jobs import UPDATE_REQUEST_JOB
        from actors.models import ContactPerson, Offer, Organisation
        from kmut import dashboard, jobs

        dashboard.register(attention)
        for model in (Organisation, ContactPerson, Offer):
            dashboard.register_recent_changes(model)
        jobs.register(UPDATE_REQUEST_JOB)
