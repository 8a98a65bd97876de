"""Health check, Content-Security-Policy, no inline scripts, staff idle timeout."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from django.urls import reverse

from kmut.middleware import StaffIdleTimeoutMiddleware

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)


def test_health_check_answers_without_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.allow_error_logs  # Django logs every 5xx answer at ERROR
def test_health_check_reports_an_unreachable_database_with_503(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get(reverse("login")).headers["Content-Security-Policy"]
    parts = [part.strip().split(" ", 1) for part in policy.split(";") if part.strip()]
    directives = {part[0]: part[1] if len(part) > 1 else "" for part in parts}
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in policy


def _template_files():
    roots = [BASE_DIR / "templates", *BASE_DIR.glob("*/templates")]
    for root in roots:
        if ".venv" in root.parts or "var" in root.parts:
            continue
        yield from (path for path in root.rglob("*") if path.suffix in (".html", ".svg", ".txt"))


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
INLINE_STYLE = re.compile(r"<style[\s>]", re.IGNORECASE)


def test_no_template_contains_inline_script_or_event_handlers():
    offenders = []
    files = list(_template_files())
    assert len(files) > 50
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, JAVASCRIPT_URL):
            if match := pattern.search(text):
                offenders.append(f"{path.relative_to(BASE_DIR)}: {match.group(0)[:60]}")
    assert not offenders, "Move scripts into static JS files (CSP):\n" + "\n".join(offenders)


def test_no_browser_template_contains_inline_styles():
    """PDF templates (rendered by WeasyPrint, not a browser) may use style attributes."""
    offenders = []
    for path in _template_files():
        if "pdf" in path.relative_to(BASE_DIR).parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (STYLE_ATTRIBUTE, INLINE_STYLE):
            if match := pattern.search(text):
                offenders.append(f"{path.relative_to(BASE_DIR)}: {match.group(0)[:60]}")
    assert not offenders, "Move styles into static/css (CSP):\n" + "\n".join(offenders)


def test_staff_session_ends_after_the_idle_time(coordinator_client, settings):
    settings.KMUT_STAFF_IDLE_MINUTES = 30
    assert coordinator_client.get(reverse("actors:organisation_list")).status_code == 200
    session = coordinator_client.session
    # Shift the recorded last activity 31 minutes into the past instead of waiting.
    session[StaffIdleTimeoutMiddleware.SESSION_KEY] -= 31 * 60
    session.save()
    response = coordinator_client.get(reverse("actors:organisation_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    response = coordinator_client.get(response.url)
    assert "nach 30 Minuten ohne Aktivität abgemeldet" in response.content.decode()


def test_staff_session_stays_while_active(coordinator_client, settings):
    settings.KMUT_STAFF_IDLE_MINUTES = 30
    coordinator_client.get(reverse("dashboard"))
    session = coordinator_client.session
    session[StaffIdleTimeoutMiddleware.SESSION_KEY] -= 29 * 60
    session.save()
    assert coordinator_client.get(reverse("actors:organisation_list")).status_code == 200


def test_volunteer_session_has_no_idle_timeout(volunteer_client):
    assert volunteer_client.get(reverse("dashboard")).status_code == 200
    assert StaffIdleTimeoutMiddleware.SESSION_KEY not in volunteer_client.session
