"""`{{ form|bootstrap_fields }}` writes what crispy-bootstrap5's `{{ form|crispy }}` writes
(kmut/templatetags/kmut_forms.py): compared as HTML for every filter form of the product, empty,
filled and with errors, and for the small forms of the detail pages that use it."""

import contextlib
import datetime
import importlib

import django_filters
import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import forms
from django.test import RequestFactory, SimpleTestCase

from kmut.templatetags.kmut_forms import bootstrap_fields

pytestmark = pytest.mark.django_db

APPS = ("actors", "volunteers", "roundtable", "consultations", "reporting", "kmut")


def _filtersets():
    for app in APPS:
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(f"{app}.filters")
    found, todo = [], list(django_filters.FilterSet.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in APPS:
            found.append(cls)
    return sorted(found, key=lambda cls: cls.__name__)


def assert_same_markup(make_form):
    """Both renderings of two identical forms (crispy changes a form's widgets as it renders)."""
    ours = str(bootstrap_fields(make_form()))
    theirs = str(as_crispy_form(make_form()))
    case = SimpleTestCase()
    case.maxDiff = None
    case.assertHTMLEqual(ours, theirs)
    return ours


def test_every_filter_form_of_the_product_is_found():
    names = {cls.__name__ for cls in _filtersets()}
    assert {"OrganisationFilter", "ConsultationFilter", "AssignmentFilter"} <= names


# Filled with values of every kind, and with values every field refuses (errors).
FILLED = {"q": "a<b", "status": "active", "mine": "on", "stale": "on", "year": "2026"}
WRONG = {
    "held_from": "gestern",
    "at_until": "31.02.",
    "kind": "<unknown>",
    "audience": "<unknown>",
    "programme": "999999",
    "year": "zwanzig",
    "municipality": "999999",
    "ordering": "nonsense",
    "unassigned": "maybe",
}


@pytest.mark.parametrize("data", [{}, FILLED, WRONG], ids=["empty", "filled", "errors"])
@pytest.mark.parametrize("filterset_class", _filtersets(), ids=lambda cls: cls.__name__)
def test_filter_forms_render_as_crispy_renders_them(filterset_class, data, lead):
    request = RequestFactory().get("/")
    request.user = lead

    def make_form():
        filterset = filterset_class(
            data=data, queryset=filterset_class._meta.model.objects.none(), request=request
        )
        filterset.is_valid()
        return filterset.form

    html = assert_same_markup(make_form)
    assert ("is-invalid" in html) == bool(make_form().errors)
    if data is WRONG and filterset_class.__name__ != "ClientFilter":  # only text and a checkbox
        assert "is-invalid" in html


class Everything(forms.Form):
    """What a form may hold beyond the filter forms: required fields, help text, a form error."""

    name = forms.CharField(label="Name <Pflicht>", help_text="Wie im <b>Ausweis</b>")
    note = forms.CharField(widget=forms.Textarea, required=False, label="")
    paid_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "class": "wide"}))
    accepted = forms.BooleanField(help_text="Einmal bestätigen")
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Der Zeitraum <passt> nicht.")


@pytest.mark.parametrize(
    "data",
    [None, {}, {"name": "x", "paid_on": datetime.date(2026, 12, 3).isoformat(), "kind": "c"}],
    ids=["unbound", "empty", "errors"],
)
def test_required_fields_help_texts_and_form_errors(data):
    html = assert_same_markup(lambda: Everything(data=data))
    assert "&lt;Pflicht&gt;" in html  # labels are escaped, help texts are HTML
    assert "<b>Ausweis</b>" in html


class Choices(forms.Form):
    choice = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)


def test_a_form_with_fields_it_does_not_write_goes_through_crispy():
    assert str(bootstrap_fields(Choices())) == str(as_crispy_form(Choices()))


def _detail_page_forms():
    from reporting.forms import YearForm
    from volunteers.forms.assignments import HoursEntryForm
    from volunteers.forms.claims import QueryForm, RejectForm
    from volunteers.forms.payments import BookForm, CancelForm, ExecutionDateForm, ExportForm

    return [
        lambda data: QueryForm(data=data),
        lambda data: RejectForm(data=data),
        lambda data: ExecutionDateForm(data=data),
        lambda data: ExportForm(data=data, auto_id="id_export_%s"),
        lambda data: BookForm(data=data, auto_id="id_book_%s"),
        lambda data: CancelForm(data=data, auto_id="id_cancel_%s"),
        lambda data: HoursEntryForm(data=data),
        lambda data: YearForm(data=data),
    ]


@pytest.mark.parametrize("data", [None, {}, {"hours": "-1", "year": "1"}], ids=str)
@pytest.mark.parametrize("index", range(len(_detail_page_forms())))
def test_the_forms_of_the_detail_pages_render_as_crispy_renders_them(index, data):
    make = _detail_page_forms()[index]
    assert_same_markup(lambda: make(data))


@pytest.mark.parametrize(
    "data",
    [None, {"client_code": "K-1", "duration_minutes": "-5", "held_on": "gestern", "topics": []}],
    ids=["unbound", "errors"],
)
@pytest.mark.parametrize("form_name", ["ConsultationEntryForm", "ConsultationForm"])
def test_each_field_of_the_consultation_forms_renders_as_crispy_renders_it(
    form_name, data, coordinator
):
    """The consultation form places its fields one by one (`{{ form.x|bootstrap_field }}`)."""
    from consultations import forms as consultation_forms
    from kmut.templatetags.kmut_forms import bootstrap_field

    form_class = getattr(consultation_forms, form_name)

    def make_form():
        form = form_class(data=data, user=coordinator)
        form.is_valid()
        return form

    case = SimpleTestCase()
    case.maxDiff = None
    ours_form, theirs_form = make_form(), make_form()
    for name in ours_form.fields:
        ours = str(bootstrap_field(ours_form[name]))
        theirs = str(as_crispy_field(theirs_form[name]))
        case.assertHTMLEqual(ours, theirs)
    assert ("is-invalid" in str(bootstrap_field(make_form()["held_on"]))) == (data is not None)
