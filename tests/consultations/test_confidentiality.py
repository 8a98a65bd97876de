"""Volunteers, committee members and the administrator never reach the consultation log."""

import pytest
from django.urls import reverse

from consultations.models import AccessLog, Consultation
from consultations.urls import urlpatterns
from kmut import roles
from tests.consultations.factories import ClientIdentityFactory, ConsultationFactory

pytestmark = pytest.mark.django_db

OUTSIDERS = (roles.VOLUNTEER, roles.COMMITTEE, roles.ADMINISTRATION)


def _urls(consultation):
    for pattern in urlpatterns:
        kwargs = {}
        if "<int:pk>" in str(pattern.pattern):
            kwargs["pk"] = (
                consultation.client_id if "klienten" in str(pattern.pattern) else consultation.pk
            )
        if "file_format" in str(pattern.pattern):
            kwargs["file_format"] = "csv"
        yield reverse(f"consultations:{pattern.name}", kwargs=kwargs)


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_get_403_on_every_consultation_url(client_for, role):
    consultation = ConsultationFactory(note="Geheimvermerk")
    ClientIdentityFactory(client=consultation.client)
    client = client_for(role)
    for url in _urls(consultation):
        for method in (client.get, client.post):
            response = method(url, {"client_code": consultation.client.code})
            assert response.status_code in (403, 404), url
            assert b"Geheimvermerk" not in response.content
            assert b"Amina" not in response.content
    assert not AccessLog.objects.exists()
    assert Consultation.objects.get().note == "Geheimvermerk"
    assert not consultation.client.__class__.objects.get().is_anonymised


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_see_no_counselling_link(client_for, role):
    html = client_for(role).get(reverse("dashboard")).content.decode()
    assert reverse("consultations:index") not in html


def test_coordinator_cannot_export_or_read_the_access_log(coordinator_client):
    consultation = ConsultationFactory()
    export = reverse("consultations:client_export", args=[consultation.client_id])
    assert coordinator_client.get(export).status_code == 403
    assert coordinator_client.get(reverse("consultations:accesslog_list")).status_code == 403
