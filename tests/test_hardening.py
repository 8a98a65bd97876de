"""Small hardening fixes (issue 15): open redirects, import ids, health check, session key,
history pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors.models import Organisation

pytestmark = pytest.mark.django_db


# --- registry import: unknown or non-numeric IDs ------------------------------------------


@pytest.mark.parametrize("raw_id", ["99999", "abc", "1.5", "-3"])
def test_import_preview_reports_an_unknown_or_non_numeric_id_in_german(
    coordinator_client, raw_id
):
    content = f"ID;Name;Art;PLZ\n{raw_id};Neuer Verein e.V.;Initiative;29439\n".encode()
    response = coordinator_client.post(
        reverse("actors:organisation_import"),
        {"file": SimpleUploadedFile("liste.csv", content)},
    )
    assert response.status_code == 302
    preview = coordinator_client.get(reverse("actors:organisation_import_preview"))
    assert preview.status_code == 200
    rows = preview.context["preview"]["rows"]
    assert [row["type"] for row in rows] == ["error"]
    assert f"Es gibt keine Organisation mit der ID {raw_id}." in preview.content.decode()

    confirmed = coordinator_client.post(
        reverse("actors:organisation_import_preview"), {"confirm": "1"}, follow=True
    )
    assert confirmed.status_code == 200
    assert "nichts importiert" in confirmed.content.decode()
    assert not Organisation.objects.exists()
