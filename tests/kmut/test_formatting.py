"""Amounts and shares read the same everywhere: one filter each, a no-break space before "€"."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from kmut.templatetags.kmut_format import eur, percent

BASE_DIR = Path(settings.BASE_DIR)
# volunteers/ follows once issue 13's templates are merged (the lead developer extends this).
NOT_YET_CHECKED = ()
HAND_MADE_MONEY = re.compile(r'floatformat:"-?2g?"\s*}}\s*(€|&euro;)|_money\.html')


def _templates():
    for path in BASE_DIR.glob("**/templates/**/*.html"):
        relative = path.relative_to(BASE_DIR)
        if relative.parts[0] in (".venv", "var", *NOT_YET_CHECKED):
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_amounts_are_written_with_no_break_space_in_german():
    with translation.override("de"):
        assert eur(Decimal("1234.5")) == "1.234,50\u00a0€"
        assert eur(Decimal("32886.79")) == "32.886,79\u00a0€"
        assert eur(None) == "–"


def test_shares_are_whole_percentages_rounded_half_up():
    with translation.override("de"):
        assert percent(Decimal("0.625")) == "63\u00a0%"
        assert percent(Decimal("0.63")) == "63\u00a0%"
        assert percent(Decimal("1.00")) == "100\u00a0%"
        assert percent(Decimal("0.4725"), "-2") == "47,25\u00a0%"
        assert percent(Decimal("0.5000"), "-2") == "50\u00a0%"
        assert percent(None) == "–"


def test_templates_use_the_filter():
    with translation.override("de"):
        html = Template("{% load kmut_format %}{{ amount|eur }}").render(
            Context({"amount": Decimal("57167.76")})
        )
    assert html == "57.167,76\u00a0€"


def test_no_template_outside_volunteers_formats_money_by_hand():
    offenders = [
        f"{relative}:{number}"
        for relative, text in _templates()
        for number, line in enumerate(text.splitlines(), start=1)
        if HAND_MADE_MONEY.search(line)
    ]
    assert not offenders, f"use {{{{ amount|eur }}}} from kmut_format: {offenders}"


def test_machine_datetime_is_local_time_in_whole_seconds():
    from datetime import UTC, datetime

    from kmut.templatetags.kmut_format import machine_datetime

    at = datetime(2026, 9, 22, 15, 0, 0, 123456, tzinfo=UTC)
    assert machine_datetime(at) == "2026-09-22T17:00:00+02:00"
    html = Template('{% load kmut_format %}<time datetime="{{ at|machine_datetime }}">').render(
        Context({"at": at})
    )
    assert html == '<time datetime="2026-09-22T17:00:00+02:00">'


@pytest.mark.django_db
def test_english_pages_use_one_date_and_time_style(coordinator_client):
    """English: "22 Sep 2026, 17:00 – 19:30", no "Sept. 22, 2026, 5 p.m." beside "19:30"."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.urls import reverse

    from tests.roundtable.factories import MeetingFactory

    berlin = ZoneInfo("Europe/Berlin")
    meeting = MeetingFactory(
        starts_at=datetime(2026, 9, 22, 17, 0, tzinfo=berlin),
        ends_at=datetime(2026, 9, 22, 19, 30, tzinfo=berlin),
    )
    coordinator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = coordinator_client.get(reverse("roundtable:meeting_detail", args=[meeting.pk])).content
    html = html.decode()
    assert "22 Sep 2026, 17:00 – 19:30" in html
    assert "p.m." not in html
    assert "Sept." not in html
    with translation.override("en"):
        rendered = Template('{{ at|date:"SHORT_DATETIME_FORMAT" }} {{ at|time }}').render(
            Context({"at": meeting.starts_at})
        )
    assert rendered == "22/09/2026 17:00 17:00"
