"""Released annual reports as OParl 1.1 ``Paper`` objects, their stored PDFs as ``File``.

An annual report is a paper to the committee (a Mitteilungsvorlage with number, type and
date, see `AnnualReport`); only released versions, and versions superseded by a correction,
are published: drafts are not papers yet. The public variant of the API shows the versions
marked public; the staff variant shows all of them. The public variant's file is served by
`reporting.oparl_views.PublicFileDownloadView` without login; the staff variant's file points
to the committee download, which logs every download.
"""

from django.db.models import QuerySet
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone

from reporting.models import AnnualReport
from roundtable.oparl import Source, Variant, compact, oparl_date, oparl_type, timestamps

MIME_TYPE = "application/pdf"


def published_reports(variant: Variant) -> QuerySet:
    """Released and superseded versions the variant may show, without loading their PDFs."""
    reports = AnnualReport.objects.filter(
        status__in=[AnnualReport.Status.RELEASED, AnnualReport.Status.SUPERSEDED]
    )
    if variant.public:
        reports = reports.filter(is_public=True)
    return reports.defer("pdf", "figures").annotate(pdf_size=Length("pdf")).order_by("pk")


def file_name(report: AnnualReport) -> str:
    return f"jahresbericht-{report.year}-v{report.version}.pdf"


def _access_url(variant: Variant, report: AnnualReport) -> str:
    if variant.public:
        return variant.url("file_download", pk=report.pk)
    return variant.request.build_absolute_uri(
        reverse("reporting:released_download", args=[report.pk])
    )


def _file(variant: Variant, report: AnnualReport) -> dict:
    access_url = _access_url(variant, report)
    released_on = oparl_date(timezone.localdate(report.released_at)) if report.released_at else None
    return compact(
        {
            "id": variant.object_url("file", report.pk),
            "type": oparl_type("File"),
            "name": str(report),
            "fileName": file_name(report),
            "mimeType": MIME_TYPE,
            "date": released_on,
            "size": report.pdf_size,
            "accessUrl": access_url,
            "downloadUrl": access_url,
            "paper": [variant.object_url("paper", report.pk)],
            **timestamps(report),
        }
    )


def _paper(variant: Variant, report: AnnualReport) -> dict:
    return compact(
        {
            "id": variant.object_url("paper", report.pk),
            "type": oparl_type("Paper"),
            "body": variant.body_url,
            "name": str(report),
            "reference": report.paper_number,
            "date": oparl_date(report.paper_date),
            "paperType": report.paper_type,
            "mainFile": _file(variant, report),
            **timestamps(report),
        }
    )


SOURCES: dict[str, Source] = {
    "paper": Source(published_reports, _paper),
    "file": Source(published_reports, _file),
}

LISTS: dict[str, tuple[str, ...]] = {"paper": ("paper",), "file": ("file",)}
