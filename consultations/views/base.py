"""What the case pages share: the consultations query, the visible history, the access log."""

from django.db.models import Prefetch

from consultations import services
from consultations.models import AccessLog, Consultation, Referral
from kmut import audit

__all__ = ["Action", "LogsCaseAccess"]


Action = AccessLog.Action


def _consultations():
    return Consultation.objects.select_related(
        "client", "counsellor", "language", "interpreter_assignment"
    ).prefetch_related(
        "topics", Prefetch("referrals", queryset=Referral.objects.select_related("organisation"))
    )


def _visible_history(consultation, user):
    """The consultation's history without note changes for users who may not read the note."""
    entries = audit.history_of(consultation)
    if consultation.note_visible_to(user):
        return entries
    note_label = str(Consultation._meta.get_field("note").verbose_name)
    for entry in entries:
        entry.changes = [change for change in entry.changes if change.label != note_label]
    return entries


class LogsCaseAccess:
    """Writes the access-log rows of a page that shows case data, once per rendered page.

    The hook is `render_to_response`: it runs for a GET and for an invalid form shown again,
    never for a POST that saves and redirects. A view sets `access_action` and returns from
    `accessed(context)` what the page shows, as keyword arguments of `services.record_access`
    (or None when it shows nobody, e.g. the code lookup without a match). File exports log in
    their service (`services.export_client`), so that no export goes unrecorded.
    """

    access_action = Action.VIEW

    def accessed(self, context) -> dict | None:
        raise NotImplementedError

    def render_to_response(self, context, **response_kwargs):
        if not getattr(self, "_access_recorded", False):
            self._access_recorded = True
            subjects = self.accessed(context)
            if subjects is not None:
                services.record_access(by=self.request.user, action=self.access_action, **subjects)
        return super().render_to_response(context, **response_kwargs)
