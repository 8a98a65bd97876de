"""Every page that shows a consultation or a client writes its access-log rows, once per page."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from consultations.models import AccessLog, Client
from consultations.urls import urlpatterns
from tests.consultations.factories import (
    ClientFactory,
    ClientIdentityFactory,
    ConsultationFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Pages under /beratung/ that read no stored person or consultation, with the reason.
EXEMPT = {
    "consultation_create": "an empty entry form; after an error it shows only what was typed",
    "referral_lookup": "organisations of the registry matching a typed text, no case data",
    "interpreter_lookup": "interpreting assignments matching a typed text, no case data",
    "statistics": "anonymous counts per year, every cell suppressed below 3",
    "statistics_pdf": "the same anonymous counts as a PDF",
    "statistics_export": "the same anonymous counts as CSV/XLSX",
}

# What each page must log, given one client with one consultation: (action, about the
# consultation?) per row. The pages' own row comes first; "list" rows are the rows a page shows.
EXPECTED = {
    "index": [("list", True)],
    "consultation_detail": [("view", True)],
    "consultation_update": [("edit", True)],
    "client_list": [("list", False)],
    "client_lookup": [("view", False)],
    "client_detail": [("view", False), ("list", True)],
    "client_update": [("edit", False)],
    "client_consultation_create": [("view", False)],
    "client_identity": [("edit", False)],
    "client_export": [("export", False)],
    "client_export_pdf": [("export", False)],
    "client_erase": [("confirm", False)],
    "accesslog_list": [("audit", None)],
}
# Pages that show their person only for a POST (the code never goes into a URL).
BY_POST = {"client_lookup"}


def _case():
    """One client with identity and one consultation with a note; client and consultation
    numbers differ, so that a swapped reference fails."""
    ClientFactory().delete()
    consultation = ConsultationFactory(note="Geheimvermerk", client__code="K-2026-0001")
    ClientIdentityFactory(client=consultation.client)
    assert consultation.pk != consultation.client_id
    return consultation


def _kwargs(pattern, consultation):
    route = str(pattern.pattern)
    kwargs = {}
    for name in pattern.pattern.converters:
        if name == "pk":
            kwargs["pk"] = (
                consultation.client_id if route.startswith("klienten/") else consultation.pk
            )
        elif name == "file_format":
            kwargs["file_format"] = "csv"
        else:  # pragma: no cover - a new URL parameter needs a value here
            pytest.fail(f"no value for <{name}> in {route}")
    return kwargs


def _new_rows(since):
    return list(AccessLog.objects.filter(pk__gt=since).order_by("pk"))


def _last_pk():
    return AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_every_consultations_url_is_either_logged_or_exempt():
    names = {pattern.name for pattern in urlpatterns}
    unknown = names - set(EXPECTED) - set(EXEMPT)
    assert not unknown, (
        f"{sorted(unknown)}: say in EXPECTED what the page logs (LogsCaseAccess) "
        "or in EXEMPT why it shows no case data"
    )
    assert not set(EXPECTED) & set(EXEMPT)
    assert set(EXPECTED) | set(EXEMPT) == names, "EXPECTED/EXEMPT name a URL that is gone"


def test_every_page_with_case_data_logs_one_row_per_rendering(lead_client, lead):
    consultation = _case()
    client_pk = consultation.client_id
    for pattern in urlpatterns:
        name = pattern.name
        url = reverse(f"consultations:{name}", kwargs=_kwargs(pattern, consultation))
        since = _last_pk()
        if name in BY_POST:
            response = lead_client.post(url, {"client_code": "K-2026-0001"})
        else:
            response = lead_client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        rows = _new_rows(since)
        if name in EXEMPT:
            assert rows == [], f"{name} is exempt but logged"
            continue
        got = [
            (row.action, row.consultation_ref is not None if row.client_ref else None)
            for row in rows
        ]
        assert got == EXPECTED[name], name
        for row in rows:
            assert row.user == lead, name
            if row.client_ref is not None:
                assert row.client_ref == client_pk, name
            if row.consultation_ref is not None:
                assert row.consultation_ref == consultation.pk, name


def test_the_edit_page_shows_the_note_and_is_logged(lead_client, lead):
    consultation = _case()
    response = lead_client.get(reverse("consultations:consultation_update", args=[consultation.pk]))
    assert "Geheimvermerk" in response.content.decode()
    assert list(AccessLog.objects.values_list("action", "consultation_ref")) == [
        ("edit", consultation.pk)
    ]


def _consultation_data(counsellor, **overrides):
    data = {
        "held_on": "2026-02-03",
        "duration_minutes": "45",
        "channel": "phone",
        "counsellor": counsellor.pk,
        "topics": ["work"],
    }
    data.update(overrides)
    return data


def test_an_invalid_form_shown_again_is_logged_once_and_a_saving_post_not(lead_client, lead):
    consultation = _case()
    url = reverse("consultations:consultation_update", args=[consultation.pk])
    response = lead_client.post(url, _consultation_data(lead, duration_minutes="0"))
    assert response.status_code == 200
    assert list(AccessLog.objects.values_list("action", flat=True)) == ["edit"]
    AccessLog.objects.all().delete()
    response = lead_client.post(url, {**_consultation_data(lead), "version": consultation.version})
    assert response.status_code == 302
    assert not AccessLog.objects.exists()


def test_client_forms_log_on_errors_but_not_on_save(lead_client):
    consultation = _case()
    client_pk = consultation.client_id
    update = reverse("consultations:client_update", args=[client_pk])
    assert lead_client.post(update, {"code": "K-2026-0001", "age_band": "x"}).status_code == 200
    identity = reverse("consultations:client_identity", args=[client_pk])
    assert lead_client.post(identity, {"full_name": ""}).status_code == 200
    assert sorted(AccessLog.objects.values_list("action", "client_ref")) == [
        ("edit", client_pk),
        ("edit", client_pk),
    ]
    AccessLog.objects.all().delete()
    saved = {"code": "K-2026-0001", "age_band": "18-26", "version": consultation.client.version}
    assert lead_client.post(update, saved).status_code == 302
    assert not AccessLog.objects.exists()


def test_erasing_logs_the_erasure_not_a_confirmation(lead_client):
    consultation = _case()
    response = lead_client.post(
        reverse("consultations:client_erase", args=[consultation.client_id])
    )
    assert response.status_code == 302
    assert list(AccessLog.objects.values_list("action", flat=True)) == ["erase"]


# --- the lead's access log page ----------------------------------------------------------


def _entry(user, action, at, client=None, consultation=None):
    entry = AccessLog.objects.create(
        user=user,
        action=action,
        client_ref=client.pk if client else (consultation.client_id if consultation else None),
        consultation_ref=consultation.pk if consultation else None,
    )
    AccessLog.objects.filter(pk=entry.pk).update(at=at)
    return entry


def _rows(response):
    return [entry for entry in response.context["object_list"] if entry.action != "audit"]


def test_the_log_shows_code_date_person_local_time_and_action(lead_client, lead):
    counsellor = UserFactory(first_name="Petra", last_name="Beispiel")
    consultation = ConsultationFactory(client__code="K-2026-0001", held_on=date(2026, 3, 2))
    _entry(counsellor, "edit", datetime(2026, 3, 2, 12, 5, tzinfo=UTC), consultation=consultation)
    html = lead_client.get(reverse("consultations:accesslog_list")).content.decode()
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    (row,) = [row for row in body.split("</tr>") if "Petra Beispiel" in row]
    assert "02.03.2026 13:05" in row
    assert "zur Bearbeitung geöffnet" in row
    assert "K-2026-0001" in row
    assert "02.03.2026" in row
    assert f"<td>{consultation.client_id}</td>" not in row


def test_the_log_shows_the_anonymous_code_after_an_erasure(lead_client, lead):
    consultation = ConsultationFactory(client__code="K-2026-0001")
    lead_client.get(consultation.get_absolute_url())
    lead_client.post(reverse("consultations:client_erase", args=[consultation.client_id]))
    html = lead_client.get(reverse("consultations:accesslog_list")).content.decode()
    assert "K-2026-0001" not in html
    assert f"ANON-{consultation.client_id}" in html
    assert "gelöscht (Art. 17)" in html


def test_the_log_filters_by_person_and_local_period(lead_client, lead):
    one, other = UserFactory(), UserFactory()
    client = ClientFactory()
    # 23:30 UTC on 1 March is 00:30 on 2 March in Lower Saxony.
    late = _entry(one, "view", datetime(2026, 3, 1, 23, 30, tzinfo=UTC), client=client)
    early = _entry(one, "view", datetime(2026, 3, 1, 10, 0, tzinfo=UTC), client=client)
    theirs = _entry(other, "view", datetime(2026, 3, 2, 10, 0, tzinfo=UTC), client=client)
    url = reverse("consultations:accesslog_list")

    response = lead_client.get(url, {"user": one.pk})
    assert {entry.pk for entry in _rows(response)} == {late.pk, early.pk}

    response = lead_client.get(url, {"at_from": "2026-03-02", "at_until": "2026-03-02"})
    assert {entry.pk for entry in _rows(response)} == {late.pk, theirs.pk}

    response = lead_client.get(url, {"user": one.pk, "at_until": "2026-03-01"})
    assert [entry.pk for entry in _rows(response)] == [early.pk]

    choices = [label for _value, label in response.context["filter"].form.fields["user"].choices]
    assert one.get_full_name() in choices


def test_the_log_is_paginated_and_keeps_the_filter(lead_client, lead):
    someone = UserFactory()
    client = ClientFactory()
    AccessLog.objects.bulk_create(
        AccessLog(user=someone, action="view", client_ref=client.pk) for _index in range(60)
    )
    url = reverse("consultations:accesslog_list")
    response = lead_client.get(url, {"user": someone.pk})
    assert len(response.context["object_list"]) == 50
    assert response.context["page_obj"].paginator.count == 60
    assert f"user={someone.pk}" in response.content.decode().split('class="pagination"')[1]
    response = lead_client.get(url, {"user": someone.pk, "page": 2})
    assert len(response.context["object_list"]) == 10


def test_the_log_query_count_does_not_grow_with_people_and_clients(
    lead_client, lead, django_assert_max_num_queries
):
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for _index in range(25):
        consultation = ConsultationFactory()
        _entry(consultation.counsellor, "view", at, consultation=consultation)
        _entry(UserFactory(), "list", at, client=consultation.client)
    url = reverse("consultations:accesslog_list")
    with django_assert_max_num_queries(12):
        response = lead_client.get(url)
    assert len(_rows(response)) == 50
    with django_assert_max_num_queries(12):
        response = lead_client.get(url, {"at_from": "2026-03-01", "action": "view"})
    assert len(_rows(response)) == 25
    assert Client.objects.count() == 25
