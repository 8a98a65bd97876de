import uuid
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import AccessLog, Client, Consultation, Referral
from tests.consultations.factories import ClientFactory, ConsultationFactory
from tests.factories import LanguageFactory, OrganisationFactory
from tests.volunteers.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def _entry(**overrides):
    data = {
        "submission_token": str(uuid.uuid4()),
        "client_code": "",
        "held_on": "2026-03-02",
        "duration_minutes": "30",
        "channel": "in_person",
        "topics": ["residence"],
        "save_and_new": "1",
    }
    data.update(overrides)
    return data


def test_entry_creates_a_new_client_with_the_next_code(coordinator_client, coordinator):
    data = _entry(counsellor=coordinator.pk, new_age_band="18-26", new_gender="m")
    response = coordinator_client.post(reverse("consultations:consultation_create"), data)
    assert response.status_code == 302
    assert response.url == reverse("consultations:consultation_create")
    consultation = Consultation.objects.get()
    assert consultation.client.code.startswith("K-")
    assert consultation.client.age_band == "18-26"
    assert consultation.counsellor == coordinator
    assert [row.topic for row in consultation.topics.all()] == ["residence"]


def test_entry_finds_an_existing_client_by_code(coordinator_client, coordinator):
    client = ClientFactory(code="K-2026-0007")
    data = _entry(counsellor=coordinator.pk, client_code="k-2026-0007")
    coordinator_client.post(reverse("consultations:consultation_create"), data)
    assert Consultation.objects.get().client == client
    assert Client.objects.count() == 1


def test_entry_with_interpreter_and_referral(coordinator_client, coordinator):
    organisation = OrganisationFactory()
    assignment = AssignmentFactory(kind="interpreting", starts_on=timezone.localdate())
    language = LanguageFactory()
    data = _entry(
        counsellor=coordinator.pk,
        language=language.pk,
        interpreter_used="on",
        interpreter_assignment=assignment.pk,
        referral_1=organisation.pk,
        referral_1_consent="on",
        referral_2=OrganisationFactory().pk,
        save="1",
    )
    del data["save_and_new"]
    response = coordinator_client.post(reverse("consultations:consultation_create"), data)
    consultation = Consultation.objects.get()
    assert response.url == consultation.get_absolute_url()
    assert consultation.interpreter_assignment == assignment
    assert Referral.objects.count() == 2
    referral = Referral.objects.get(organisation=organisation)
    assert referral.data_sharing_consent is True
    assert Referral.objects.exclude(organisation=organisation).get().data_sharing_consent is False


def test_double_submit_creates_one_consultation(coordinator_client, coordinator):
    data = _entry(counsellor=coordinator.pk)
    url = reverse("consultations:consultation_create")
    coordinator_client.post(url, data)
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    assert Consultation.objects.count() == 1
    assert Client.objects.count() == 1


