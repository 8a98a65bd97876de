"""The lists' filter forms render their selects with FastSelect from choices read in the view
(decision 0025): the template renders the options without a query and keeps the chosen value."""

import pytest
from django import forms
from django.urls import reverse

from consultations.models import AccessLog
from kmut.models import FieldOfAction, Language
from kmut.widgets import FastSelect
from tests.factories import MunicipalityFactory, OrganisationFactory
from tests.volunteers.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chosen(lead):
    """One existing value for every model select of the filter forms."""
    AccessLog.objects.create(user=lead, action=AccessLog.Action.VIEW, client_ref=1)
    return {
        "municipality": MunicipalityFactory().pk,
        "language": Language.objects.active().last().pk,
        "field_of_action": FieldOfAction.objects.active().last().pk,
        "programme": ProgrammeFactory().pk,
        "organisation": OrganisationFactory().pk,
        "user": lead.pk,
    }


# (url name, the form's context name, GET parameters: fixed values and names of `chosen`)
PAGES = {
    "organisations": (
        "actors:organisation_list",
        "filter",
        {"kind": "association", "status": "archived", "publication": "public"},
        ["municipality", "field_of_action", "language"],
    ),
    "offers": (
        "actors:offer_list",
        "filter",
        {"kind": "language", "level": "A1", "target_group": "women"},
        ["municipality", "language", "field_of_action"],
    ),
    "volunteers": (
        "volunteers:volunteer_list",
        "filter",
        {"status": "active"},
        ["programme", "language", "municipality"],
    ),
    "assignments": (
        "volunteers:assignment_list",
        "filter",
        {"kind": "interpreting", "status": "requested"},
        ["programme", "language", "municipality"],
    ),
    "courses": (
        "volunteers:course_list",
        "filter",
        {"audience": "volunteers", "status": "planned", "programme": "null"},
        [],
    ),
    "consultations": (
        "consultations:index",
        "filter",
        {"topic": "housing", "channel": "phone"},
        [],
    ),
    "access log": ("consultations:accesslog_list", "filter", {"action": "view"}, ["user"]),
    "events": (
        "roundtable:event_list",
        "filter",
        {"kind": "project"},
        ["field_of_action", "organisation"],
    ),
    "meetings": ("roundtable:meeting_list", "form", {"quarter": "2", "kind": "hosted"}, []),
}


@pytest.mark.parametrize("page", PAGES, ids=list(PAGES))
def test_filter_selects_render_fast_from_read_choices_and_keep_the_chosen_value(
    page, chosen, lead_client, django_assert_num_queries
):
    url_name, context_name, fixed, from_chosen = PAGES[page]
    params = {**fixed, **{name: chosen[name] for name in from_chosen}}
    response = lead_client.get(reverse(url_name), params)
    assert response.status_code == 200
    context = response.context[context_name]
    form = context.form if context_name == "filter" else context
    html = response.content.decode()

    assert not [name for name, field in form.fields.items() if type(field.widget) is forms.Select]
    for name, value in params.items():
        widget = form.fields[name].widget
        assert isinstance(widget, FastSelect), name
        assert isinstance(widget.choices, list), name
        assert f'<option value="{value}" selected>' in html, name
        with django_assert_num_queries(0):
            str(form[name])


def test_statistics_year_select_renders_fast_and_keeps_the_chosen_year(lead_client):
    response = lead_client.get(reverse("consultations:statistics"))
    form = response.context["form"]
    year = form.cleaned_data["year"]
    assert isinstance(form.fields["year"].widget, FastSelect)
    assert f'<option value="{year}" selected>' in response.content.decode()


def test_a_model_select_is_read_in_one_plain_query_with_its_empty_and_none_choices(
    chosen, lead_client
):
    """Read with one SELECT, not through `iterator()` (on PostgreSQL a server-side cursor:
    DECLARE, FETCH, CLOSE); django-filter's "none" choice stays second."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = lead_client.get(reverse("volunteers:course_list"), {"programme": "null"})
    assert not [query for query in captured if "DECLARE" in query["sql"]]
    choices = response.context["filter"].form.fields["programme"].widget.choices
    assert [str(value) for value, _label in choices[:2]] == ["", "null"]
    assert [str(value) for value, _label in choices[2:]] == [str(chosen["programme"])]
