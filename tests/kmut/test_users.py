import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from kmut import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_administrator_invites_a_volunteer_who_then_sets_a_password(
    administrator_client, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = administrator_client.post(
            reverse("kmut:user_create"),
            {
                "first_name": "Ahmad",
                "last_name": "Rahimi",
                "email": "Ahmad.Rahimi@example.org",
                "role": roles.VOLUNTEER,
            },
        )

    account = User.objects.get(email="ahmad.rahimi@example.org")
    assert response.status_code == 302
    assert list(account.groups.values_list("name", flat=True)) == [roles.VOLUNTEER]
    assert not account.has_usable_password()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert body.startswith("Guten Tag Ahmad Rahimi,")
    path = next(line for line in body.splitlines() if "/konto/passwort-setzen/" in line)
    path = path.split("testserver", 1)[1]
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(
        form_url, {"new_password1": "Lotse-Wendland-1", "new_password2": "Lotse-Wendland-1"}
    )
    account.refresh_from_db()
    assert account.check_password("Lotse-Wendland-1")


def test_duplicate_email_is_refused_and_the_input_kept(administrator_client, synced_roles):
    UserFactory(username="taken", email="taken@example.org")
    response = administrator_client.post(
        reverse("kmut:user_create"),
        {
            "first_name": "Anna",
            "last_name": "Berg",
            "email": "TAKEN@example.org",
            "role": "Ehrenamt",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ein anderes Konto verwendet diese E-Mail-Adresse bereits." in html
    assert 'value="Anna"' in html
    assert len(mail.outbox) == 0


def test_role_change_is_recorded_in_the_account_history(administrator, administrator_client):
    account = UserFactory(username="renate", role=roles.COMMITTEE)
    response = administrator_client.post(
        reverse("kmut:user_update", args=[account.pk]),
        {
            "first_name": account.first_name,
            "last_name": account.last_name,
            "email": account.email,
            "role": roles.COORDINATION,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert list(account.groups.values_list("name", flat=True)) == [roles.COORDINATION]
    latest = account.history.latest()
    assert latest.history_user == administrator
    assert latest.history_change_reason == "Rolle geändert von Ausschussmitglied zu Koordination"
    html = administrator_client.get(reverse("kmut:user_detail", args=[account.pk])).content
    assert "Rolle geändert von Ausschussmitglied zu Koordination" in html.decode()


def test_administrator_cannot_deactivate_own_account(administrator, administrator_client):
    response = administrator_client.post(
        reverse("kmut:user_update", args=[administrator.pk]),
        {
            "first_name": "A",
            "last_name": "B",
            "email": administrator.email,
            "role": roles.ADMINISTRATION,
        },
    )
    assert response.status_code == 200
    administrator.refresh_from_db()
    assert administrator.is_active


def test_user_list_stays_within_fixed_queries(
    administrator_client, synced_roles, django_assert_max_num_queries
):
    for index in range(30):
        UserFactory(username=f"u{index}", role=roles.VOLUNTEER)
    with django_assert_max_num_queries(9):  # +1: the second-factor device
        response = administrator_client.get(reverse("kmut:user_list"))
    assert response.status_code == 200


def test_add_user_command_creates_the_first_administrator(
    synced_roles, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "add_user",
            email="IT@landkreis.example",
            first_name="Iris",
            last_name="Thiele",
            role=roles.ADMINISTRATION,
            base_url="https://kmut.landkreis.example",
            stdout=None,
        )
    account = User.objects.get(username="it@landkreis.example")
    assert account.has_perm("kmut.manage_users")
    assert not account.has_perm("kmut.use_staff_area")
    assert "https://kmut.landkreis.example/konto/passwort-setzen/" in mail.outbox[0].body
