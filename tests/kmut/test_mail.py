"""One greeting for every e-mail, in formal German, and the office as the sender."""

from datetime import date
from email.utils import parseaddr
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from kmut.mail import greeting, office_sender


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def person(first="Anna", last="Müller", **extra):
    return SimpleNamespace(first_name=first, last_name=last, **extra)


@pytest.mark.parametrize(
    ("recipient", "salutation", "expected"),
    [
        (person(title="Frau"), None, "Guten Tag Frau Müller,"),
        (person(title="Herr Dr."), None, "Guten Tag Herr Dr. Müller,"),
        (person(salutation="Herr"), None, "Guten Tag Herr Müller,"),
        (person(), "Frau", "Guten Tag Frau Müller,"),
        (person(), None, "Guten Tag Anna Müller,"),
        (person(title="Dr."), None, "Guten Tag Dr. Anna Müller,"),
        (person(first=""), None, "Guten Tag Müller,"),
        ("Frau Müller", None, "Guten Tag Frau Müller,"),
        ("Anna Müller", None, "Guten Tag Anna Müller,"),
        ("Anna Müller", "Frau", "Guten Tag Frau Müller,"),
        ("", None, "Guten Tag,"),
        (None, None, "Guten Tag,"),
        (person(first="", last=""), None, "Guten Tag,"),
    ],
)
def test_greeting(recipient, salutation, expected):
    assert greeting(recipient, salutation=salutation) == expected


def test_greeting_filter_in_a_mail_template():
    item = SimpleNamespace(
        owner_name="Frau Yılmaz",
        title="Flyer übersetzen",
        due_on=None,
        body=SimpleNamespace(name="Runder Tisch"),
        meeting=SimpleNamespace(starts_at=date(2026, 3, 4)),
    )
    text = render_to_string("roundtable/emails/reminder.txt", {"item": item})
    assert text.startswith("Guten Tag Frau Yılmaz,")


def test_sender_is_the_office_by_name(settings):
    settings.KMUT_OFFICE_NAME = "Koordinierungsstelle Migration und Teilhabe Landkreis Peine"
    settings.KMUT_OFFICE_EMAIL = "kmut@landkreis-peine.example"
    assert parseaddr(office_sender()) == (
        "Koordinierungsstelle Migration und Teilhabe Landkreis Peine",
        "kmut@landkreis-peine.example",
    )
