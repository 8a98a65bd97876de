from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from actors import services
from actors.models import ContactPerson, Offer, Organisation, UpdateCampaign, UpdateRequest
from tests.factories import (
    ContactPersonFactory,
    MunicipalityFactory,
    OfferFactory,
    OrganisationFactory,
    UpdateRequestFactory,
    reply_with_proposal,
)
from tests.roundtable.factories import EventFactory, MembershipFactory
from tests.volunteers.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ("Cafe Zuflucht e.V.", "Café Zuflucht"),
        ("Cafe Zuflucht e.V.", "cafe zuflucht"),
        ("Netzwerkgruppe Asyl Gartow", "Netzwerkgruppe Asyl in Gartow"),
        ("KVHS Lüchow-Dannenberg", "KVHS Lüchow Dannenberg"),
    ],
)
def test_similar_names_are_found(existing, typed):
    organisation = OrganisationFactory(name=existing)
    assert organisation in services.similar_organisations(typed)


def test_different_names_are_not_reported_as_similar():
    OrganisationFactory(name="Jobcenter Lüchow-Dannenberg")
    assert services.similar_organisations("Caritasverband Lüneburg") == []


def test_merge_moves_contacts_offers_children_and_keeps_both_histories(coordinator):
    target = OrganisationFactory(name="Cafe Zuflucht", phone="")
    duplicate = OrganisationFactory(name="Café Zuflucht e.V.", phone="05841 1234")
    contact = ContactPersonFactory(organisation=duplicate)
    offer = OfferFactory(organisation=duplicate)
    child = OrganisationFactory(parent=duplicate)
    municipality = MunicipalityFactory()
    duplicate.municipalities.add(municipality)

    services.merge_organisations(target=target, duplicate=duplicate, by=coordinator)

    duplicate.refresh_from_db()
    target.refresh_from_db()
    assert duplicate.status == Organisation.Status.ARCHIVED
    assert duplicate.merged_into == target
    assert ContactPerson.objects.get(pk=contact.pk).organisation == target
    assert Offer.objects.get(pk=offer.pk).organisation == target
    assert Organisation.objects.get(pk=child.pk).parent == target
    assert list(target.municipalities.all()) == [municipality]
    assert target.phone == "05841 1234"
    assert duplicate.history.count() >= 2
    assert "Café Zuflucht e.V." in target.history.latest().history_change_reason


def test_merge_writes_history_naming_the_user_for_every_moved_row(coordinator):
    target = OrganisationFactory(name="Cafe Zuflucht")
    duplicate = OrganisationFactory(name="Café Zuflucht e.V.")
    earlier = OrganisationFactory(name="Zuflucht Dannenberg")
    services.merge_organisations(target=duplicate, duplicate=earlier, by=coordinator)
    moved = [
        ContactPersonFactory(organisation=duplicate),
        OfferFactory(organisation=duplicate),
        OrganisationFactory(parent=duplicate),
        MembershipFactory(organisation=duplicate),
        VolunteerFactory(organisation=duplicate),
    ]
    event = EventFactory()
    event.organisations.add(duplicate)
    moved.extend([moved[3].delegate, event, Organisation.objects.get(pk=earlier.pk)])

    # Called without a request, so nothing but the service can name the user.
    services.merge_organisations(target=target, duplicate=duplicate, by=coordinator)

    for row in moved:
        latest = type(row).history.filter(id=row.pk).latest()
        assert latest.history_user == coordinator, row
        assert "Café Zuflucht e.V." in latest.history_change_reason or (
            "Cafe Zuflucht" in latest.history_change_reason
        ), row
    assert Organisation.objects.get(pk=earlier.pk).merged_into == target
    assert list(event.organisations.all()) == [target]
    for organisation in (target, duplicate):
        assert organisation.history.latest().history_user == coordinator


def test_merge_refuses_the_same_entry_and_an_already_merged_one(coordinator):
    target = OrganisationFactory()
    duplicate = OrganisationFactory()
    with pytest.raises(ValidationError):
        services.merge_organisations(target=target, duplicate=target, by=coordinator)
    services.merge_organisations(target=target, duplicate=duplicate, by=coordinator)
    with pytest.raises(ValidationError):
        services.merge_organisations(target=target, duplicate=duplicate, by=coordinator)


def test_stale_entries_are_those_not_confirmed_for_twelve_months():
    today = timezone.localdate()
    fresh = OrganisationFactory(last_confirmed_on=today - timedelta(days=30))
    old = OrganisationFactory(last_confirmed_on=today - timedelta(days=400))
    never = OrganisationFactory(last_confirmed_on=None)
    stale = set(Organisation.objects.stale())
    assert stale == {old, never}
    assert not fresh.is_stale
    assert old.is_stale


def _send(coordinator, organisations, due_in=14):
    campaign, skipped = services.send_update_requests(
        organisations=organisations,
        title="Jahresabfrage",
        due_on=timezone.localdate() + timedelta(days=due_in),
        message="",
        base_url="https://kmut.example",
        by=coordinator,
    )
    return campaign, skipped


