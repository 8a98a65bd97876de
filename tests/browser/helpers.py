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


RECEIPT_PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 256


def fill_interpreting_claim(page):
    """The volunteer's claim for "Termin ABH-2026-014" on 2 March 2026 with a photographed
    receipt: 80 minutes, 34 km and 4,50 € of other costs, 43,00 € in all."""
    page.get_by_label(field_label("Einsatz")).select_option(
        label="Termin ABH-2026-014 · Sprachmittlung"
    )
    page.get_by_label(field_label("Datum des Einsatzes")).fill("2026-03-02")
    page.get_by_label(field_label("Beginn")).fill("10:00")
    page.get_by_label(field_label("Ende")).fill("11:20")
    page.get_by_label(field_label("Fahrtstrecke (km)")).fill("34")
    page.get_by_label(
        field_label("Belege (PDF, JPEG oder PNG, je höchstens 5 MB)")
    ).set_input_files(
        files=[{"name": "quittung.jpg", "mimeType": "image/jpeg", "buffer": RECEIPT_PHOTO}]
    )
    page.get_by_label(field_label("Sonstige Kosten (€)")).fill("4,50")
    page.get_by_label(field_label("IBAN")).fill("DE89 3704 0044 0532 0130 00")
