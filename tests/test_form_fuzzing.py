"""Every form of the project gets hostile input: no 500, and what was typed comes back.

The forms are found, not listed: each page of the permission matrix is opened by a role that may
use it, and every POST form on it is submitted twice over: with each case of HOSTILE in all of its
fields at once, and with the form as the page filled it and one text field hostile at a time (on
edit pages the rest is valid, so the checks and saving code behind the form run too). An
exception (a 500 in production) fails the test. When the form comes back with errors, the field
shows again what was typed.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from kmut import roles
from tests.factories import OrganisationFactory
from tests.test_permissions import GET_PAGES, MATRIX, OWN_ONLY, PUBLIC, SECOND_FACTOR, _url

HOSTILE = {
    "sql": "'; DROP TABLE actors_organisation; --",
    "markup": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "formula": '=HYPERLINK("http://evil.example";"Klick")',
    "long": "Ä" * 5000,
    "unicode": "‮evil‬ 👩‍👩‍👧 Zoë Ğüneş ١٢٣",
    "numbers": "-99999999999999999999.999",
    "date": "2026-02-30",
    "null": "a\x00b",
    "empty": "",
    "whitespace": "   \t  ",
}
# Values the browser cannot send back as typed (control characters) or that are empty.
NOT_ECHOED = {"null", "empty", "whitespace"}
TEXT_TYPES = {"text", "textarea", "email", "url", "search", "tel", "number", "date", "time"}
HOSTILE_FILE = b"MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode"


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, type, value)
    options: dict[str, list[str]] = field(default_factory=dict)
    # What a browser would send if the user changed nothing: (name, value) pairs.
    unchanged: list[tuple[str, str]] = field(default_factory=list)


class _FormParser(HTMLParser):
    """The POST forms of a page with their fields (enough of HTML for our own templates)."""

    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._form = None
        self._select = None  # (name, multiple, anything selected)
        self._textarea = None  # (name, text so far)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._form = Form(action=attrs.get("action") or "")
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "option" and self._select is not None:
            name, multiple, _selected = self._select
            value = attrs.get("value") or ""
            self._form.options[name].append(value)
            if "selected" in attrs:
                self._form.unchanged.append((name, value))
                self._select = (name, multiple, True)
            return
        if "name" not in attrs:
            return
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text")
            value = attrs.get("value") or ""
            self._form.fields.append((name, kind, value))
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form.unchanged.append((name, value or "on"))
            elif kind not in ("submit", "button", "reset", "image", "file"):
                self._form.unchanged.append((name, value))
        elif tag == "textarea":
            self._form.fields.append((name, "textarea", ""))
            self._textarea = (name, "")
        elif tag == "select":
            self._form.fields.append((name, "select", ""))
            self._form.options[name] = []
            self._select = (name, "multiple" in attrs, False)

    def handle_data(self, data):
        if self._textarea is not None:
            name, text = self._textarea
            self._textarea = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # The first newline after <textarea> is not part of the value.
            self._form.unchanged.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, multiple, selected = self._select
            if not multiple and not selected and self._form.options[name]:
                self._form.unchanged.append((name, self._form.options[name][0]))
            self._select = None


def _forms(html: str, url: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    # Only forms that post back to the page itself: buttons to other actions (archive, cancel,
    # sign-off) are checked in their own tests and in the matrix.
    return [form for form in parser.forms if form.action in ("", url, "?")]


def _role_for(name):
    """A role that may open the page (None: anonymous, for public pages)."""
    allowed = MATRIX[name][0]
    return None if allowed == PUBLIC else allowed[0]


# Pages reached only through another step (the code step of the login, a volunteer's own
# objects, the import preview) are fuzzed where that step is tested.
FORM_PAGES = [
    name
    for name in GET_PAGES
    if MATRIX[name][0] not in (SECOND_FACTOR, OWN_ONLY, "redirects-staff")
]


# Pages that show their form only when there is something to work on.
SETUP = {
    "actors:updaterequest_create": lambda: OrganisationFactory(email="info@verein.example"),
}


def _hostile_data(form: Form, value: str) -> dict:
    data = {}
    for name, kind, original in form.fields:
        if name == "csrfmiddlewaretoken" or kind in ("submit", "button", "reset", "image"):
            continue
        if kind == "hidden":
            data[name] = original  # tokens and formset counters stay as the page sent them
        elif kind in ("checkbox", "radio"):
            data.setdefault(name, original or "on")
        elif kind == "file":
            data[name] = SimpleUploadedFile("beleg.pdf", HOSTILE_FILE, "application/pdf")
        else:  # text fields, selects (an unknown choice) and passwords
            data[name] = value
    return data


def _echoed_fields(form: Form) -> list[str]:
    return [name for name, kind, _original in form.fields if kind in TEXT_TYPES]


@pytest.mark.django_db
@pytest.mark.parametrize("name", FORM_PAGES)
def test_every_form_survives_hostile_input_and_keeps_what_was_typed(client_for, name):
    client = client_for(_role_for(name))
    if setup := SETUP.get(name):
        setup()
    url = _url(name)
    page = client.get(url)
    assert page.status_code == 200, name
    if "html" not in page.get("Content-Type", ""):
        return
    forms = _forms(page.content.decode(), url)
    for form in forms:
        for case, value in HOSTILE.items():
            response = client.post(url, _hostile_data(form, value))
            assert response.status_code < 500, (name, case)
            if response.status_code != 200 or case in NOT_ECHOED:
                continue
            html = response.content.decode()
            if 'class="invalid-feedback' not in html and "alert-danger" not in html:
                continue  # saved or answered without re-displaying the form
            for field_name in _echoed_fields(form):
                if f'name="{field_name}"' in html and field_name in _forms_field_names(html, url):
                    assert escape(value) in html or value in html, (name, case, field_name)


def _forms_field_names(html: str, url: str) -> set[str]:
    return {name for form in _forms(html, url) for name, _kind, _value in form.fields}


def test_the_fuzzing_covers_the_forms_of_every_area():
    areas = {name.split(":")[0] for name in FORM_PAGES if ":" in name}
    assert {"kmut", "actors", "roundtable", "volunteers", "consultations", "reporting"} <= areas
    assert roles.COORDINATION in MATRIX["consultations:consultation_create"][0]


ONE_FIELD_CASES = ("markup", "long", "formula", "null", "numbers")


def _unchanged(form: Form) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in form.unchanged:
        if name != "csrfmiddlewaretoken":
            data.setdefault(name, []).append(value)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("name", FORM_PAGES)
def test_each_field_alone_survives_hostile_input(client_for, name):
    """The rest of the form as the page filled it (valid on edit pages), one field hostile: this
    reaches the checks that run only when the other fields are fine."""
    client = client_for(_role_for(name))
    if setup := SETUP.get(name):
        setup()
    url = _url(name)
    page = client.get(url)
    if "html" not in page.get("Content-Type", ""):
        return
    for form in _forms(page.content.decode(), url):
        assert client.post(url, _unchanged(form)).status_code < 500, (name, "unchanged")
        for field_name in _echoed_fields(form):
            for case in ONE_FIELD_CASES:
                value = HOSTILE[case]
                response = client.post(url, {**_unchanged(form), field_name: [value]})
                assert response.status_code < 500, (name, field_name, case)
                if response.status_code != 200 or case in NOT_ECHOED:
                    continue
                html = response.content.decode()
                shown_again = field_name in _forms_field_names(html, url)
                if shown_again and 'class="invalid-feedback' in html:
                    assert escape(value) in html or value in html, (name, field_name, case)
