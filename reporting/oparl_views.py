"""The OParl 1.1 API: system → body → paginated lists → objects (decision record 0011).

Two variants share these views: the public one below ``/oparl/v1.1/`` (no login; only what
the office publishes) and the staff one below ``/oparl/intern/v1.1/`` (login with the staff
permission; everything). The objects come from `roundtable.oparl` and `reporting.oparl`.
"""

import math

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.views import View

from kmut.responses import file_response
from reporting import oparl as reporting_oparl
from reporting.models import AnnualReport
from roundtable import oparl
from roundtable.oparl import BODY_KEY, Variant

SOURCES = {**oparl.SOURCES, **reporting_oparl.SOURCES}
LISTS = {**oparl.LISTS, **reporting_oparl.LISTS}

# Objects per page, unless the client asks for fewer or more with ``limit`` (OParl 1.1,
# "Paginierung": the server decides, a client's wish is honoured up to a maximum).
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000

# OParl 1.1 list filters -> the TimeStampedModel field they compare with.
DATE_FILTERS = {
    "created_since": "created_at__gte",
    "created_until": "created_at__lte",
    "modified_since": "updated_at__gte",
    "modified_until": "updated_at__lte",
}

# The staff variant needs what the bodies pages need.
STAFF_PERMISSION = "roundtable.view_meeting"

# url name -> path of one object, the same in both variants
OBJECT_PATHS = {
    "gremium": "organization/gremium-<int:pk>",
    "institution": "organization/institution-<int:pk>",
    "contact": "person/contact-<int:pk>",
    "individual": "person/individual-<int:pk>",
    "membership": "membership/<int:pk>",
    "deputy_membership": "membership/<int:pk>-deputy",
    "meeting": "meeting/<int:pk>",
    "agenda_item": "agendaitem/<int:pk>",
    "location": "location/<int:pk>",
    "paper": "paper/<int:pk>",
    "file": "file/<int:pk>",
}
# Kinds the public variant never shows (individual members have no publication level).
STAFF_ONLY = {"individual"}


class BadRequest(Exception):
    """A list parameter the API cannot read; answered with 400 and the reason."""


class OparlView(PermissionRequiredMixin, View):
    """JSON answer of one variant; the staff variant checks the staff permission."""

    public = True
    permission_required = STAFF_PERMISSION

    def has_permission(self):
        return self.public or super().has_permission()

    def get(self, request, **kwargs):
        variant = Variant(request, public=self.public)
        try:
            with translation.override("de"):
                data = self.build(variant, **kwargs)
        except BadRequest as error:
            return JsonResponse({"error": str(error)}, status=400)
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})

    def build(self, variant: Variant, **kwargs) -> dict:
        raise NotImplementedError


class SystemView(OparlView):
    def build(self, variant, **kwargs):
        return oparl.system_object(variant)


def _check_body(body: str) -> None:
    if body != BODY_KEY:
        raise Http404


class BodyView(OparlView):
    def build(self, variant, *, body):
        _check_body(body)
        return oparl.body_object(variant)


def _positive(request, name: str, default: int) -> int:
    value = request.GET.get(name)
    if value is None:
        return default
    if not value.isdigit() or int(value) < 1:
        raise BadRequest(f"{name} must be a positive whole number")
    return int(value)


def _date_filters(request) -> dict:
    lookups = {}
    for name, lookup in DATE_FILTERS.items():
        value = request.GET.get(name)
        if value is None:
            continue
        moment = parse_datetime(value.replace(" ", "+"))
        if moment is None:
            raise BadRequest(f"{name} must be an ISO 8601 date and time")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        lookups[lookup] = moment
    return lookups


def _page_link(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginated(request, objects_on_page, *, total: int, page: int, limit: int) -> dict:
    """An OParl 1.1 list: ``data``, ``pagination`` and ``links``."""
    pages = max(1, math.ceil(total / limit))
    if page > pages:
        raise Http404
    links = {"first": _page_link(request, 1)}
    if page > 1:
        links["prev"] = _page_link(request, page - 1)
    if page < pages:
        links["next"] = _page_link(request, page + 1)
    links["last"] = _page_link(request, pages)
    return {
        "data": objects_on_page,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": limit,
            "currentPage": page,
            "totalPages": pages,
        },
        "links": links,
    }


class BodyListView(OparlView):
    """The list of bodies the system announces: the one district office."""

    def build(self, variant, **kwargs):
        return paginated(self.request, [oparl.body_object(variant)], total=1, page=1, limit=1)


class ListView(OparlView):
    """One of the body's lists, page by page, in a stable order (the sources one after the
    other, each by primary key). Two queries per source (count and page) plus prefetches."""

    def build(self, variant, *, body, name):
        _check_body(body)
        if name not in LISTS:
            raise Http404
        page = _positive(self.request, "page", 1)
        limit = min(_positive(self.request, "limit", PAGE_SIZE), MAX_PAGE_SIZE)
        lookups = _date_filters(self.request)
        start, end = (page - 1) * limit, page * limit
        data, offset, total = [], 0, 0
        for key in LISTS[name]:
            source = SOURCES[key]
            rows = source.rows(variant).filter(**lookups)
            count = rows.count()
            low, high = max(start - offset, 0), min(end - offset, count)
            if low < high:
                data.extend(source.render(variant, row) for row in rows[low:high])
            offset += count
            total += count
        return paginated(self.request, data, total=total, page=page, limit=limit)


class ObjectView(OparlView):
    """One object by its id URL; what the variant may not show does not exist (404)."""

    kind = ""

    def build(self, variant, *, pk):
        source = SOURCES[self.kind]
        row = source.rows(variant).filter(pk=pk).first()
        if row is None:
            raise Http404
        return source.render(variant, row)


class PublicFileDownloadView(View):
    """The stored PDF of a public released report, for the public variant's ``accessUrl``.

    Nobody is logged in, so unlike the committee download no download is recorded.
    """

    def get(self, request, pk):
        variant = Variant(request, public=True)
        if not reporting_oparl.published_reports(variant).filter(pk=pk).exists():
            raise Http404
        report = AnnualReport.objects.only("pdf", "sha256", "year", "version").get(pk=pk)
        response = file_response(
            bytes(report.pdf),
            reporting_oparl.file_name(report),
            reporting_oparl.MIME_TYPE,
            inline=True,
        )
        response["X-Checksum-SHA256"] = report.sha256
        return response


def urlpatterns_for(*, public: bool) -> list:
    def view(cls, **initkwargs):
        function = cls.as_view(public=public, **initkwargs)
        return login_not_required(function) if public else function

    patterns = [
        path("system", view(SystemView), name="system"),
        path("body", view(BodyListView), name="body_list"),
        path("body/<str:body>", view(BodyView), name="body"),
        path("body/<str:body>/<str:name>", view(ListView), name="list"),
    ]
    patterns += [
        path(route, view(ObjectView, kind=kind), name=kind)
        for kind, route in OBJECT_PATHS.items()
        if not (public and kind in STAFF_ONLY)
    ]
    if public:
        patterns.append(
            path(
                "file/<int:pk>/download",
                login_not_required(PublicFileDownloadView.as_view()),
                name="file_download",
            )
        )
    return patterns
