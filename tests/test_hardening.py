"""Small hardening fixes (issue 15): open redirects, import ids, health check, session key,
history pages."""

import re
from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice

from actors.models import Organisation
from kmut import roles, two_factor
from roundtable.models import ActionItem
from tests.factories import UserFactory
from tests.roundtable.factories import ActionItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
HOSTILE_TARGETS = [
    "https://evil.example/",
    "//evil.example",
    "https:evil.example",
    "/\\evil.example",
]


def _stays_on_site(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//") and "evil.example" not in url


# --- ?next= never leaves the site ---------------------------------------------------------


def _action_item_update(client, next_url):
    item = ActionItemFactory()
    response = client.post(
        reverse("roundtable:actionitem_update", args=[item.pk])
        + "?"
        + urlencode({"next": next_url}),
        {"status": ActionItem.Status.DONE, "due_on": "", "owner_email": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url


def _action_item_update_with_next_in_post(client, next_url):
    item = ActionItemFactory()
    response = client.post(
        reverse("roundtable:actionitem_update", args=[item.pk]),
        {"status": ActionItem.Status.DONE, "due_on": "", "owner_email": "", "next": next_url},
    )
    assert response.status_code == 302
    return response.url


def _staff_with_device(username="miriam"):
    user = UserFactory(username=username, role=roles.COORDINATION)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user, device


def _two_factor_verify(client, next_url):
    user, device = _staff_with_device()
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    response = client.post(
        reverse("two_factor_verify") + "?" + urlencode({"next": next_url}),
        {"token": two_factor.current_code(device), "next": next_url},
    )
    assert response.status_code == 302
    return response.url


def _two_factor_setup(client, next_url):
    user = UserFactory(username="miriam", role=roles.COORDINATION)
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        reverse("two_factor_setup") + "?" + urlencode({"next": next_url}),
        {"token": two_factor.current_code(device), "next": next_url},
    )
    assert response.status_code == 200
    return response.context["next"]  # the "Continue" link after the backup codes


def _login(client, next_url):
    UserFactory(username="leyla", role=roles.VOLUNTEER)
    response = client.post(
        reverse("login") + "?" + urlencode({"next": next_url}),
        {"username": "leyla", "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    return response.url


def _set_language(client, next_url):
    response = client.post(reverse("set_language"), {"language": "en", "next": next_url})
    assert response.status_code == 302
    return response.url


NEXT_VIEWS = {
    "actionitem_update": (_action_item_update, "coordinator_client"),
    "actionitem_update_post": (_action_item_update_with_next_in_post, "coordinator_client"),
    "two_factor_verify": (_two_factor_verify, "client"),
    "two_factor_setup": (_two_factor_setup, "client"),
    "login": (_login, "client"),
    "set_language": (_set_language, "client"),
}


@pytest.mark.parametrize("view", NEXT_VIEWS)
@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_next_never_redirects_off_the_site(request, synced_roles, view, target):
    action, client_fixture = NEXT_VIEWS[view]
    client = request.getfixturevalue(client_fixture)
    url = action(client, target)
    assert _stays_on_site(url), url


@pytest.mark.parametrize("view", NEXT_VIEWS)
def test_a_local_next_is_honoured(request, synced_roles, view):
    action, client_fixture = NEXT_VIEWS[view]
    client = request.getfixturevalue(client_fixture)
    assert action(client, "/gremien/") == "/gremien/"


def test_safe_next_refuses_plain_http_on_a_secure_request(rf):
    from kmut.views import safe_next

    secure = rf.get("/", {"next": "http://testserver/gremien/"}, secure=True)
    assert safe_next(secure, "/fallback/") == "/fallback/"
    assert safe_next(rf.get("/", {"next": ""}), "/fallback/") == "/fallback/"
    assert safe_next(rf.get("/", {"next": "/gremien/?x=1"}), "/fallback/") == "/gremien/?x=1"


# --- /healthz always answers JSON ---------------------------------------------------------


def test_health_check_is_ok_with_a_session_cookie(coordinator_client):
    response = coordinator_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.allow_error_logs  # Django logs every 5xx answer at ERROR
@pytest.mark.parametrize("with_session", [False, True])
def test_health_check_answers_503_json_when_the_database_is_down(
    client, coordinator, monkeypatch, with_session
):
    if with_session:
        client = Client()
        client.force_login(coordinator)
        assert client.cookies.get("sessionid")

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "error", "database": "unavailable"}


# --- the second factor gives the session a new key ----------------------------------------


@pytest.mark.parametrize("step", ["verify", "setup"])
def test_session_key_changes_at_the_second_factor(client, synced_roles, step):
    if step == "verify":
        user, device = _staff_with_device()
    else:
        user = UserFactory(username="miriam", role=roles.COORDINATION)
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    url = reverse(f"two_factor_{step}")
    client.get(url)
    if step == "setup":
        device = TOTPDevice.objects.get(user=user, confirmed=False)
    key_before = client.session.session_key

    response = client.post(url, {"token": two_factor.current_code(device)})
    assert response.status_code in (200, 302)

    assert client.session.session_key != key_before
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 200
    assert dashboard.wsgi_request.user == user
    assert dashboard.wsgi_request.user.is_verified()


# --- history pages ------------------------------------------------------------------------


def test_history_shows_german_labels_local_times_and_full_names(coordinator_client, coordinator):
    coordinator.first_name, coordinator.last_name = "Miriam", "Okafor"
    coordinator.save()
    meeting = MeetingFactory(starts_at=datetime(2026, 3, 4, 17, 30, 15, 123456, tzinfo=UTC))
    meeting.starts_at = datetime(2026, 3, 11, 8, 0, tzinfo=UTC)
    meeting.ends_on = date(2026, 3, 12)
    meeting._history_user = coordinator
    meeting.save()

    page = coordinator_client.get(reverse("roundtable:meeting_detail", args=[meeting.pk]))
    history = page.content.decode().split('id="history-heading"')[1]

    assert "Beginn: 04.03.2026 18:30 → 11.03.2026 09:00" in history
    assert "letzter Tag: – → 12.03.2026" in history
    assert "Miriam Okafor" in history
    shown = re.sub(r'datetime="[^"]*"', "", history)
    assert "geändert am:" not in shown  # the automatic timestamp is no change of its own
    for leak in ("starts_at", "starts at", "+00:00", "UTC", "123456", "2026-03"):
        assert leak not in shown, leak


# --- registry import: unknown or non-numeric IDs ------------------------------------------


@pytest.mark.parametrize("raw_id", ["99999", "abc", "1.5", "-3"])
def test_import_preview_reports_an_unknown_or_non_numeric_id_in_german(coordinator_client, raw_id):
    content = f"ID;Name;Art;PLZ\n{raw_id};Neuer Verein e.V.;Initiative;29439\n".encode()
    response = coordinator_client.post(
        reverse("actors:organisation_import"),
        {"file": SimpleUploadedFile("liste.csv", content)},
    )
    assert response.status_code == 302
    form = coordinator_client.get(reverse("actors:organisation_import_mapping")).context["form"]
    coordinator_client.post(
        reverse("actors:organisation_import_mapping"),
        {name: form[name].value() or "" for name in form.fields},
    )
    preview = coordinator_client.get(reverse("actors:organisation_import_preview"))
    assert preview.status_code == 200
    rows = preview.context["plan"].rows
    assert [row.action for row in rows] == ["error"]
    assert f"Zeile 2, Spalte „ID“: Es gibt keine Organisation mit der ID {raw_id}." in (
        preview.content.decode()
    )

    confirmed = coordinator_client.post(
        reverse("actors:organisation_import_confirm"),
        {"fingerprint": preview.context["plan"].fingerprint},
        follow=True,
    )
    assert confirmed.status_code == 200
    assert "nichts importiert" in confirmed.content.decode()
    assert not Organisation.objects.exists()
