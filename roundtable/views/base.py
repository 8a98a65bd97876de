"""Helpers and mixins shared by the round-table views."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect

from roundtable import services
from roundtable.models import (
    Body,
    Meeting,
)


def _fail(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _refuse_if_frozen(request, meeting):
    """A redirect with the reason when the meeting's minutes may no longer change, else None."""
    try:
        services.ensure_minutes_editable(meeting)
    except ValidationError as error:
        _fail(request, error)
        return redirect(meeting)
    return None


class BodyChildMixin(PermissionRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        self.body = get_object_or_404(Body, pk=kwargs["body_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "body": self.body}


class MeetingChildMixin(PermissionRequiredMixin):
    """Views that change a meeting's minutes: refused once the minutes are approved."""

    guards_minutes = True

    def dispatch(self, request, *args, **kwargs):
        self.meeting = get_object_or_404(
            Meeting.objects.select_related("body"), pk=kwargs["meeting_pk"]
        )
        if (
            self.has_permission()
            and self.guards_minutes
            and (refused := _refuse_if_frozen(request, self.meeting))
        ):
            return refused
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "meeting": self.meeting}

    def get_success_url(self):
        return self.meeting.get_absolute_url()