def test_bad_input_keeps_what_was_typed(coordinator_client, coordinator):
    data = _entry(counsellor=coordinator.pk, topics=[], client_code="K-NEU-1", note="Rückruf")
    response = coordinator_client.post(reverse("consultations:consultation_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert 'value="K-NEU-1"' in html
    assert "Rückruf" in html
    assert not Consultation.objects.exists()


def test_assignment_without_interpreter_is_refused(coordinator_client, coordinator):
    assignment = AssignmentFactory(kind="interpreting", starts_on=timezone.localdate())
    data = _entry(counsellor=coordinator.pk, interpreter_assignment=assignment.pk)
    response = coordinator_client.post(reverse("consultations:consultation_create"), data)
    assert response.status_code == 200
    assert "nur verknüpft werden, wenn" in response.content.decode()
    assert not Consultation.objects.exists()


def test_invalid_client_code_is_refused(coordinator_client, coordinator):
    data = _entry(counsellor=coordinator.pk, client_code="Amina Musterfrau")
    response = coordinator_client.post(reverse("consultations:consultation_create"), data)
    assert response.status_code == 200
    assert not Client.objects.exists()


def test_client_lookup_tells_existing_from_new(coordinator_client):
    ClientFactory(code="K-2026-0001")
    url = reverse("consultations:client_lookup")
    existing = coordinator_client.post(url, {"client_code": "K-2026-0001"}).content.decode()
    new = coordinator_client.post(url, {"client_code": "K-2026-0002"}).content.decode()
    assert "Bestehende" in existing
    assert "Neue" in new


def test_note_is_shown_only_to_author_and_lead(client_for, coordinator_client, lead_client):
    from kmut import roles

    author_client = client_for(roles.COORDINATION)
    author = author_client.session["_auth_user_id"]
    consultation = ConsultationFactory(counsellor_id=author, note="Vertraulicher Vermerk")
    url = consultation.get_absolute_url()
    assert "Vertraulicher Vermerk" in author_client.get(url).content.decode()
    assert "Vertraulicher Vermerk" in lead_client.get(url).content.decode()
    assert "Vertraulicher Vermerk" not in coordinator_client.get(url).content.decode()
    edit = coordinator_client.get(
        reverse("consultations:consultation_update", args=[consultation.pk])
    )
    assert "Vertraulicher Vermerk" not in edit.content.decode()


def test_edit_by_a_colleague_keeps_the_note(coordinator_client, coordinator):
    consultation = ConsultationFactory(note="Nur für mich", held_on=date(2026, 2, 1))
    data = {
        "held_on": "2026-02-03",
        "duration_minutes": "45",
        "channel": "phone",
        "counsellor": coordinator.pk,
        "topics": ["work", "housing"],
        "version": consultation.version,
    }
    response = coordinator_client.post(
        reverse("consultations:consultation_update", args=[consultation.pk]), data
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.note == "Nur für mich"
    assert consultation.held_on == date(2026, 2, 3)
    assert {row.topic for row in consultation.topics.all()} == {"work", "housing"}


def test_every_read_is_logged(coordinator_client, coordinator):
    consultation = ConsultationFactory()
    coordinator_client.get(consultation.get_absolute_url())
    coordinator_client.get(reverse("consultations:index"))
    coordinator_client.get(reverse("consultations:client_detail", args=[consultation.client_id]))
    log = AccessLog.objects.filter(user=coordinator, consultation_ref=consultation.pk)
    assert set(log.values_list("action", flat=True)) == {"view", "list"}
    assert log.count() == 3
    assert AccessLog.objects.filter(
        user=coordinator, action="view", client_ref=consultation.client_id
    ).exists()


def test_client_code_is_not_in_the_page_title(coordinator_client):
    consultation = ConsultationFactory(client__code="K-GEHEIM-1")
    for url in (
        consultation.get_absolute_url(),
        reverse("consultations:client_detail", args=[consultation.client_id]),
    ):
        html = coordinator_client.get(url).content.decode()
        title = html.split("<title>")[1].split("</title>")[0]
        assert "K-GEHEIM-1" not in title


def test_consultation_list_query_count(coordinator_client, django_assert_max_num_queries):
    for _index in range(30):
        ConsultationFactory()
    with django_assert_max_num_queries(14):
        response = coordinator_client.get(reverse("consultations:index"))
    assert response.status_code == 200


def test_client_list_query_count(coordinator_client, django_assert_max_num_queries):
    for _index in range(30):
        ConsultationFactory()
    with django_assert_max_num_queries(10):
        response = coordinator_client.get(reverse("consultations:client_list"))
    assert response.status_code == 200


def test_access_log_query_count(lead_client, django_assert_max_num_queries):
    for _index in range(20):
        lead_client.get(ConsultationFactory().get_absolute_url())
    # Client codes, consultation dates, the person filter's choices and the page's own log row.
    with django_assert_max_num_queries(12):
        response = lead_client.get(reverse("consultations:accesslog_list"))
    assert response.status_code == 200


def test_a_conflict_at_the_same_moment_gives_a_clear_error(coordinator, monkeypatch):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError

    from consultations import services

    def collide(**kwargs):
        raise IntegrityError("client_code unique")

    monkeypatch.setattr(services, "create_client", collide)
    with pytest.raises(ValidationError) as raised:
        services.record_entry(
            by=coordinator,
            client=None,
            client_code="",
            new_client={},
            submission_token=uuid.uuid4(),
            held_on=date(2026, 3, 2),
            duration_minutes=20,
            channel="phone",
            counsellor=coordinator,
            topics=["work"],
        )
    assert raised.value.code == "conflict"
    assert not Consultation.objects.exists()


def test_interpreter_choices_are_the_jobs_around_today(coordinator_client):
    today = timezone.localdate()
    near = AssignmentFactory(kind="interpreting", starts_on=today, reference="Termin nah")
    AssignmentFactory(kind="interpreting", starts_on=today.replace(year=today.year - 3),
                      reference="Termin alt")  # fmt: skip
    form = coordinator_client.get(reverse("consultations:consultation_create")).context["form"]
    assert list(form.fields["interpreter_assignment"].queryset) == [near]
