"""Every HTML page of the permission matrix, for each role allowed on it, is valid HTML.

The pages are rendered with the test client, written to a temporary folder and checked by the
Nu HTML checker (vnu.jar from the npm package `vnu-jar`, installed by `npm ci` from the
project's package-lock.json; ./test does that) in one run, so Java starts once. Without Java or
vnu.jar the test is skipped locally; with CI=true it fails.
"""

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from kmut import roles
from tests.test_permissions import (
    MATRIX,
    OWN_ONLY,
    PUBLIC,
    REDIRECTING,
    SECOND_FACTOR,
    TWO_FACTOR_ROLES,
    PostOnly,
    _url,
)
from tests.volunteers import factories as vol

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Answers of these types are not HTML (PDF, CSV, calendar, vCard, JSON of the APIs).
HTML = "text/html"


def _vnu_command():
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("java (Debian: default-jre-headless)")
    if not VNU_JAR.is_file():
        missing.append(f"{VNU_JAR} (run `npm ci --ignore-scripts` in the project root)")
    if missing:
        message = "The Nu HTML checker needs " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(f"CI=true: {message}")
        pytest.skip(message)
    return [java, "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def _own_objects(user):
    """URL kwargs for the volunteer's own portal pages: objects that belong to the user."""
    volunteer = user.volunteer
    return {
        "volunteers:portal_assignment": lambda: {
            "pk": vol.AssignmentFactory(volunteer=volunteer).pk
        },
        "volunteers:portal_certificate": lambda: {
            "pk": vol.CertifiedParticipantFactory(volunteer=volunteer).pk
        },
        "volunteers:portal_claim_detail": lambda: {
            "pk": vol.ExpenseClaimFactory(volunteer=volunteer).pk
        },
        "volunteers:portal_claim_update": lambda: {
            "pk": vol.ExpenseClaimFactory(volunteer=volunteer, status="draft").pk
        },
    }


def _roles_on(allowed):
    """The roles (None: logged out) that get the page itself, not a redirect or a refusal."""
    if allowed == PUBLIC:
        return [None]
    if allowed == SECOND_FACTOR:
        return list(TWO_FACTOR_ROLES)
    if allowed in REDIRECTING or isinstance(allowed, PostOnly) or str(allowed).startswith("post"):
        return []
    if allowed == OWN_ONLY:
        return [roles.VOLUNTEER]
    return list(allowed)


def _as_document(html):
    """An htmx fragment is checked inside a minimal document; full pages as they are."""
    if html.lstrip().lower().startswith("<!doctype html>"):
        return html
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Fragment</title>'
        f"</head><body>{html}</body></html>"
    )


@pytest.mark.django_db
def test_every_page_of_the_matrix_is_valid_html(client_for, tmp_path):
    command = _vnu_command()
    clients = {}
    pages = {}  # file name -> (url name, role)
    for name, (allowed, _kwargs) in MATRIX.items():
        url = None  # one object per page, shown to each role (object factories may not repeat)
        for role in _roles_on(allowed):
            if role not in clients:
                clients[role] = client_for(role)
            client = clients[role]
            if allowed == OWN_ONLY:
                user = client.get(reverse("dashboard")).wsgi_request.user
                url = reverse(name, kwargs=_own_objects(user)[name]())
            elif url is None:
                url = _url(name)
            response = client.get(url)
            assert response.status_code == 200, f"{name} as {role}: {response.status_code}"
            if not response.get("Content-Type", "").startswith(HTML):
                break  # a PDF, CSV, calendar or JSON answer: the same type for every role
            file_name = f"{len(pages):03d}-{name.replace(':', '-')}-{role or 'public'}.html"
            (tmp_path / file_name).write_text(_as_document(response.content.decode()))
            pages[file_name] = (name, role or "logged out")
    assert len(pages) > 100, "the matrix should give well over 100 HTML pages"

    started = time.monotonic()
    result = subprocess.run(
        [*command, *sorted(str(tmp_path / file_name) for file_name in pages)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(f"vnu checked {len(pages)} pages in {time.monotonic() - started:.1f} s")
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(result.stderr)
    errors = []
    for message in report["messages"]:
        file_name = Path(message.get("url", "")).name
        name, role = pages.get(file_name, (file_name, "?"))
        errors.append(
            f"{name} ({role}) line {message.get('lastLine', '?')}: {message['message']}"
            f" · {' '.join(message.get('extract', '').split())}"
        )
    if errors:
        pytest.fail(f"{len(errors)} HTML errors:\n" + "\n".join(errors), pytrace=False)
