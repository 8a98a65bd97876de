from django import forms

from kmut.widgets import FastSelect


class _Form(forms.Form):
    choice = forms.ChoiceField(
        label="Wahl",
        choices=[("", "---------"), ("1", "Café <Zuflucht>"), ("2", "Kirche & Moschee")],
        widget=FastSelect,
        required=False,
    )


def test_fast_select_renders_like_a_select_with_escaping_and_selection():
    html = str(_Form(data={"choice": "2"})["choice"])
    assert html.startswith('<select id="id_choice" name="choice">')
    assert '<option value="1">Café &lt;Zuflucht&gt;</option>' in html
    assert '<option value="2" selected>Kirche &amp; Moschee</option>' in html
    assert html.count("<option") == 3
