import re
import threading
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import AccessLog, Client, Consultation, Referral
from tests.consultations.factories import ClientFactory, ConsultationFactory, entry_form_data
from tests.factories import LanguageFactory, OrganisationFactory
from tests.volunteers.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def _entry(**overrides):
    return entry_form_data(**{"save_and_new": "1", **overrides})


def test_entry_creates_a_new_client_with_the_next_code(coordinator_client, coordinator):
    data = _entry(counsellor=coordinator.pk, new_age_band="18-26", new_gender="m")
    response = coordinator_client.post(reverse("consultations:consultation_create"), data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("consultations:consultation_create") + "?t=")
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
        interpreter_assignment_search=assignment.reference,
        referral_1=organisation.pk,
        referral_1_search=organisation.name,
        referral_1_consent="on",
        referral_2=(second := OrganisationFactory()).pk,
        referral_2_search=second.name,
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
    data = _entry(
        counsellor=coordinator.pk,
        interpreter_assignment=assignment.pk,
        interpreter_assignment_search=assignment.reference,
    )
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


# --- back and save again, dates, statistics year, "Weitere Beratung", entry points (issue 17) --

ALREADY_SAVED = "Diese Beratung wurde bereits gespeichert."


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def test_back_and_save_again_leads_to_the_saved_consultation(coordinator_client, coordinator):
    url = reverse("consultations:consultation_create")
    data = _entry(counsellor=coordinator.pk, new_age_band="27-44")
    first = coordinator_client.post(url, data)
    assert first.status_code == 302
    consultation = Consultation.objects.get()
    # Back: the form as it was, even with the client code emptied; saved again.
    again = coordinator_client.post(url, {**data, "client_code": ""}, follow=True)
    assert again.redirect_chain == [(consultation.get_absolute_url(), 302)]
    assert ALREADY_SAVED in _messages(again)
    assert Client.objects.count() == 1
    assert Consultation.objects.count() == 1


def test_an_invalid_resubmission_still_leads_to_the_saved_consultation(
    coordinator_client, coordinator
):
    url = reverse("consultations:consultation_create")
    data = _entry(counsellor=coordinator.pk)
    coordinator_client.post(url, data)
    again = coordinator_client.post(url, {**data, "topics": []})
    assert again.status_code == 302
    assert again.url == Consultation.objects.get().get_absolute_url()
    assert Client.objects.count() == 1


def test_the_form_address_carries_its_token_so_a_refetch_on_back_finds_the_saved_one(
    coordinator_client, coordinator
):
    url = reverse("consultations:consultation_create")
    saved = coordinator_client.post(url, _entry(counsellor=coordinator.pk))
    next_form = saved.url  # "Save and new": /beratung/neu/?t=<token of the next form>
    token = next_form.split("?t=")[1]
    page = coordinator_client.get(next_form)
    assert page.status_code == 200
    assert f'name="submission_token" value="{token}"' in page.content.decode()
    assert 'data-token-in-url="t"' in page.content.decode()
    # A browser that fetches the first form again on "back" asks with the used token.
    used = Consultation.objects.get().submission_token
    refetched = coordinator_client.get(f"{url}?t={used}", follow=True)
    assert refetched.redirect_chain == [(Consultation.objects.get().get_absolute_url(), 302)]
    assert ALREADY_SAVED in _messages(refetched)
    # A fresh or garbled token opens the empty form.
    assert coordinator_client.get(f"{url}?t=kaputt").status_code == 200
    assert Consultation.objects.count() == 1


def test_the_client_code_is_restored_by_the_browser_on_back(coordinator_client):
    html = coordinator_client.get(reverse("consultations:consultation_create")).content.decode()
    field = html[html.index('name="client_code"') :].split(">", 1)[0]
    assert "autocomplete" not in field  # autocomplete="off" makes browsers drop it on "back"
    assert "autofocus" in field


