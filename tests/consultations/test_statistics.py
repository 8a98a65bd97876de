"""Statistics never show a count of 1 or 2, nor let one be worked out from what they do show:
not on the page, in CSV/XLSX/PDF or in the charts."""

import csv
import io
import re
from datetime import date

import pytest
from django.db.models import Count
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from consultations import queries
from consultations.models import (
    AgeBand,
    Client,
    Consultation,
    ConsultationTopic,
    Gender,
    Origin,
    Referral,
    Topic,
)
from kmut.charts import Bar, bar_chart
from tests.consultations.disclosure import disclosed, shown_in_csv, shown_in_page, shown_in_xlsx
from tests.factories import LanguageFactory, MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

YEAR = 2026

consultation_rows = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=5),  # client index
        st.integers(min_value=1, max_value=12),  # month
        st.sampled_from(Consultation.Channel.values),
        st.sets(st.sampled_from(Topic.values), min_size=1, max_size=3),
        st.integers(min_value=0, max_value=2),  # language index
        st.booleans(),  # interpreter
        st.sets(st.integers(min_value=0, max_value=2), max_size=2),  # organisations
    ),
    max_size=25,
)
client_rows = st.lists(
    st.tuples(
        st.sampled_from(AgeBand.values),
        st.sampled_from(Gender.values),
        st.sampled_from(Origin.values),
        st.integers(min_value=0, max_value=2),
    ),
    min_size=6,
    max_size=6,
)


def _load(rows, clients_data):
    counsellor = UserFactory(username="zaehlung")
    languages = [LanguageFactory() for _index in range(3)]
    organisations = [OrganisationFactory() for _index in range(3)]
    municipalities = [MunicipalityFactory() for _index in range(3)]
    clients = [
        Client.objects.create(
            code=f"K-H-{index}",
            age_band=age,
            gender=gender,
            origin=origin,
            municipality=municipalities[municipality],
        )
        for index, (age, gender, origin, municipality) in enumerate(clients_data)
    ]
    for client, month, channel, topics, language, interpreter, referrals in rows:
        consultation = Consultation.objects.create(
            client=clients[client],
            held_on=date(YEAR, month, 1 + client),
            duration_minutes=30,
            channel=channel,
            counsellor=counsellor,
            language=languages[language],
            interpreter_used=interpreter,
        )
        for topic in topics:
            ConsultationTopic.objects.create(consultation=consultation, topic=topic)
        for organisation in referrals:
            Referral.objects.create(
                consultation=consultation, organisation=organisations[organisation]
            )


def _numbers(text: str) -> set[int]:
    return {int(number) for number in re.findall(r"(?<![\d<])\b\d+\b", text)}


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=consultation_rows, clients_data=client_rows)
def test_no_output_shows_one_or_two_cases(coordinator_client, rows, clients_data):
    Consultation.objects.all().delete()
    Client.objects.all().delete()
    _load(rows, clients_data)

    tables = queries.annual_tables(YEAR)
    counted = queries.count_tables(queries.YearCounts(YEAR))
    for table in tables:
        for cell in table.rows:
            assert cell.count is None or cell.count == 0 or cell.count >= 3
            assert cell.display not in ("1", "2")

    response = coordinator_client.get(reverse("consultations:statistics"), {"year": YEAR})
    page = response.content.decode()
    for table in tables:
        for cell in table.rows:
            assert f'<td class="text-end">{cell.display.replace("<", "&lt;")}</td>' in page
    for match in re.findall(r'<td class="text-end">([^<]*)</td>', page):
        assert match not in ("1", "2")
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S):
        for value in re.findall(r'fill="#212529">([^<]*)</text>\s*</g>', svg):
            assert value not in ("1", "2")
    assert disclosed(counted, shown_in_page(page, counted)) == []

    csv_response = coordinator_client.get(
        reverse("consultations:statistics_export", args=["csv"]), {"year": YEAR}
    )
    content = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    reader = csv.reader(io.StringIO(content), delimiter=";")
    next(reader)
    for _table, _label, count in reader:
        assert count not in ("1", "2")
    assert disclosed(counted, shown_in_csv(content, counted)) == []

    xlsx_response = coordinator_client.get(
        reverse("consultations:statistics_export", args=["xlsx"]), {"year": YEAR}
    )
    data = b"".join(xlsx_response.streaming_content)
    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=3, values_only=True):
            assert row[1] not in (1, 2, "1", "2")
    assert disclosed(counted, shown_in_xlsx(data, counted)) == []


def test_suppression_rule():
    assert [queries.is_primary(count) for count in range(5)] == [False, True, True, False, False]
    assert queries.Cell("x", None).display == "."
    assert queries.Cell("x", 0).display == "0"


def test_statistics_count_topics_and_clients(coordinator_client):
    _load(
        [(0, 1, "phone", {"work"}, 0, False, set())] * 5
        + [(1, 2, "phone", {"work", "housing"}, 0, True, {0})],
        [("18-26", "f", "SY", 0)] * 6,
    )
    tables = {table.key: table for table in queries.annual_tables(YEAR)}
    topics = {cell.label: cell.display for cell in tables["topic"].rows}
    assert topics["Arbeit"] == "6"  # several topics per consultation: each is counted
    assert topics["Wohnen"] == "."
    # February's one consultation would be 6 - 5: January is hidden with it.
    months = [cell.display for cell in tables["month"].rows]
    assert months[:3] == [".", ".", "0"]
    # Two clients: the clients' whole group is withheld.
    assert {cell.label: cell.display for cell in tables["totals"].rows} == {
        "Beratungen": "6",
        "Klient*innen": ".",
    }
    assert {cell.display for cell in tables["gender"].rows} == {"."}


