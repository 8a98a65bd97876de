"""The committee's area: the released reports and their logged downloads."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import ListView

from kmut.responses import PDF, file_response
from reporting import releases
from reporting.models import AnnualReport

Status = AnnualReport.Status

__all__ = ["ReleasedDocumentListView", "ReleasedDownloadView"]


class ReleasedDocumentListView(PermissionRequiredMixin, ListView):
    """The committee's area: released reports (and superseded versions) to download."""

    permission_required = "kmut.view_released_documents"
    template_name = "reporting/released_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            AnnualReport.objects.filter(status__in=[Status.RELEASED, Status.SUPERSEDED])
            .defer("pdf", "figures")
            .select_related("correction")
        )


class ReleasedDownloadView(PermissionRequiredMixin, View):
    """Exactly the PDF stored at release; every download is logged."""

    permission_required = "kmut.view_released_documents"

    def get(self, request, pk):
        report = get_object_or_404(AnnualReport, pk=pk)
        if not report.is_frozen:
            raise Http404
        releases.record_download(report=report, by=request.user)
        response = file_response(
            bytes(report.pdf), f"jahresbericht-{report.year}-v{report.version}.pdf", PDF
        )
        response["X-Checksum-SHA256"] = report.sha256
        return response
