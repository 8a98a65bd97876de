"""Account actions in the UI: resetting a second factor, deactivating and reactivating; each one
recorded in the account's history."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kmut import two_factor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture
def staff_member(synced_roles):
    """A coordinator with an authenticator app and backup codes."""
    user = UserFactory(
        username="miriam", first_name="Miriam", last_name="Kühn", role="Koordination"
    )
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    two_factor.issue_backup_codes(user=user)
    return user


def _password_login(username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    return client, response


def _latest_reason(user):
    return user.history.order_by("-history_date", "-history_id").first()


def test_administration_resets_a_coordinators_second_factor(
    administrator, administrator_client, staff_member
):
    page = administrator_client.get(reverse("kmut:user_detail", args=[staff_member.pk]))
    html = page.content.decode()
    assert "Zweiten Faktor zurücksetzen …" in html
    assert "Die Authenticator-App und alle Ersatzcodes von Miriam Kühn werden entfernt." in html
    response = administrator_client.post(
        reverse("kmut:user_reset_two_factor", args=[staff_member.pk]), follow=True
    )
    assert "Der zweite Faktor von Miriam Kühn wurde zurückgesetzt." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff_member).exists()
    assert not StaticDevice.objects.filter(user=staff_member).exists()
    record = _latest_reason(staff_member)
    assert record.history_user == administrator
    assert record.history_change_reason == "Zweiter Faktor zurückgesetzt (2 Gerät(e) entfernt)"
    assert "Zweiter Faktor zurückgesetzt" in response.content.decode()
    # The next login asks for the setup again.
    client, login = _password_login("miriam")
    assert login.status_code == 302
    assert client.get(reverse("dashboard")).url.startswith(reverse("two_factor_setup"))


def test_the_head_of_office_resets_a_coordinator_but_not_an_administrator(
    lead, lead_client, staff_member, administrator
):
    TOTPDevice.objects.create(user=administrator, name="app", confirmed=True)
    assert lead_client.get(reverse("kmut:user_list")).status_code == 200
    listed = lead_client.get(reverse("kmut:user_list")).context["rows"]
    assert [account for account, _role in listed] == [staff_member]
    response = lead_client.post(reverse("kmut:user_reset_two_factor", args=[staff_member.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=staff_member).exists()
    assert _latest_reason(staff_member).history_user == lead
    response = lead_client.post(reverse("kmut:user_reset_two_factor", args=[administrator.pk]))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()
    assert lead_client.get(reverse("kmut:user_detail", args=[administrator.pk])).status_code == 403
    assert (
        lead_client.post(reverse("kmut:user_deactivate", args=[administrator.pk])).status_code
        == 403
    )
    administrator.refresh_from_db()
    assert administrator.is_active


def test_a_coordinator_may_not_reset_a_second_factor(coordinator_client, staff_member):
    response = coordinator_client.post(
        reverse("kmut:user_reset_two_factor", args=[staff_member.pk])
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=staff_member).exists()


def test_deactivated_accounts_cannot_log_in_until_reactivated(
    administrator, administrator_client, staff_member
):
    logged_in = Client()
    logged_in.force_login(staff_member)
    response = administrator_client.post(
        reverse("kmut:user_deactivate", args=[staff_member.pk]), follow=True
    )
    assert "Das Konto von Miriam Kühn wurde deaktiviert" in response.content.decode()
    staff_member.refresh_from_db()
    assert not staff_member.is_active
    assert _latest_reason(staff_member).history_change_reason == "Konto deaktiviert"
    assert _latest_reason(staff_member).history_user == administrator
    _client, login = _password_login("miriam")
    assert login.status_code == 200
    # A running session ends with the next page.
    assert logged_in.get(reverse("dashboard")).url.startswith(reverse("login"))

    administrator_client.post(reverse("kmut:user_activate", args=[staff_member.pk]))
    staff_member.refresh_from_db()
    assert staff_member.is_active
    assert _latest_reason(staff_member).history_change_reason == "Konto reaktiviert"
    _client, login = _password_login("miriam")
    assert login.status_code == 302


def test_nobody_deactivates_their_own_account(administrator, administrator_client):
    response = administrator_client.post(
        reverse("kmut:user_deactivate", args=[administrator.pk]), follow=True
    )
    assert "Sie können Ihr eigenes Konto nicht deaktivieren." in response.content.decode()
    assert User.objects.get(pk=administrator.pk).is_active


def test_the_reset_command_uses_the_same_recorded_service(staff_member):
    call_command("reset_two_factor", "miriam", verbosity=0)
    assert not TOTPDevice.objects.filter(user=staff_member).exists()
    record = _latest_reason(staff_member)
    assert record.history_user.username == "system"  # commands act as the system user
    assert record.history_change_reason.startswith("Zweiter Faktor zurückgesetzt")


def test_the_code_page_names_who_resets_the_second_factor(staff_member):
    client, _login = _password_login("miriam")
    page = client.get(reverse("two_factor_verify")).content.decode()
    assert "bei Beschäftigten der Koordinierungsstelle auch die Leitung" in page
