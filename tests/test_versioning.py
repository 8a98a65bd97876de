"""No silent overwrites (kmut.versioning): a save on a stale version is refused and explained.

Each of the seven edit pages is opened by two people; the first saves, the second's save (on
the version both started from) is refused with the first's name, keeps what the second typed
and shows what the first saved; the second can then save again on purpose.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from actors.models import ContactPerson, Organisation
from consultations.models import Client as CaseClient
from consultations.models import Consultation
from kmut.versioning import StaleVersion
from roundtable.models import AgendaItem
from tests.consultations.factories import ClientFactory, ConsultationFactory
from tests.factories import ContactPersonFactory, OrganisationFactory, UserFactory
from tests.roundtable.factories import AgendaItemFactory, MeetingFactory
from tests.test_form_fuzzing import _forms
from tests.volunteers.factories import (
    ExpenseClaimFactory,
    RateSetFactory,
    VolunteerFactory,
)
from volunteers.models import ExpenseClaim, Volunteer


def browser_data(response, url) -> dict:
    """What a browser sends back from the page's edit form when nothing is changed."""
    (form,) = _forms(response.content.decode(), url)
    data: dict[str, list[str]] = {}
    for name, value in form.unchanged:
        data.setdefault(name, []).append(value)
    return data


@dataclass
class Case:
    make: Callable  # () -> (object, url)
    field: str  # a field of the form, by name (None: the minutes' text of the agenda item)
    first: str
    second: str
    stored: Callable  # object -> the field's value in the database, as text
    extra: dict | None = None  # buttons the form is sent with
    shown: str = ""  # how the first value reads as the stored one, when not as typed


def _organisation():
    organisation = OrganisationFactory(name="Verein Miteinander e. V.")
    return organisation, reverse("actors:organisation_update", args=[organisation.pk])


def _contact():
    contact = ContactPersonFactory(phone="05841 120-0")
    url = reverse("actors:contact_update", args=[contact.organisation_id, contact.pk])
    return contact, url


def _consultation():
    consultation = ConsultationFactory(
        duration_minutes=30, counsellor=UserFactory(role="Koordination")
    )
    return consultation, reverse("consultations:consultation_update", args=[consultation.pk])


def _client():
    client = ClientFactory(household_size="2-3")
    return client, reverse("consultations:client_update", args=[client.pk])


def _volunteer():
    volunteer = VolunteerFactory(phone="0151 000 0000")
    return volunteer, reverse("volunteers:volunteer_update", args=[volunteer.pk])


def _claim():
    RateSetFactory()
    claim = ExpenseClaimFactory(status="draft", other_costs_description="Bus")
    return claim, reverse("volunteers:portal_claim_update", args=[claim.pk])


def _minutes():
    item = AgendaItemFactory(meeting=MeetingFactory(), minutes_text="")
    return item, reverse("roundtable:meeting_minutes", args=[item.meeting_id])


CASES = {
    "organisation": Case(
        _organisation,
        "name",
        "Verein Miteinander Lüchow e. V.",
        "Miteinander e. V. (Lüchow)",
        lambda o: Organisation.objects.get(pk=o.pk).name,
    ),
    "contact": Case(
        _contact,
        "phone",
        "05841 120-410",
        "05841 120-422",
        lambda o: ContactPerson.objects.get(pk=o.pk).phone,
    ),
    "consultation": Case(
        _consultation,
        "duration_minutes",
        "45",
        "90",
        lambda o: str(Consultation.objects.get(pk=o.pk).duration_minutes),
    ),
    "client": Case(
        _client,
        "household_size",
        "4-5",
        "6+",
        lambda o: CaseClient.objects.get(pk=o.pk).household_size,
        shown="4 bis 5 Personen",
    ),
    "volunteer": Case(
        _volunteer,
        "phone",
        "0151 222 3344",
        "0160 555 6677",
        lambda o: Volunteer.objects.get(pk=o.pk).phone,
    ),
    "claim": Case(
        _claim,
        "other_costs_description",
        "Bus nach Dannenberg",
        "Zug nach Uelzen",
        lambda o: ExpenseClaim.objects.get(pk=o.pk).other_costs_description,
        extra={"draft": "1"},
    ),
    "minutes": Case(
        _minutes,
        None,
        "Die Runde begrüßt die neue Sprechstunde.",
        "Die Sprechstunde beginnt im Mai.",
        lambda o: AgendaItem.objects.get(pk=o.pk).minutes_text,
    ),
}