def test_a_small_month_can_no_longer_be_worked_out_from_the_year(coordinator_client):
    """Measured on main: 294 consultations, December 2 was shown as "< 3", every other month
    exactly, so December was 294 - 292. Now a second month is hidden with it."""
    counsellor = UserFactory(username="jahr")
    clients = Client.objects.bulk_create(
        Client(code=f"K-J-{index}", gender=("f", "m")[index % 2]) for index in range(60)
    )
    months = [30, 25, 20, 25, 30, 20, 25, 30, 25, 30, 32, 2]
    consultations = Consultation.objects.bulk_create(
        Consultation(
            client=clients[number % 60],
            held_on=date(YEAR, month, 1 + number % 28),
            duration_minutes=30,
            channel="phone",
            counsellor=counsellor,
        )
        for month, count in enumerate(months, start=1)
        for number in range(count)
    )
    ConsultationTopic.objects.bulk_create(
        ConsultationTopic(consultation=consultation, topic="work") for consultation in consultations
    )
    response = coordinator_client.get(
        reverse("consultations:statistics_export", args=["csv"]), {"year": YEAR}
    )
    counted = queries.count_tables(queries.YearCounts(YEAR))
    shown = shown_in_csv(b"".join(response.streaming_content).decode("utf-8-sig"), counted)
    assert shown["totals"][0] == 294
    assert shown["month"][11] is None
    assert disclosed(counted, shown) == []


def test_bar_chart_is_accessible_svg():
    svg = bar_chart(title="Beratungen", bars=[Bar("Januar", 5, "5"), Bar("Februar", None, ".")])
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "<title" in svg
    assert "Februar: ." in svg


def test_statistics_pdf_safe_chart_renders_in_weasyprint():
    from kmut.pdf import render_pdf
    from tests.pdf import pdf_text

    pdf = render_pdf(
        "consultations/pdf/statistics.html",
        {
            "year": YEAR,
            "tables": [],
            "charts": [bar_chart(title="T", bars=[Bar("Januar", 5, "5")])],
            "district_name": "Landkreis Test",
            "suppression_note": queries.SUPPRESSION_NOTE,
        },
    )
    assert "Januar" in pdf_text(pdf)


def test_statistics_pdf_shows_suppressed_cells(coordinator_client):
    from tests.pdf import response_pdf_text

    _load([(0, 1, "phone", {"work"}, 0, False, set())] * 4, [("18-26", "f", "SY", 0)] * 6)
    response = coordinator_client.get(reverse("consultations:statistics_pdf"), {"year": YEAR})
    text = response_pdf_text(response)
    assert "Beratungen pro Monat" in text
    assert "Klient*innen ." in text  # one client
    assert "„.“ bedeutet: Zahlenwert geheim zu halten" in text


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=consultation_rows, clients_data=client_rows)
def test_every_table_equals_its_own_database_count_in_three_queries(
    django_assert_num_queries, rows, clients_data
):
    """The one-pass counting of a year agrees with a GROUP BY in the database for each table."""
    Consultation.objects.all().delete()
    Client.objects.all().delete()
    _load(rows, clients_data)
    # Another year's consultation must not be counted.
    Consultation.objects.create(
        client=Client.objects.first(),
        held_on=date(YEAR - 1, 12, 31),
        duration_minutes=30,
        channel="phone",
        counsellor=UserFactory(),
    )

    with django_assert_num_queries(3):
        counts = queries.YearCounts(YEAR)

    year = Consultation.objects.filter(held_on__year=YEAR)

    def grouped(queryset, field, distinct="pk"):
        return {
            row[field]: row["n"]
            for row in queryset.values(field).annotate(n=Count(distinct, distinct=True))
        }

    assert counts.consultations == year.count()
    assert counts.clients == year.values("client").distinct().count()
    assert counts.per_month == {
        month: year.filter(held_on__month=month).count()
        for month in range(1, 13)
        if year.filter(held_on__month=month).exists()
    }
    assert counts.per_channel == grouped(year, "channel")
    assert counts.per_language == grouped(year, "language__name")
    assert counts.per_interpreter == grouped(year, "interpreter_used")
    for field in queries.CLIENT_FIELDS:
        assert counts.per_client_field[field] == grouped(year, field, distinct="client")
    topics = ConsultationTopic.objects.filter(consultation__held_on__year=YEAR)
    assert counts.per_topic == grouped(topics, "topic")
    referrals = Referral.objects.filter(consultation__held_on__year=YEAR)
    assert counts.per_organisation == grouped(referrals, "organisation__name")


def test_no_hidden_count_of_the_demo_years_can_be_worked_out(settings, coordinator_client):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo_data")
    years = queries.available_years()
    assert years
    hidden = 0
    for year in years:
        counted = queries.count_tables(queries.YearCounts(year))
        page = coordinator_client.get(reverse("consultations:statistics"), {"year": year})
        csv_response = coordinator_client.get(
            reverse("consultations:statistics_export", args=["csv"]), {"year": year}
        )
        xlsx_response = coordinator_client.get(
            reverse("consultations:statistics_export", args=["xlsx"]), {"year": year}
        )
        outputs = [
            shown_in_page(page.content.decode(), counted),
            shown_in_csv(b"".join(csv_response.streaming_content).decode("utf-8-sig"), counted),
            shown_in_xlsx(b"".join(xlsx_response.streaming_content), counted),
        ]
        assert outputs[0] == outputs[1] == outputs[2]
        hidden += sum(value is None for values in outputs[0].values() for value in values)
        assert disclosed(counted, outputs[0]) == [], year
    assert hidden > 0  # the demo has small counts, so the check checks something
