"""Widgets for long choice lists.

Django renders every <option> through a template, which costs about a tenth of a millisecond
each: a select of the district's thousand organisations, twice on a form, adds a noticeable
delay to every page load. `FastSelect` writes the same markup in Python; `use_fast_selects`
swaps it in for every plain select of a form (the fast-entry forms are opened all day).
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SELECTED = mark_safe(" selected")


def _attributes(attrs: dict) -> str:
    """HTML attributes in the order and form of Django's attrs.html (True: bare name)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


class FastSelect(forms.Select):
    def _options(self, choices, selected):
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, SELECTED if str(value) in selected else "", label)
                for value, label in choices
            ),
        )

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(item) for item in self.format_value(value)}
        parts = []
        for group_value, group_label in self.choices:
            if isinstance(group_label, list | tuple):  # an <optgroup> of (value, label) pairs
                parts.append(
                    format_html(
                        '<optgroup label="{}">{}</optgroup>',
                        group_value,
                        self._options(group_label, selected),
                    )
                )
            else:
                parts.append(self._options([(group_value, group_label)], selected))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            _attributes(final_attrs),
            mark_safe("".join(parts)),
        )


def use_fast_selects(form: forms.BaseForm) -> None:
    """Render every plain single select of `form` with FastSelect (same markup, same choices)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            widget = FastSelect(attrs=field.widget.attrs)
            widget.choices = field.widget.choices
            widget.is_required = field.widget.is_required
            field.widget = widget
