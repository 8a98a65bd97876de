"""Trainings that need no volunteer programme (issue 14, point 3): staff, teachers, social
workers and volunteers of partner organisations, their participants counted by target group."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from reporting.snapshot import freeze, thaw
from tests.factories import OrganisationFactory
from tests.pdf import response_pdf_text
from tests.reporting.annual_factories import AnnualReportFactory
from tests.volunteers.factories import (
    CourseParticipantFactory,
    ProgrammeFactory,
    TrainingCourseFactory,
    TrainingSessionFactory,
    VolunteerFactory,
)
from volunteers import queries, services
from volunteers.models import CourseParticipant, ParticipantGroup, TrainingCourse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("synced_roles")]

AU = TrainingCourse.Audience
YEAR = 2026


def _teachers_course(**kwargs) -> TrainingCourse:
    defaults = {
        "programme": None,
        "audience": AU.TEACHERS,
        "title": "Salafismusprävention für Lehrkräfte",
        "status": "completed",
    }
    return TrainingCourseFactory(**{**defaults, **kwargs})


def _group(course, target_group=AU.TEACHERS, count=10, certificates=0, label=""):
    return ParticipantGroup.objects.create(
        course=course, target_group=target_group, label=label, count=count,
        certificates=certificates,
    )  # fmt: skip


def _form_data(**overrides) -> dict:
    data = {
        "programme": "",
        "audience": "teachers",
        "title": "Salafismusprävention für Lehrkräfte",
        "trainers": "beRATen e.V.",
        "location": "Gymnasium Lüchow, Aula",
        "description": "",
        "issues_certificates": "on",
        "min_attendance": "0,80",
        "status": "completed",
        "groups-TOTAL_FORMS": "3",
        "groups-INITIAL_FORMS": "0",
        "groups-MIN_NUM_FORMS": "0",
        "groups-MAX_NUM_FORMS": "1000",
        # What a browser posts for the empty rows: their certificates field starts at 0.
        **{f"groups-{row}-certificates": "0" for row in range(4)},
    }
    data.update(overrides)
    return data


# --- model rules --------------------------------------------------------------------------


def test_a_course_without_programme_must_name_another_audience():
    course = TrainingCourse(title="Interkulturelle Öffnung", programme=None, audience=AU.VOLUNTEERS)
    with pytest.raises(ValidationError) as error:
        course.full_clean()
    assert error.value.message_dict["audience"] == [
        "Eine Schulung ohne Programm braucht eine andere Zielgruppe, z. B. Lehrkräfte oder "
        "Verwaltungsmitarbeitende."
    ]
    course.audience = AU.ADMINISTRATION
    course.full_clean()  # valid now
    course.save()
    assert TrainingCourse.objects.get(pk=course.pk).get_audience_display() == (
        "Verwaltungsmitarbeitende"
    )


def test_a_course_of_a_programme_is_for_its_volunteers():
    course = TrainingCourse(title="Asyl", programme=ProgrammeFactory(), audience=AU.TEACHERS)
    with pytest.raises(ValidationError) as error:
        course.full_clean()
    assert "für die Ehrenamtlichen des Programms" in error.value.message_dict["audience"][0]


@pytest.mark.parametrize(
    ("programme", "audience"), [(False, AU.VOLUNTEERS), (True, AU.SOCIAL_WORKERS)]
)
def test_the_database_refuses_a_programme_and_audience_that_do_not_fit(programme, audience):
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingCourse.objects.create(
            title="X", programme=ProgrammeFactory() if programme else None, audience=audience
        )


def test_a_group_has_no_more_certificates_than_participants():
    course = _teachers_course()
    group = ParticipantGroup(course=course, target_group=AU.TEACHERS, count=5, certificates=6)
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert error.value.message_dict["certificates"] == [
        "Es kann nicht mehr Bescheinigungen als Teilnehmende geben."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        group.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        _group(course, target_group=AU.VOLUNTEERS)  # the office's volunteers are enrolled


# --- totals -------------------------------------------------------------------------------


def test_participants_and_certificates_add_registered_and_counted_people():
    """18 enrolled volunteers (two certified) and two guests of a partner initiative."""
    course = TrainingCourseFactory(title="Ausbildung Asylbegleitung")
    places = CourseParticipantFactory.create_batch(18, course=course)
    for place in places[:2]:
        place.certificate_issued_on = date(YEAR, 4, 30)
        place.save()
    _group(course, AU.PARTNER_VOLUNTEERS, count=2, certificates=1, label="Netzwerkgruppe Asyl")
    teachers = _teachers_course()
    _group(teachers, count=11, certificates=11)
    _group(teachers, count=7, certificates=6)
    empty = _teachers_course(title="Noch ohne Teilnehmende", status="planned")

    totals = {
        row.pk: (row.participant_count, row.certificate_count)
        for row in TrainingCourse.objects.with_totals()
    }

    assert totals == {course.pk: (20, 3), teachers.pk: (18, 17), empty.pk: (0, 0)}


def test_a_45_hour_course_with_18_participants_shows_45_hours_everywhere(lead_client):
    """Seed 003: list, detail page and annual report show the hours as entered (not 810)."""
    course = TrainingCourseFactory(title="Ausbildung Asylbegleitung")
    places = CourseParticipantFactory.create_batch(18, course=course)
    for month in range(1, 10):
        session = TrainingSessionFactory(
            course=course, date=date(YEAR, month, 3), teaching_hours=Decimal("5")
        )
        session.attendees.set(places)
    _group(course, AU.PARTNER_VOLUNTEERS, count=2)  # counted guests change no hours either

    listed = lead_client.get(reverse("volunteers:course_list"))
    row = next(row for row in listed.context["object_list"] if row.pk == course.pk)
    detail = lead_client.get(reverse("volunteers:course_detail", args=[course.pk]))
    report = queries.trainings(YEAR)

    assert (row.teaching_hours, row.participant_count) == (Decimal("45"), 20)
    assert detail.context["total_hours"] == Decimal("45")
    assert "45 Unterrichtsstunden · 20 Teilnehmende" in detail.content.decode()
    assert [(r["teaching_hours"], r["participants"]) for r in report] == [(Decimal("45"), 20)]
    assert "810" not in listed.content.decode() + detail.content.decode()


def test_completing_a_course_without_certificates_issues_none():
    course = TrainingCourseFactory(issues_certificates=False)
    place = CourseParticipantFactory(course=course)
    TrainingSessionFactory(course=course).attendees.add(place)
    volunteer = place.volunteer
    volunteer.status = "in_training"
    volunteer.save()

    certified = services.complete_course(course=course, by=None)

    assert certified == []
    assert CourseParticipant.objects.get(pk=place.pk).certificate_issued_on is None
    volunteer.refresh_from_db()
    assert volunteer.status == "active"  # the training itself was completed


def test_an_enrolled_volunteer_gets_a_certificate_of_a_training_without_programme(
    coordinator_client,
):
    course = _teachers_course(
        title="Interkulturelle Öffnung der Verwaltung", audience=AU.ADMINISTRATION
    )
    place = CourseParticipantFactory(course=course, certificate_issued_on=date(YEAR, 5, 19))
    TrainingSessionFactory(course=course, teaching_hours=4).attendees.add(place)

    response = coordinator_client.get(reverse("volunteers:certificate", args=[course.pk, place.pk]))

    text = " ".join(response_pdf_text(response).split())
    assert "hat an der Schulung „Interkulturelle Öffnung der Verwaltung“ teilgenommen." in text
    assert "des Programms" not in text
    assert "4 von 4 Unterrichtsstunden" in text


# --- the annual report --------------------------------------------------------------------


def test_trainings_of_a_year_include_courses_without_programme(lead_client):
    volunteers = TrainingCourseFactory(title="Basisschulung Sprachmittlung")
    CourseParticipantFactory.create_batch(3, course=volunteers)
    TrainingSessionFactory(course=volunteers, date=date(YEAR, 2, 1), teaching_hours=4)
    teachers = _teachers_course()
    TrainingSessionFactory(course=teachers, date=date(YEAR, 10, 27), teaching_hours=4)
    _group(teachers, count=11, certificates=11, label="Oberschulen")
    _group(teachers, count=7, certificates=7, label="Gymnasien")
    social = _teachers_course(
        title="Gewalt im Geschlechterverhältnis (Teil I)", audience=AU.SOCIAL_WORKERS
    )
    TrainingSessionFactory(course=social, date=date(YEAR, 10, 17), teaching_hours=6)
    _group(social, AU.SOCIAL_WORKERS, count=14, certificates=14)
    _group(social, AU.ADMINISTRATION, count=2, certificates=2)
    cancelled = _teachers_course(title="Abgesagt", status="cancelled")
    TrainingSessionFactory(course=cancelled, date=date(YEAR, 11, 24))
    elsewhere = _teachers_course(title="Voriges Jahr")
    TrainingSessionFactory(course=elsewhere, date=date(YEAR - 1, 3, 9))
    _group(elsewhere, count=3)

    rows = queries.trainings(YEAR)

    assert thaw(freeze({"rows": rows}))["rows"] == rows  # a snapshot keeps it exactly
    assert [row["title"] for row in rows] == [
        "Basisschulung Sprachmittlung",
        "Salafismusprävention für Lehrkräfte",
        "Gewalt im Geschlechterverhältnis (Teil I)",
    ]
    first, second, third = rows
    assert (first["programme"], first["audience"], first["participants"]) == (
        "Asylbegleitung",
        "Ehrenamtliche eines Programms",
        3,
    )
    assert first["groups"] == [
        {"target_group": "Ehrenamtliche eines Programms", "participants": 3, "certificates": 0}
    ]
    assert {key: second[key] for key in ("programme", "audience", "status")} == {
        "programme": "",
        "audience": "Lehrkräfte",
        "status": "abgeschlossen",
    }
    assert (second["teaching_hours"], second["participants"], second["certificates"]) == (
        Decimal("4"),
        18,
        18,
    )
    assert second["groups"] == [
        {"target_group": "Lehrkräfte", "participants": 18, "certificates": 18}
    ]
    assert [(g["target_group"], g["participants"]) for g in third["groups"]] == [
        ("Verwaltungsmitarbeitende", 2),
        ("Sozialarbeiter*innen", 14),
    ]
    assert third["participants"] == 16

    report = AnnualReportFactory(year=YEAR)
    page = lead_client.get(reverse("reporting:annualreport_detail", args=[report.pk]))
    html = re.sub(r"\s+", " ", page.content.decode())
    assert "Lehrkräfte · abgeschlossen" in html
    assert "Verwaltungsmitarbeitende: 2 · Sozialarbeiter*innen: 14" in html
    pdf = response_pdf_text(
        lead_client.get(reverse("reporting:annualreport_preview", args=[report.pk]))
    )
    assert "Salafismusprävention für Lehrkräfte" in pdf
    assert "Abgesagt" not in pdf


# --- pages --------------------------------------------------------------------------------


def test_a_training_for_teachers_is_created_with_its_groups(coordinator_client):
    school = OrganisationFactory(name="Gymnasium Lüchow")
    data = _form_data(
        organisers=[school.pk],
        **{
            "groups-0-target_group": "teachers",
            "groups-0-label": "Oberschulen",
            "groups-0-count": "11",
            "groups-0-certificates": "11",
            "groups-1-target_group": "social_workers",
            "groups-1-label": "Schulsozialarbeit",
            "groups-1-count": "3",
            "groups-1-certificates": "2",
        },
    )

    response = coordinator_client.post(reverse("volunteers:course_create"), data)

    assert response.status_code == 302
    course = TrainingCourse.objects.with_totals().get(title=data["title"])
    assert course.programme is None
    assert list(course.organisers.all()) == [school]
    assert [(g.label, g.count, g.certificates) for g in course.groups.all()] == [
        ("Oberschulen", 11, 11),
        ("Schulsozialarbeit", 3, 2),
    ]
    assert (course.participant_count, course.certificate_count) == (14, 13)
    page = coordinator_client.get(response.url).content.decode()
    assert "Gezählte Teilnehmende nach Zielgruppe" in page
    assert "Schulsozialarbeit" in page
    assert "Gymnasium Lüchow" in page


def test_the_form_offers_empty_group_rows_without_javascript(coordinator_client):
    page = coordinator_client.get(reverse("volunteers:course_create")).content.decode()
    assert 'name="groups-TOTAL_FORMS" value="3"' in page
    assert 'name="groups-2-count"' in page
    assert '<option value="" selected>---------</option>' in page  # programme may stay empty


def test_an_invalid_form_keeps_what_was_typed_and_says_why_in_german(coordinator_client):
    data = _form_data(
        audience="volunteers",  # no programme: needs another audience
        **{
            "groups-0-target_group": "social_workers",
            "groups-0-label": "Jugendhilfe PACE",
            "groups-0-count": "8",
            "groups-0-certificates": "9",
        },
    )

    response = coordinator_client.post(reverse("volunteers:course_create"), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Eine Schulung ohne Programm braucht eine andere Zielgruppe" in page
    assert "Es kann nicht mehr Bescheinigungen als Teilnehmende geben." in page
    assert 'value="Jugendhilfe PACE"' in page
    assert 'value="Salafismusprävention für Lehrkräfte"' in page
    assert not TrainingCourse.objects.exists()


def test_a_course_without_certificates_accepts_no_certificate_counts(coordinator_client):
    data = _form_data(
        **{
            "issues_certificates": "",
            "groups-0-target_group": "teachers",
            "groups-0-count": "8",
            "groups-0-certificates": "8",
        }
    )
    data.pop("issues_certificates")

    response = coordinator_client.post(reverse("volunteers:course_create"), data)

    assert response.status_code == 200
    assert "Die Schulung stellt keine Bescheinigungen aus; tragen Sie" in response.content.decode()
    assert not ParticipantGroup.objects.exists()


def test_editing_changes_and_removes_groups(coordinator_client):
    course = _teachers_course()
    kept, removed = _group(course, count=10), _group(course, count=4)
    data = _form_data(
        **{
            "groups-TOTAL_FORMS": "4",
            "groups-INITIAL_FORMS": "2",
            "groups-0-id": str(kept.pk),
            "groups-0-target_group": "teachers",
            "groups-0-count": "12",
            "groups-0-certificates": "12",
            "groups-1-id": str(removed.pk),
            "groups-1-target_group": "teachers",
            "groups-1-count": "4",
            "groups-1-certificates": "0",
            "groups-1-DELETE": "on",
        }
    )

    response = coordinator_client.post(reverse("volunteers:course_update", args=[course.pk]), data)

    assert response.status_code == 302
    assert [(g.pk, g.count) for g in course.groups.all()] == [(kept.pk, 12)]
    assert kept.history.count() == 2  # the change is in the audit trail


def test_course_list_filters_by_audience_and_marks_missing_programmes(coordinator_client):
    TrainingCourseFactory(title="Ausbildung Asylbegleitung")
    _teachers_course()
    url = reverse("volunteers:course_list")

    teachers = coordinator_client.get(url, {"audience": "teachers"})
    without = coordinator_client.get(url, {"programme": "null"})

    assert [c.title for c in teachers.context["object_list"]] == [
        "Salafismusprävention für Lehrkräfte"
    ]
    assert [c.title for c in without.context["object_list"]] == [
        "Salafismusprävention für Lehrkräfte"
    ]
    row = re.search(r"<tr><td><a [^>]*>Salafismus.*?</tr>", teachers.content.decode()).group(0)
    assert "<td>–</td><td>Lehrkräfte</td>" in row


def test_course_list_query_count_stays_bounded(coordinator_client, django_assert_max_num_queries):
    for number in range(8):
        if number % 2:
            course = _teachers_course(title=f"Fortbildung {number}")
            _group(course, count=5)
            _group(course, AU.SOCIAL_WORKERS, count=3)
            course.organisers.add(OrganisationFactory())
        else:
            course = TrainingCourseFactory()
            CourseParticipantFactory.create_batch(3, course=course)
        TrainingSessionFactory.create_batch(2, course=course)
    with django_assert_max_num_queries(10):
        response = coordinator_client.get(reverse("volunteers:course_list"))
    counts = sorted(course.participant_count for course in response.context["object_list"])
    assert counts == [3, 3, 3, 3, 8, 8, 8, 8]


def test_a_training_without_programme_offers_counts_instead_of_enrolment(coordinator_client):
    course = _teachers_course(status="running")
    TrainingSessionFactory(course=course)
    VolunteerFactory()

    page = coordinator_client.get(reverse("volunteers:course_detail", args=[course.pk]))

    html = page.content.decode()
    assert "Teilnehmendenzahlen bearbeiten" in html
    assert "Trotzdem erfasste Ehrenamtliche anmelden" in html  # folded away, works without JS
    assert "Anwesenheit pro Termin" not in html  # no grid of registered people


# --- demo data ----------------------------------------------------------------------------


def test_demo_has_the_seed_trainings_in_last_and_this_year_once(settings):
    from django.core.management import call_command
    from django.utils import timezone

    settings.DEBUG = True
    call_command("seed_demo_data")
    call_command("seed_demo_data")
    today = timezone.localdate()
    last = today.year - 1

    courses = TrainingCourse.objects.filter(programme=None).with_totals()
    dated = {(c.sessions.first().date, c.get_status_display()): c.title for c in courses}
    assert len(courses) == 6  # a second run adds nothing
    assert dated[(date(last, 10, 17), "abgeschlossen")].endswith("(Teil I)")
    assert dated[(date(last, 10, 27), "abgeschlossen")].startswith("Fortbildung Salafismus")
    assert "Schulsozialarbeiter" in dated[(date(last, 11, 24), "abgesagt")]
    assert dated[(date(last, 12, 5), "abgeschlossen")].endswith("(Teil II)")
    assert any(day == date(today.year, 3, 9) for day, _status in dated)
    audiences = {course.audience for course in courses}
    assert audiences == {AU.SOCIAL_WORKERS, AU.TEACHERS, AU.ADMINISTRATION}

    rows = {row["title"]: row for row in queries.trainings(last)}
    part_one = rows[
        "Migrantensensible Sozialarbeit mit Flüchtlingen – Gewalt im Geschlechterverhältnis "
        "(Teil I)"
    ]
    assert (part_one["teaching_hours"], part_one["participants"]) == (Decimal("6"), 16)
    assert part_one["audience"] == "Sozialarbeiter*innen"
    assert "Fortbildung Salafismusprävention für Schulsozialarbeiter*innen" not in rows
    this_year = queries.trainings(today.year)
    assert {bool(row["programme"]) for row in this_year} == {True, False}  # mixed courses


def test_a_refused_session_shows_the_course_page_with_its_totals_again(coordinator_client):
    course = _teachers_course(status="running")
    _group(course, count=9)

    response = coordinator_client.post(
        reverse("volunteers:course_session_create", args=[course.pk]),
        {"date": "", "topic": "Modul 1", "teaching_hours": "4"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert "9 Teilnehmende" in html
    assert 'value="Modul 1"' in html