def test_update_requests_mail_a_personal_link_and_skip_entries_without_address(
    coordinator, django_capture_on_commit_callbacks
):
    with_address = OrganisationFactory(email="post@verein.example")
    without = OrganisationFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        campaign, skipped = _send(coordinator, [with_address, without])

    assert skipped == [without]
    request = UpdateRequest.objects.get(campaign=campaign)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["post@verein.example"]
    assert f"https://kmut.example/aktualisierung/{request.token}/" in mail.outbox[0].body
    assert "Bitte prüfen Sie" in mail.outbox[0].subject


def test_no_campaign_when_no_organisation_has_an_address(coordinator):
    organisations = [OrganisationFactory(email=""), OrganisationFactory(email="")]
    with pytest.raises(services.NoRecipients) as caught:
        _send(coordinator, organisations)
    assert caught.value.messages == [
        "Keine der ausgewählten Organisationen hat eine E-Mail-Adresse."
    ]
    assert not UpdateCampaign.objects.exists()
    assert not UpdateRequest.objects.exists()
    with pytest.raises(services.NoRecipients):
        _send(coordinator, [])


def test_accepting_applies_the_proposal_with_history_and_confirms_the_entry(coordinator, lead):
    organisation = OrganisationFactory(name="Alter Name e.V.", last_confirmed_on=None)
    _send(coordinator, [organisation])
    update_request = UpdateRequest.objects.get()
    reply_with_proposal(update_request)

    services.accept_update_request(update_request=update_request, by=lead)

    organisation.refresh_from_db()
    update_request.refresh_from_db()
    assert organisation.name == "Neuer Name e.V."
    assert organisation.street == "Bergstraße 2"
    assert organisation.last_confirmed_on == timezone.localdate()
    assert update_request.status == UpdateRequest.Status.ACCEPTED
    assert update_request.reviewed_by == lead
    assert organisation.history.filter(history_change_reason__contains="accepted").exists() or (
        organisation.history.filter(history_change_reason__contains="übernommen").exists()
    )


def test_a_request_is_decided_only_once(coordinator, lead):
    organisation = OrganisationFactory()
    _send(coordinator, [organisation])
    update_request = UpdateRequest.objects.get()
    reply_with_proposal(update_request)
    services.accept_update_request(update_request=update_request, by=lead)

    with pytest.raises(ValidationError) as error:
        services.accept_update_request(update_request=update_request, by=coordinator)
    assert error.value.code == "not_open"
    with pytest.raises(ValidationError):
        services.reject_update_request(update_request=update_request, note="x", by=coordinator)


def test_rejecting_needs_a_reason_and_changes_nothing(coordinator):
    organisation = OrganisationFactory(name="Bleibt e.V.")
    _send(coordinator, [organisation])
    update_request = UpdateRequest.objects.get()
    reply_with_proposal(update_request)

    with pytest.raises(ValidationError) as error:
        services.reject_update_request(update_request=update_request, note=" ", by=coordinator)
    assert error.value.code == "reason_required"
    services.reject_update_request(update_request=update_request, note="Dublette", by=coordinator)
    organisation.refresh_from_db()
    assert organisation.name == "Bleibt e.V."


def test_an_expired_link_takes_no_reply(coordinator):
    organisation = OrganisationFactory()
    _send(coordinator, [organisation])
    update_request = UpdateRequest.objects.get()
    UpdateRequest.objects.filter(pk=update_request.pk).update(
        due_on=timezone.localdate() - timedelta(days=40),
        expires_on=timezone.localdate() - timedelta(days=1),
    )
    update_request.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        reply_with_proposal(update_request)
    assert error.value.code == "closed"


def test_a_proposal_cannot_change_another_organisations_contact(coordinator, lead):
    organisation = OrganisationFactory()
    foreign_contact = ContactPersonFactory(last_name="Fremd")
    _send(coordinator, [organisation])
    update_request = UpdateRequest.objects.get()
    update_request = reply_with_proposal(update_request)
    proposal = update_request.proposal
    proposal["contacts"] = [
        {"id": foreign_contact.pk, "delete": False, "fields": {"last_name": "Gekapert"}},
        {"id": foreign_contact.pk, "delete": True, "fields": {}},
    ]
    UpdateRequest.objects.filter(pk=update_request.pk).update(proposal=proposal)
    update_request.refresh_from_db()

    services.accept_update_request(update_request=update_request, by=lead)

    foreign_contact.refresh_from_db()
    assert foreign_contact.last_name == "Fremd"
    assert foreign_contact.is_active
    assert foreign_contact.organisation != organisation


@pytest.mark.parametrize(
    ("due_in", "status", "overdue"),
    [
        (-1, "sent", True),
        (0, "sent", False),
        (3, "sent", False),
        (-1, "responded", False),
        (-1, "accepted", False),
        (-1, "rejected", False),
        (-1, "withdrawn", False),
    ],
)
def test_a_request_is_overdue_when_sent_unanswered_past_its_reply_date(due_in, status, overdue):
    today = timezone.localdate()
    update_request = UpdateRequestFactory(
        due_on=today + timedelta(days=due_in), expires_on=today + timedelta(days=60), status=status
    )
    assert update_request.is_overdue is overdue
    assert (update_request in UpdateRequest.objects.overdue()) is overdue


def test_a_campaign_is_past_due_after_its_reply_date(coordinator):
    campaign, _skipped = _send(coordinator, [OrganisationFactory()], due_in=0)
    assert not campaign.is_past_due
    campaign.due_on -= timedelta(days=1)
    assert campaign.is_past_due
