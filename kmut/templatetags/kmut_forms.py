"""`{{ form|bootstrap_fields }}` and `{{ form.field|bootstrap_field }}`: a form or one field as
crispy-bootstrap5's `{{ form|crispy }}` and `{{ form.field|as_crispy_field }}` write it, in Python.

crispy renders every field through half a dozen nested templates, about a millisecond per field:
the filter form of a list (up to nine fields) cost more than the list's rows. This filter writes
the same markup (the same wrapper, label, widget classes, help text, errors and ARIA attributes;
`tests/kmut/test_bootstrap_fields.py` compares both for every filter form) with `format_html`.
Fields it does not write (radio buttons, checkbox lists, files, multi-widgets, fieldsets) make
the whole form (or that field) go through crispy as before.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import forms, template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

ASTERISK = mark_safe('<span class="asteriskField">*</span>')


@register.filter
def bootstrap_fields(form: forms.BaseForm):
    fields = list(form)
    if not all(_supported(field) for field in fields):
        return as_crispy_form(form)
    parts = [_non_field_errors(form)]
    parts.extend(str(field) if field.is_hidden else _field(field) for field in fields)
    return mark_safe("".join(parts))


@register.filter
def bootstrap_field(field: forms.BoundField):
    if not _supported(field):
        return as_crispy_field(field)
    return mark_safe(str(field)) if field.is_hidden else _field(field)


def _supported(field: forms.BoundField) -> bool:
    widget = field.field.widget
    return not (
        field.use_fieldset
        or hasattr(widget, "widgets")
        or hasattr(widget, "widget")
        or isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.FileInput)
    )


def _non_field_errors(form: forms.BaseForm) -> str:
    errors = form.non_field_errors()
    if not errors:
        return ""
    return format_html(
        '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
        format_html_join("", "<li>{}</li>", ((error,) for error in errors)),
    )


def _widget(field: forms.BoundField, classes: str) -> str:
    """The widget with the classes crispy's `crispy_field` gives it (its own, its class name,
    then the Bootstrap ones), rendered by Django as usual (values, ARIA attributes)."""
    widget = field.field.widget
    name = type(widget).__name__.lower()
    name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(name, name)
    css = widget.attrs.get("class", "")
    if not css:
        css = name
    elif css.find(name) == -1:
        css += f" {name}"
    for extra in f"{classes}{' is-invalid' if field.errors else ''}".split():
        if extra not in css.split():
            css += f" {extra}"
    return field.as_widget(attrs={"class": css})


def _help_and_errors(field: forms.BoundField) -> str:
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.errors.field_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((number, field.auto_id, error) for number, error in enumerate(field.errors, 1)),
            ),
        )
    help_text = ""
    if field.help_text:
        help_text = format_html(
            '<div {}class="form-text">{}</div>',
            format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else "",
            mark_safe(field.help_text),
        )
    return format_html("{}{}", errors, help_text)


def _wrapper_classes(field: forms.BoundField, base: str) -> str:
    extra = field.css_classes()
    return f"{base} {extra}" if extra else base


def _field(field: forms.BoundField) -> str:
    required = field.field.required
    if isinstance(field.field.widget, forms.CheckboxInput):
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="{}">{}'
            '<label for="{}" class="form-check-label{}">{}{}</label>{}</div></div>',
            field.auto_id,
            _wrapper_classes(field, "form-check"),
            _widget(field, "form-check-input"),
            field.id_for_label,
            " requiredField" if required else "",
            field.label,
            ASTERISK if required else "",
            _help_and_errors(field),
        )
    label = ""
    if field.label:
        label = format_html(
            '<label {}class="form-label{}">{}{}</label>',
            format_html('for="{}" ', field.id_for_label) if field.id_for_label else "",
            " requiredField" if required else "",
            field.label,
            ASTERISK if required else "",
        )
    classes = "form-select" if isinstance(field.field.widget, forms.Select) else "form-control"
    return format_html(
        '<div id="div_{}" class="{}">{}{}{}</div>',
        field.auto_id,
        _wrapper_classes(field, "mb-3"),
        label,
        _widget(field, classes),
        _help_and_errors(field),
    )
