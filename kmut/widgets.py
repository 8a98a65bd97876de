"""Widgets for long choice lists.

Django renders every <option> through a template, which costs about a tenth of a millisecond
each: a select of the district's thousand organisations, twice on a form, adds a noticeable
delay to every page load. `FastSelect` writes the same markup in Python; `use_fast_selects`
swaps it in for every plain select of a form (the fast-entry forms are opened all day), and
`FastFilterSelectsMixin` does so for the filter form of a list, whose choices it reads before
the template renders (decision 0025).
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape, format_html, format_html_join
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


def _option(value, label, selected: set) -> str:
    # An f-string per option: format_html's formatting and marking safe per option were most
    # of a long select's time.
    mark = SELECTED if str(value) in selected else ""
    return f'<option value="{conditional_escape(value)}"{mark}>{conditional_escape(label)}</option>'


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(item) for item in self.format_value(value)}
        parts = []
        for group_value, group_label in _read(self.choices):
            if isinstance(group_label, list | tuple):  # an <optgroup> of (value, label) pairs
                options = "".join(_option(v, label, selected) for v, label in group_label)
                parts.append(
                    format_html(
                        '<optgroup label="{}">{}</optgroup>', group_value, mark_safe(options)
                    )
                )
            else:
                parts.append(_option(group_value, group_label, selected))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            _attributes(final_attrs),
            mark_safe("".join(parts)),
        )


def use_fast_selects(form: forms.BaseForm, *, read_choices: bool = False) -> None:
    """Render every plain single select of `form` with FastSelect (same markup, same choices).

    With `read_choices` the choices of every FastSelect are read into a list now (one query per
    model select), so rendering the form queries nothing and a choice list read while the
    template renders cannot be read twice.
    """
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            widget = FastSelect(attrs=field.widget.attrs)
            widget.choices = field.widget.choices
            widget.is_required = field.widget.is_required
            field.widget = widget
        if read_choices and isinstance(field.widget, FastSelect):
            field.widget.choices = _read(field.widget.choices)


def _read(choices) -> list:
    """The choices as a list, a model select's in one plain query (FastSelect reads its choices
    this way when it renders, unless `use_fast_selects` read them already).

    A ModelChoiceIterator reads its queryset with `iterator()`, which on PostgreSQL is a
    server-side cursor: DECLARE, FETCH and CLOSE, three round trips for a list of a few dozen
    rows. The same choices, read as one SELECT.
    """
    if isinstance(choices, ModelChoiceIterator):
        field = choices.field
        first = [("", field.empty_label)] if field.empty_label is not None else []
        if getattr(field, "null_label", None) is not None:  # django-filter's "none" choice
            first.append((field.null_value, field.null_label))
        return first + [choices.choice(obj) for obj in choices.queryset]
    # iter(): list() of another iterable object could ask for its length first.
    return list(iter(choices))


class FastFilterSelectsMixin:
    """For a django-filter FilterView: its filter form's selects render with FastSelect from
    choices read when the filterset is built, not option by option in the template.

    Only the list view does this; exports that build the same filterset render no form and so
    read no choices.
    """

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        use_fast_selects(filterset.form, read_choices=True)
        return filterset
