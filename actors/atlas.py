"""The atlas: who is responsible for what, searchable by name, field of action, place and language.

Only what is marked public goes in: public organisations, their public contact persons and
public offers. The same data, with the same filters, feeds the public page and the PDF.

Every filter is a subquery (`pk__in`), never a join over a many-to-many relation or the
offers, so an organisation is listed once whatever matches, and the prefetches stay the same
number of queries however many organisations are shown.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from actors.models import ContactPerson, Offer, Organisation
from kmut.models import FieldOfAction, Language, Municipality, within_municipality
from kmut.search import search_words


def atlas_municipalities():
    """The places one can choose: towns, Samtgemeinden and the like (members are included)."""
    return Municipality.objects.active().exclude(kind=Municipality.Kind.MUNICIPALITY)


class AtlasFilterForm(forms.Form):
    """The atlas's GET filters; a value that is not a choice is ignored, never an error page."""

    q = forms.CharField(
        label=_("Search by name or offer"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"class": "form-control"}),
    )
    field_of_action = forms.ModelChoiceField(
        label=_("Field of action"),
        queryset=FieldOfAction.objects.active(),
        required=False,
        empty_label=_("all fields of action"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=atlas_municipalities(),
        required=False,
        empty_label=_("whole district"),
    )
    language = forms.ModelChoiceField(
        label=_("Language"),
        queryset=Language.objects.active(),
        required=False,
        empty_label=_("all languages"),
    )
    target_group = forms.ChoiceField(
        label=_("Target group of offers"),
        choices=[("", _("all target groups")), *Offer.TargetGroup.choices],
        required=False,
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, auto_id="atlas-%s", **kwargs)
        for name, field in self.fields.items():
            if name != "q":
                field.widget.attrs["class"] = "form-select"

    def filters(self) -> "AtlasFilters":
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        return AtlasFilters(
            q=(data["q"] or "").strip(),
            field_of_action=data["field_of_action"],
            municipality=data["municipality"],
            language=data["language"],
            target_group=data["target_group"] or "",
        )


@dataclass(frozen=True)
class AtlasFilters:
    q: str = ""
    field_of_action: FieldOfAction | None = None
    municipality: Municipality | None = None
    language: Language | None = None
    target_group: str = ""

    @property
    def active_count(self) -> int:
        """How many of the panel's filters are set (the search field is not in the panel)."""
        return sum(
            1
            for value in (self.field_of_action, self.municipality, self.language, self.target_group)
            if value
        )

    @property
    def target_group_label(self) -> str:
        return Offer.TargetGroup(self.target_group).label if self.target_group else ""

    def query_items(self) -> list[tuple[str, str]]:
        """The filters as GET parameters, e.g. for the PDF link of the filtered view."""
        values = {
            "q": self.q,
            "field_of_action": self.field_of_action.pk if self.field_of_action else "",
            "municipality": self.municipality.pk if self.municipality else "",
            "language": self.language.pk if self.language else "",
            "target_group": self.target_group,
        }
        return [(name, str(value)) for name, value in values.items() if value]


def _public_offers(filters: AtlasFilters) -> QuerySet:
    """The offers listed under an organisation: public ones, of the chosen target group."""
    offers = Offer.objects.public()
    if filters.target_group:
        offers = offers.filter(target_group=filters.target_group)
    return offers


def _organisations_of(offers: QuerySet) -> Q:
    return Q(pk__in=offers.values("organisation"))


def _matching(filters: AtlasFilters) -> Q:
    """Each filter is met by the organisation itself or by one of its public offers."""
    offers = _public_offers(filters)
    condition = Q()
    # The registry's search (kmut/search.py): case, accents, umlaut spellings and word order do
    # not count; the organisation's name, short name and town, or an offer's title, description
    # and venue.
    for word in search_words(filters.q):
        condition &= Q(search_text__contains=word) | _organisations_of(
            offers.filter(search_text__contains=word)
        )
    if filters.field_of_action:
        condition &= Q(
            pk__in=Organisation.objects.filter(fields_of_action=filters.field_of_action).values(
                "pk"
            )
        ) | _organisations_of(offers.filter(fields_of_action=filters.field_of_action))
    if filters.municipality:
        condition &= Q(
            pk__in=Organisation.objects.filter(
                within_municipality("municipalities", filters.municipality)
            ).values("pk")
        ) | _organisations_of(
            offers.filter(within_municipality("municipality", filters.municipality))
        )
    if filters.language:
        condition &= Q(
            pk__in=Organisation.objects.filter(languages=filters.language).values("pk")
        ) | _organisations_of(offers.filter(languages=filters.language))
    if filters.target_group:
        condition &= _organisations_of(offers)
    return condition


def public_organisations(filters: AtlasFilters | None = None) -> QuerySet:
    """The public organisations that match, each once, with public contacts and offers."""
    filters = filters or AtlasFilters()
    return (
        Organisation.objects.public()
        .filter(_matching(filters))
        .prefetch_related(
            "fields_of_action",
            "municipalities",
            "languages",
            Prefetch(
                "contacts", queryset=ContactPerson.objects.public(), to_attr="public_contacts"
            ),
            Prefetch(
                "offers",
                queryset=_public_offers(filters)
                .select_related("municipality")
                .prefetch_related("languages"),
                to_attr="public_offers",
            ),
        )
        .order_by("name", "pk")
    )
