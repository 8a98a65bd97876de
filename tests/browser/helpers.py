"""Steps the browser tests share."""

import re

PASSWORD = "correct horse battery"


def log_in(page, live_server, username):
    """Log in with the password and, for staff, the code from their authenticator app.

    A staff user without a device gets a confirmed one first; the current code is computed from
    it as an app would.
    """
    device = _staff_device(username)
    page.goto(f"{live_server.url}/")
    assert "/konto/login/" in page.url
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    if device is not None:
        page.wait_for_url(re.compile(r"/konto/zwei-faktor/"))
        page.get_by_label("Bestätigungscode").fill(current_code(device))
        page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_url(f"{live_server.url}/")


def current_code(device):
    """The code an authenticator app shows now for the device."""
    from kmut import two_factor

    return two_factor.current_code(device)


def _staff_device(username):
    from django.contrib.auth.models import User
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kmut import two_factor

    user = User.objects.get(username=username)
    if not two_factor.is_required(user):
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    # A code counts once per 30 seconds; a second login in the same test may reuse it.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    return device


def field_label(text):
    """A form label as crispy renders it: required fields end with an asterisk."""
    return re.compile(rf"(^|\s){re.escape(text)}\s*\*?\s*$")
