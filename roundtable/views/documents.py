"""Meeting documents as PDF: the minutes and the attendance sheet."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View

from kmut.responses import PDF, file_response, pdf_response
from roundtable import services
from roundtable.models import (
    Meeting,
)


class MinutesPdfView(PermissionRequiredMixin, View):
    """The minutes as PDF; ?variant=public leaves out the non-public items."""

    permission_required = "roundtable.view_meeting"

    def get(self, request, pk):
        meeting = get_object_or_404(Meeting.objects.select_related("body", "minute_taker"), pk=pk)
        public = request.GET.get("variant") == "public"
        pdf = services.minutes_pdf(meeting, public=public)
        return file_response(pdf, services.minutes_filename(meeting, public=public), PDF)


class AttendanceSheetPdfView(PermissionRequiredMixin, View):
    permission_required = "roundtable.view_meeting"

    def get(self, request, pk):
        meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
        memberships = []
        if meeting.body_id:
            day = timezone.localdate(meeting.starts_at)
            memberships = meeting.body.memberships.current(day).select_related(
                "organisation", "delegate"
            )
        return pdf_response(
            "roundtable/pdf/attendance_sheet.html",
            {"meeting": meeting, "memberships": memberships, "blank_rows": range(8)},
            f"anwesenheitsliste-{timezone.localdate(meeting.starts_at).isoformat()}.pdf",
        )
