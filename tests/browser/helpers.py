"""Steps the browser tests share."""

import re

PASSWORD = "correct horse battery"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    assert "/konto/login/" in page.url
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{live_server.url}/")


def field_label(text):
    """A form label as crispy renders it: required fields end with an asterisk."""
    return re.compile(rf"(^|\s){re.escape(text)}\s*\*?\s*$")