def test_two_posts_of_one_token_at_the_same_moment_save_once(coordinator):
    """The service alone, as two requests racing past the view's check would call it."""
    token = uuid.uuid4()
    results = [
        services.record_entry(
            by=coordinator,
            client=None,
            client_code="",
            new_client={},
            submission_token=token,
            held_on=date(2026, 3, 2),
            duration_minutes=30,
            channel="in_person",
            counsellor=coordinator,
            topics=["work"],
        )
        for _attempt in range(2)
    ]
    assert [created for _consultation, created in results] == [True, False]
    assert results[0][0] == results[1][0]
    assert Client.objects.count() == 1
    assert Consultation.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; threads need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_threads_with_one_token_save_once(coordinator):
    token = uuid.uuid4()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            barrier.wait(timeout=10)
            results.append(
                services.record_entry(
                    by=coordinator,
                    client=None,
                    client_code="",
                    new_client={},
                    submission_token=token,
                    held_on=date(2026, 3, 2),
                    duration_minutes=30,
                    channel="in_person",
                    counsellor=coordinator,
                    topics=["work"],
                )
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _thread in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The loser either finds the winner's consultation or is told to check and save again;
    # it never saves a second one.
    assert len(results) + len(errors) == 2
    assert all(isinstance(error, ValidationError) for error in errors), errors
    assert Consultation.objects.count() == 1
    assert Client.objects.count() == 1
    assert Consultation.objects.get().submission_token == token


def _field_error(html: str, field: str) -> str:
    """The text of the invalid-feedback block following the field's input."""
    after = html[html.index(f'name="{field}"') :]
    return after[after.index("invalid-feedback") :].split("</", 1)[0]


def test_a_consultation_in_the_future_is_refused_at_its_field(coordinator_client, coordinator):
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = _entry(counsellor=coordinator.pk, held_on=tomorrow.isoformat(), client_code="K-ZUK-1")
    response = coordinator_client.post(reverse("consultations:consultation_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Das Datum einer Beratung darf nicht in der Zukunft liegen." in _field_error(
        html, "held_on"
    )
    assert f'value="{tomorrow.isoformat()}"' in html
    assert 'value="K-ZUK-1"' in html
    assert not Consultation.objects.exists()
    assert not Client.objects.exists()


def test_today_is_accepted(coordinator_client, coordinator):
    today = timezone.localdate().isoformat()
    data = _entry(counsellor=coordinator.pk, held_on=today, follow_up_on=today)
    assert (
        coordinator_client.post(reverse("consultations:consultation_create"), data).status_code
        == 302
    )
    assert Consultation.objects.get().follow_up_on == timezone.localdate()
    assert Client.objects.count() == 1


def test_a_follow_up_before_the_consultation_is_refused(coordinator_client, coordinator):
    data = _entry(counsellor=coordinator.pk, held_on="2026-03-02", follow_up_on="2026-03-01")
    response = coordinator_client.post(reverse("consultations:consultation_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Die Wiedervorlage darf nicht vor dem Datum der Beratung liegen." in _field_error(
        html, "follow_up_on"
    )
    assert 'value="2026-03-01"' in html
    assert not Consultation.objects.exists()
    assert not Client.objects.exists()


def test_editing_refuses_the_same_dates(coordinator_client, coordinator):
    consultation = ConsultationFactory(counsellor=coordinator, held_on=date(2026, 2, 1))
    url = reverse("consultations:consultation_update", args=[consultation.pk])
    data = {
        "held_on": "2026-02-01",
        "follow_up_on": "2026-01-15",
        "duration_minutes": "30",
        "channel": "in_person",
        "counsellor": coordinator.pk,
        "topics": ["work"],
        "version": consultation.version,
    }
    response = coordinator_client.post(url, data)
    assert "Die Wiedervorlage darf nicht vor dem Datum der Beratung liegen." in _field_error(
        response.content.decode(), "follow_up_on"
    )
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = coordinator_client.post(url, {**data, "held_on": future, "follow_up_on": ""})
    assert "Das Datum einer Beratung darf nicht in der Zukunft liegen." in _field_error(
        response.content.decode(), "held_on"
    )
    consultation.refresh_from_db()
    assert consultation.held_on == date(2026, 2, 1)
    assert consultation.follow_up_on is None


def test_the_model_refuses_the_dates_for_every_caller(coordinator):
    client = ClientFactory()
    with pytest.raises(ValidationError) as raised:
        services.record_consultation(
            by=coordinator,
            client=client,
            held_on=timezone.localdate() + timedelta(days=1),
            duration_minutes=30,
            channel="in_person",
            counsellor=coordinator,
            topics=["work"],
        )
    assert "held_on" in raised.value.error_dict
    assert not Consultation.objects.exists()


def test_statistics_open_on_the_current_year(coordinator_client):
    this_year = timezone.localdate().year
    ConsultationFactory(held_on=date(this_year - 1, 5, 4))
    # A consultation of next year (typed before dates were checked) does not pull the page there.
    ConsultationFactory(held_on=date(this_year + 1, 1, 10))
    response = coordinator_client.get(reverse("consultations:statistics"))
    assert response.context["year"] == this_year
    html = response.content.decode()
    assert f'<option value="{this_year}" selected>' in html
    chosen = coordinator_client.get(reverse("consultations:statistics"), {"year": this_year - 1})
    assert chosen.context["year"] == this_year - 1


def test_statistics_offer_the_current_year_without_data(coordinator_client):
    this_year = timezone.localdate().year
    ConsultationFactory(held_on=date(this_year - 2, 5, 4))
    response = coordinator_client.get(reverse("consultations:statistics"))
    assert response.context["year"] == this_year
    assert [year for year, _label in response.context["form"].fields["year"].choices] == [
        this_year,
        this_year - 1,
        this_year - 2,
    ]


def test_further_consultation_from_the_client_page(coordinator_client, coordinator):
    client = ClientFactory(code="K-2026-0042")
    ConsultationFactory(client=client, held_on=date(2026, 3, 2))
    page = coordinator_client.get(client.get_absolute_url()).content.decode()
    url = reverse("consultations:client_consultation_create", args=[client.pk])
    assert f'href="{url}">Weitere Beratung</a>' in page
    form = coordinator_client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="K-2026-0042"' in html
    assert "Bestehende Klient*in" in html
    assert AccessLog.objects.filter(action="view", client_ref=client.pk).exists()
    token = form.context["form"]["submission_token"].value()
    data = _entry(
        counsellor=coordinator.pk,
        client_code="K-2026-0042",
        submission_token=str(token),
        save="1",
    )
    del data["save_and_new"]
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    assert Client.objects.count() == 1
    assert client.consultations.count() == 2


def test_further_consultation_is_not_offered_for_an_anonymised_client(coordinator_client):
    client = ClientFactory(anonymised_at=timezone.now())
    page = coordinator_client.get(client.get_absolute_url()).content.decode()
    assert "Weitere Beratung" not in page
    url = reverse("consultations:client_consultation_create", args=[client.pk])
    assert coordinator_client.get(url).status_code == 404


def test_new_consultation_is_a_real_button_in_the_counselling_navigation(coordinator_client):
    html = coordinator_client.get(reverse("consultations:index")).content.decode()
    url = reverse("consultations:consultation_create")
    assert f'<a class="btn btn-primary ms-auto" href="{url}">Neue Beratung</a>' in html


def test_no_template_makes_a_nav_link_a_coloured_button():
    """Bootstrap's .nav-link removes a .btn's background (white text on white before)."""
    pattern = re.compile(
        r'class="[^"]*\bnav-link\b[^"]*\bbtn-(?!link)|class="[^"]*\bbtn-(?!link)[\w-]*\b[^"]*\bnav-link\b'
    )
    offenders = [
        str(path)
        for path in Path(settings.BASE_DIR).glob("*/templates/**/*.html")
        if ".venv" not in path.parts and pattern.search(path.read_text())
    ]
    assert offenders == []


def test_the_coordinators_dashboard_starts_with_new_consultation_and_follow_ups(
    coordinator_client, coordinator
):
    today = timezone.localdate()
    ConsultationFactory(counsellor=coordinator, held_on=today, follow_up_on=today)
    ConsultationFactory(counsellor=coordinator, held_on=today - timedelta(days=90),
                        follow_up_on=today - timedelta(days=60))  # fmt: skip
    html = coordinator_client.get(reverse("dashboard")).content.decode()
    url = reverse("consultations:consultation_create")
    button = f'<a class="btn btn-primary btn-lg" href="{url}">Neue Beratung</a>'
    assert button in html
    assert html.index(button) < html.index("Braucht Ihre Aufmerksamkeit")
    assert "1 Ihrer Wiedervorlagen ist fällig" in html
    assert f'href="{reverse("consultations:index")}#follow-ups-heading"' in html


def test_the_committee_dashboard_offers_no_new_consultation(client_for):
    from kmut import roles

    html = client_for(roles.COMMITTEE).get(reverse("dashboard")).content.decode()
    assert "Neue Beratung" not in html