def _logged_in_pair(case_name, obj, coordinator_client, lead_client, coordinator):
    """Two sessions editing the object, and the person behind the first."""
    if case_name != "claim":
        return coordinator_client, lead_client, coordinator
    sessions = []
    for _ in range(2):  # the volunteer on the phone and at the computer
        session = Client()
        session.force_login(obj.volunteer.user)
        sessions.append(session)
    return sessions[0], sessions[1], obj.volunteer.user


@pytest.mark.django_db
@pytest.mark.parametrize("case_name", CASES)
def test_a_save_on_a_stale_version_is_refused_and_can_be_repeated_on_purpose(
    case_name, coordinator_client, lead_client, coordinator, lead
):
    case = CASES[case_name]
    obj, url = case.make()
    field = case.field or f"item_{obj.pk}"
    first, second, first_person = _logged_in_pair(
        case_name, obj, coordinator_client, lead_client, coordinator
    )
    first_data = browser_data(first.get(url), url)
    second_data = browser_data(second.get(url), url)
    assert first_data["version"] == second_data["version"]

    saved = first.post(url, {**first_data, field: case.first, **(case.extra or {})})
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    assert case.stored(obj) == case.first

    refused = second.post(url, {**second_data, field: case.second, **(case.extra or {})})
    assert refused.status_code == 200
    html = refused.content.decode()
    name = first_person.get_full_name()
    assert name
    assert escape(f"Dieser Eintrag wurde inzwischen von {name} geändert.") in html
    assert refused.context["form"][field].value() == case.second  # what was typed is kept
    assert escape(case.second) in html
    assert escape(f"Aktuell gespeichert: {case.shown or case.first}") in html
    assert case.stored(obj) == case.first

    again = browser_data(refused, url)
    assert again["version"] != second_data["version"]  # the form now carries the new version
    assert again[field] == [case.second]
    repeated = second.post(url, {**again, **(case.extra or {})})
    assert repeated.status_code == 302
    assert case.stored(obj) == case.second


@pytest.mark.django_db
def test_a_form_sent_without_its_version_is_refused_with_the_stored_values(coordinator_client):
    organisation, url = _organisation()
    data = browser_data(coordinator_client.get(url), url)
    del data["version"]
    response = coordinator_client.post(url, {**data, "name": "Verein Miteinander Gartow e. V."})
    assert response.status_code == 200
    assert "Dieses Formular wurde ohne die Version gesendet" in response.content.decode()
    assert escape("Aktuell gespeichert: Verein Miteinander e. V.") in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Verein Miteinander e. V."


@pytest.mark.django_db
def test_other_saves_raise_the_version_and_keep_no_version_in_the_history(coordinator):
    organisation = OrganisationFactory(name="Verein Miteinander e. V.")
    assert organisation.version == 1
    organisation.city = "Lüchow (Wendland)"
    organisation.save(update_fields=["city"])
    organisation.refresh_from_db()
    assert organisation.version == 2
    stale = Organisation.objects.get(pk=organisation.pk)
    organisation.save()
    stale.expect_version(2)
    with pytest.raises(StaleVersion):
        stale.save()
    assert organisation.history.first().version == 3

    from kmut import audit

    labels = {change.label for entry in audit.history_of(organisation) for change in entry.changes}
    assert "Version" not in labels


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_the_same_version_at_the_same_time_one_wins(coordinator_client, lead_client):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this proves; SQLite serialises writers anyway")
    organisation, url = _organisation()
    names = {"Verein Miteinander Lüchow e. V.": coordinator_client}
    names["Verein Miteinander Gartow e. V."] = lead_client
    forms = {name: browser_data(session.get(url), url) for name, session in names.items()}
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(name):
        try:
            barrier.wait()
            response = names[name].post(url, {**forms[name], "name": name})
            outcomes[name] = response.status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == [200, 302]  # one saved, one was shown the conflict
    (winner,) = [name for name, status in outcomes.items() if status == 302]
    organisation.refresh_from_db()
    assert organisation.name == winner
    assert organisation.version == 2
    assert list(organisation.history.values_list("name", flat=True)) == [
        winner,
        "Verein Miteinander e. V.",
    ]
