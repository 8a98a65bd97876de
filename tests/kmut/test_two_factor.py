import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kmut import roles, two_factor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def current_code(device):
    return two_factor.current_code(device)


def password_login(client, username, next_url="/"):
    return client.post(
        f"{reverse('login')}?next={next_url}", {"username": username, "password": PASSWORD}
    )


@pytest.fixture
def fresh_coordinator(synced_roles):
    return UserFactory(username="miriam", role=roles.COORDINATION)


def test_staff_without_device_is_sent_to_the_setup_after_the_password(client, fresh_coordinator):
    password_login(client, "miriam")
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_setup"))
    html = client.get(response.url).content.decode()
    assert "Zwei-Faktor-Anmeldung einrichten" in html
    assert "<svg" in html
    device = TOTPDevice.objects.get(user=fresh_coordinator, confirmed=False)
    assert html.count("<nav") == 1  # no office navigation before the second factor
    assert 'href="/akteure/' not in html
    assert device.config_url.startswith("otpauth://totp/KMuT%3Amiriam")


@pytest.mark.parametrize(
    "url_name",
    [
        "actors:organisation_list",
        "volunteers:volunteer_list",
        "roundtable:actionitem_list",
        "consultations:index",
        "reporting:released_list",
        "kmut:reference_index",
        "password_change",
    ],
)
def test_staff_reach_no_office_page_before_the_second_factor(client, fresh_coordinator, url_name):
    password_login(client, "miriam")
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_setup"))


def test_administration_needs_the_second_factor_too(client, synced_roles):
    UserFactory(username="tobias", role=roles.ADMINISTRATION)
    password_login(client, "tobias")
    response = client.get(reverse("kmut:user_list"))
    assert response.url.startswith(reverse("two_factor_setup"))


@pytest.mark.parametrize("role", [roles.VOLUNTEER, roles.COMMITTEE])
def test_volunteers_and_committee_need_no_second_factor(client, synced_roles, role):
    UserFactory(username="leyla", role=role)
    response = password_login(client, "leyla")
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200


def test_setup_with_a_wrong_code_keeps_the_page_with_a_german_error(client, fresh_coordinator):
    password_login(client, "miriam")
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"token": "000000x"})
    assert response.status_code == 200
    assert "Der Code ist nicht gültig." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=fresh_coordinator, confirmed=True).exists()


def test_setup_confirms_the_device_shows_backup_codes_and_opens_the_office(
    client, fresh_coordinator
):
    password_login(client, "miriam")
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=fresh_coordinator)
    response = client.post(
        reverse("two_factor_setup"), {"token": current_code(device), "next": "/akteure/"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ersatzcodes" in html
    codes = StaticToken.objects.filter(device__user=fresh_coordinator)
    assert codes.count() == 10
    assert all(code.token in html for code in codes)
    assert 'href="/akteure/"' in html
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("actors:organisation_list")).status_code == 200


def test_a_new_login_asks_for_the_code_and_accepts_it(client, fresh_coordinator, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp waits a second after a wrong code
    device = TOTPDevice.objects.create(user=fresh_coordinator, name="app", confirmed=True)
    password_login(client, "miriam", next_url="/akteure/")
    response = client.get("/akteure/")
    assert response.url == f"{reverse('two_factor_verify')}?next=/akteure/"
    response = client.post(response.url, {"token": "123456"})
    html = response.content.decode()
    assert "Der Code ist nicht gültig oder abgelaufen." in html
    assert "aktuellen Code aus Ihrer Authenticator-App oder einen unbenutzten Backup-Code" in html
    response = client.post(
        reverse("two_factor_verify"), {"token": current_code(device), "next": "/akteure/"}
    )
    assert response.status_code == 302
    assert response.url == "/akteure/"
    assert client.get("/akteure/").status_code == 200


def test_a_backup_code_works_once(client, fresh_coordinator):
    from kmut import two_factor

    TOTPDevice.objects.create(user=fresh_coordinator, name="app", confirmed=True)
    code = two_factor.issue_backup_codes(user=fresh_coordinator)[0]
    password_login(client, "miriam")
    response = client.post(reverse("two_factor_verify"), {"token": code})
    assert response.url == reverse("dashboard")

    other = Client()
    password_login(other, "miriam")
    response = other.post(reverse("two_factor_verify"), {"token": code})
    assert response.status_code == 200
    assert "Der Code ist nicht gültig oder abgelaufen." in response.content.decode()


def test_the_code_step_refuses_a_foreign_next_url(client, fresh_coordinator):
    device = TOTPDevice.objects.create(user=fresh_coordinator, name="app", confirmed=True)
    password_login(client, "miriam")
    response = client.post(
        reverse("two_factor_verify"),
        {"token": current_code(device), "next": "https://evil.example/"},
    )
    assert response.url == reverse("dashboard")


def test_reset_command_removes_the_devices(fresh_coordinator):
    from django.core.management import call_command

    TOTPDevice.objects.create(user=fresh_coordinator, name="app", confirmed=True)
    call_command("reset_two_factor", "miriam", verbosity=0)
    assert not TOTPDevice.objects.filter(user=fresh_coordinator).exists()


def test_the_switch_turns_the_second_factor_off_for_development(
    client, fresh_coordinator, settings
):
    settings.KMUT_REQUIRE_2FA = False
    password_login(client, "miriam")
    assert client.get(reverse("actors:organisation_list")).status_code == 200
