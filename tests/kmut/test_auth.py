import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_german_and_labelled(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="de">' in html
    assert "Anmelden" in html
    assert 'for="id_username"' in html
    assert 'for="id_password"' in html
    assert 'href="#main"' in html


def test_wrong_password_gives_a_german_message_and_keeps_the_user_name(client, synced_roles):
    UserFactory(username="miriam")
    response = client.post(reverse("login"), {"username": "miriam", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Benutzername oder Passwort ist falsch." in html
    assert "Groß- und Kleinschreibung wird unterschieden." in html
    assert 'value="miriam"' in html


def test_an_unknown_user_name_gets_the_same_message_as_a_wrong_password(client, synced_roles):
    response = client.post(reverse("login"), {"username": "niemand", "password": "wrong"})
    assert "Benutzername oder Passwort ist falsch." in response.content.decode()


def test_ten_wrong_passwords_lock_the_login_with_a_german_page_never_a_500(client, synced_roles):
    UserFactory(username="miriam")
    statuses = []
    for _attempt in range(10):
        response = client.post(reverse("login"), {"username": "miriam", "password": "wrong"})
        statuses.append(response.status_code)
    assert all(status in (200, 429) for status in statuses)
    assert statuses[-1] == 429
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()
    # The right password does not get through while the lock holds.
    response = client.post(
        reverse("login"), {"username": "miriam", "password": "correct horse battery"}
    )
    assert response.status_code == 429


def test_correct_password_and_code_log_in_and_show_the_dashboard(client, synced_roles):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.kmut.test_two_factor import current_code

    user = UserFactory(username="miriam", role="Koordination")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    response = client.post(
        reverse("login"),
        {"username": "miriam", "password": "correct horse battery"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{reverse('two_factor_verify')}?next=/"
    assert "Anmeldung bestätigen" in response.content.decode()
    response = client.post(
        reverse("two_factor_verify"), {"token": current_code(device), "next": "/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "Braucht Ihre Aufmerksamkeit" in response.content.decode()


def test_twenty_wrong_passwords_lock_the_account_even_for_the_right_one(client, synced_roles):
    UserFactory(username="miriam")
    for _attempt in range(20):
        client.post(reverse("login"), {"username": "miriam", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "miriam", "password": "correct horse battery"}
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in html
    assert "für 15 Minuten gesperrt" in html


def test_twenty_failures_across_user_names_lock_the_address(client, synced_roles):
    UserFactory(username="miriam")
    for attempt in range(20):
        response = client.post(
            reverse("login"), {"username": f"guess-{attempt % 10}", "password": "wrong"}
        )
        if attempt < 19:
            assert response.status_code == 200, attempt
    assert response.status_code == 429
    # Another user name from the same address is locked out too, even with its password.
    response = client.post(
        reverse("login"), {"username": "miriam", "password": "correct horse battery"}
    )
    assert response.status_code == 429
    # Another address is not affected.
    response = client.post(
        reverse("login"),
        {"username": "miriam", "password": "correct horse battery"},
        REMOTE_ADDR="10.0.0.7",
    )
    assert response.status_code == 302


def test_empty_and_oversized_login_fields_get_german_messages(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    response = client.post(reverse("login"), {"username": "x" * 5000, "password": "y" * 5000})
    assert response.status_code == 200
    assert "höchstens 150 Zeichen" in response.content.decode()


def test_password_reset_sends_a_german_link_that_sets_a_new_password(client, synced_roles):
    user = UserFactory(username="leyla", email="leyla@example.org")
    client.post(reverse("password_reset"), {"email": "leyla@example.org"})

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Passwort für die Koordinierungsstelle zurücksetzen"
    link = next(line for line in message.body.splitlines() if "/konto/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Wendland-2026-neu", "new_password2": "Wendland-2026-neu"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Wendland-2026-neu")


def test_password_change_rejects_a_weak_password_in_german(coordinator_client):
    response = coordinator_client.post(
        reverse("password_change"),
        {"old_password": "correct horse battery", "new_password1": "123", "new_password2": "123"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Passwort ist zu kurz" in html


def test_language_switch_shows_english_and_back(coordinator_client):
    response = coordinator_client.post(
        reverse("set_language"), {"language": "en", "next": reverse("dashboard")}, follow=True
    )
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Needs your attention" in html
    response = coordinator_client.post(
        reverse("set_language"), {"language": "de", "next": reverse("dashboard")}, follow=True
    )
    assert "Braucht Ihre Aufmerksamkeit" in response.content.decode()


def test_browser_language_does_not_switch_the_ui_away_from_german(coordinator_client):
    response = coordinator_client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert '<html lang="de">' in response.content.decode()


def test_unknown_page_gets_the_german_404(coordinator_client):
    response = coordinator_client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_forbidden_page_gets_the_german_403(volunteer_client):
    response = volunteer_client.get(reverse("actors:index"))
    assert response.status_code == 403
    assert "Zugriff verweigert" in response.content.decode()


def test_server_error_page_is_german(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Es ist ein Fehler aufgetreten" in html
