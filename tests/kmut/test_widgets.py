import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kmut.models import Language
from kmut.widgets import FastSelect, use_fast_selects
from tests.factories import LanguageFactory


class _Form(forms.Form):
    choice = forms.ChoiceField(
        label="Wahl",
        choices=[("", "---------"), ("1", "Café <Zuflucht>"), ("2", "Kirche & Moschee")],
        widget=FastSelect,
        required=False,
    )


def test_fast_select_renders_like_a_select_with_escaping_and_selection():
    html = str(_Form(data={"choice": "2"})["choice"])
    assert html.startswith('<select name="choice" id="id_choice">')
    assert '<option value="1">Café &lt;Zuflucht&gt;</option>' in html
    assert '<option value="2" selected>Kirche &amp; Moschee</option>' in html
    assert html.count("<option") == 3


def test_fast_select_renders_option_groups_like_django():
    choices = [
        ("", "---------"),
        ("Europa", [("PL", "Polen"), ("UA", "Ukraine")]),
        ("SY", "Syrien"),
    ]
    fast = FastSelect(choices=choices).render("origin", "UA")
    assert fast == (
        '<select name="origin"><option value="">---------</option>'
        '<optgroup label="Europa"><option value="PL">Polen</option>'
        '<option value="UA" selected>Ukraine</option></optgroup>'
        '<option value="SY">Syrien</option></select>'
    )
    django = forms.Select(choices=choices).render("origin", "UA")
    assert django.count("<option") == fast.count("<option") == 4
    assert 'value="UA" selected' in django


def _markup(html):
    return re.sub(r">\s+<", "><", html.strip()).replace('selected="selected"', "selected")


def test_use_fast_selects_swaps_plain_selects_and_renders_the_same_markup():
    class Form(forms.Form):
        single = forms.ChoiceField(choices=[("", "---------"), ("a", "A <1>"), ("b", "B")])
        several = forms.MultipleChoiceField(choices=[("a", "A")])
        radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)

    data = {"single": "b", "several": ["a"], "radio": "a"}
    plain = Form(data=data)
    fast = Form(data=data)
    use_fast_selects(fast)

    assert type(fast.fields["single"].widget) is FastSelect
    assert type(fast.fields["several"].widget) is forms.SelectMultiple
    assert type(fast.fields["radio"].widget) is forms.RadioSelect
    assert _markup(str(fast["single"])) == _markup(str(plain["single"]))
    assert "required" in str(fast["single"])
    assert fast.is_valid()


@pytest.mark.django_db
def test_a_model_select_renders_like_django_from_one_plain_query():
    """A model select's options in one SELECT: no server-side cursor (DECLARE, FETCH, CLOSE on
    PostgreSQL, as `iterator()` would use), the same markup as Django's own select."""
    LanguageFactory(name="Tigrinya <ti>")

    class Form(forms.Form):
        language = forms.ModelChoiceField(queryset=Language.objects.order_by("name"))

    chosen = Language.objects.order_by("name").last()
    plain = Form(initial={"language": chosen.pk})
    fast = Form(initial={"language": chosen.pk})
    use_fast_selects(fast)
    with CaptureQueriesContext(connection) as queries:
        html = str(fast["language"])
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT"]
    assert _markup(html) == _markup(str(plain["language"]))
    assert "Tigrinya &lt;ti&gt;" in html
    assert f'value="{chosen.pk}" selected' in html
