"""The public atlas (no login), as a page and as a PDF."""

from urllib.parse import urlencode

from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views import View
from django.views.generic import TemplateView

from actors.atlas import AtlasFilterForm, public_organisations
from kmut.responses import pdf_response


class AtlasMixin:
    def atlas_context(self):
        form = AtlasFilterForm(self.request.GET)
        filters = form.filters()
        organisations = list(public_organisations(filters))
        return {
            "form": form,
            "filters": filters,
            "filter_query": urlencode(filters.query_items()),
            "organisations": organisations,
            "offer_count": sum(len(o.public_offers) for o in organisations),
            "printed_at": timezone.localdate(),
        }


class AtlasView(AtlasMixin, TemplateView):
    """The public, read-only atlas (no login); htmx fetches only the results."""

    template_name = "actors/atlas.html"

    def get_template_names(self):
        htmx = self.request.htmx
        if htmx and not htmx.boosted and not htmx.history_restore_request:
            return ["actors/includes/_atlas_results.html"]
        return [self.template_name]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # The same address answers a page or only its results: caches must keep both apart.
        patch_vary_headers(response, ["HX-Request"])
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.atlas_context()}


class AtlasPdfView(AtlasMixin, View):
    def get(self, request):
        filename = f"atlas-{timezone.localdate().isoformat()}.pdf"
        return pdf_response(
            "actors/pdf/atlas.html", self.atlas_context(), filename, accessible=True
        )
