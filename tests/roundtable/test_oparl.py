import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from roundtable.oparl import OPARL_REQUIRED_FIELDS, oparl_export
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.roundtable.factories import (
    AgendaItemFactory,
    BodyFactory,
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

BASE_URL = "https://kmut.example.org"
BERLIN = ZoneInfo("Europe/Berlin")
OPARL_1_1_TYPES = {
    f"https://schema.oparl.org/1.1/{name}"
    for name in (
        "System",
        "Body",
        "LegislativeTerm",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Paper",
        "Consultation",
        "File",
        "Location",
    )
}


def oparl_objects(value):
    """Every OParl object in the export, embedded ones included."""
    if isinstance(value, dict):
        if "type" in value:
            yield value
        for child in value.values():
            yield from oparl_objects(child)
    elif isinstance(value, list):
        for child in value:
            yield from oparl_objects(child)


def short_type(obj):
    return obj["type"].rsplit("/", 1)[-1]


def by_id(export):
    return {obj["id"]: obj for obj in oparl_objects(export)}


@pytest.fixture
def scenario():
    """A round table with three kinds of members and a meeting with two agenda items."""
    body = BodyFactory(name="Runder Tisch Migration", short_name="RT")
    organisation = OrganisationFactory(name="Caritas", email="info@caritas.example")
    seat = MembershipFactory(
        body=body,
        organisation=organisation,
        delegate__email="delegate@caritas.example",
        deputy=ContactPersonFactory(organisation=organisation, email="deputy@caritas.example"),
        email="seat@caritas.example",
    )
    individual = MembershipFactory(
        body=body,
        organisation=None,
        delegate=None,
        person_name="Erika Mustermann",
        role="chair",
        email="erika@example.org",
    )
    vacant = MembershipFactory(body=body, delegate=None, organisation__name="AWO")
    meeting = MeetingFactory(
        body=body,
        title="1. Sitzung",
        starts_at=datetime(2026, 3, 5, 18, 0, tzinfo=BERLIN),
        ends_at=datetime(2026, 3, 5, 20, 0, tzinfo=BERLIN),
        state="approved",
    )
    public = AgendaItemFactory(meeting=meeting, position=1, title="Fachtag planen")
    secret = AgendaItemFactory(
        meeting=meeting, position=2, title="Personalangelegenheit", is_public=False
    )
    DecisionFactory(
        meeting=meeting, body=body, agenda_item=public, number=1, text="Fachtag im Mai."
    )
    DecisionFactory(
        meeting=meeting, body=body, agenda_item=secret, number=2, text="Vertraulicher Beschluss."
    )
    return {
        "body": body,
        "seat": seat,
        "individual": individual,
        "vacant": vacant,
        "meeting": meeting,
        "public": public,
        "secret": secret,
    }


def test_every_exported_object_has_the_fields_oparl_requires_for_its_type(scenario):
    missing = {
        obj["id"]: OPARL_REQUIRED_FIELDS[short_type(obj)] - obj.keys()
        for obj in oparl_objects(oparl_export(base_url=BASE_URL))
    }

    assert {key: value for key, value in missing.items() if value} == {}


def test_every_exported_object_has_a_known_oparl_1_1_type(scenario):
    types = {obj["type"] for obj in oparl_objects(oparl_export(base_url=BASE_URL))}

    assert types <= OPARL_1_1_TYPES


def test_the_export_covers_every_type_it_declares_requirements_for(scenario):
    types = {short_type(obj) for obj in oparl_objects(oparl_export(base_url=BASE_URL))}

    assert types == set(OPARL_REQUIRED_FIELDS)


def test_every_exported_id_is_a_unique_url_below_the_base_url(scenario):
    ids = [obj["id"] for obj in oparl_objects(oparl_export(base_url=BASE_URL))]

    assert len(ids) == len(set(ids))
    assert all(id_.startswith(f"{BASE_URL}/oparl/") for id_ in ids)


def test_references_between_objects_point_to_exported_objects(scenario):
    export = oparl_export(base_url=BASE_URL)
    objects = by_id(export)
    references = [
        (obj["id"], key, target)
        for obj in objects.values()
        for key in ("body", "meeting", "organization", "person", "onBehalfOf", "membership")
        if short_type(obj) != "Body" and key in obj
        for target in (obj[key] if isinstance(obj[key], list) else [obj[key]])
    ]

    assert len(references) > 10
    assert [ref for ref in references if ref[2] not in objects] == []


def test_references_have_the_expected_types(scenario):
    objects = by_id(oparl_export(base_url=BASE_URL))
    expected = {
        ("Meeting", "organization"): "Organization",
        ("AgendaItem", "meeting"): "Meeting",
        ("Membership", "organization"): "Organization",
        ("Membership", "onBehalfOf"): "Organization",
        ("Membership", "person"): "Person",
        ("Organization", "membership"): "Membership",
        ("Organization", "body"): "Body",
        ("Person", "body"): "Body",
    }
    found = {
        (short_type(obj), key, short_type(objects[target]))
        for obj in objects.values()
        for key in ("body", "meeting", "organization", "person", "onBehalfOf", "membership")
        if short_type(obj) != "Body" and key in obj
        for target in (obj[key] if isinstance(obj[key], list) else [obj[key]])
    }

    assert found == {(source, key, target) for (source, key), target in expected.items()}


def test_each_body_is_an_organization_of_the_kind_gremium(scenario):
    [gremium] = [
        obj
        for obj in oparl_export(base_url=BASE_URL)["organization"]
        if obj["name"] == "Runder Tisch Migration"
    ]

    assert (gremium["organizationType"], gremium["shortName"]) == ("Gremium", "RT")


def test_the_oparl_body_is_the_district_named_in_the_settings(scenario, settings):
    settings.KMUT_DISTRICT_NAME = "Landkreis Beispiel"

    body = oparl_export(base_url=BASE_URL)["body"]

    assert body["name"] == "Landkreis Beispiel"


def test_the_oparl_body_announces_its_lists_below_the_base_url(scenario):
    body = oparl_export(base_url=f"{BASE_URL}/")["body"]

    assert body["meeting"] == f"{BASE_URL}/oparl/body/1/meeting"


def test_a_delegate_sits_on_behalf_of_the_member_organisation_with_a_vote(scenario):
    seat = scenario["seat"]
    objects = by_id(oparl_export(base_url=BASE_URL))

    membership = objects[f"{BASE_URL}/oparl/membership/{seat.pk}"]

    assert objects[membership["person"]]["familyName"] == seat.delegate.last_name
    assert objects[membership["onBehalfOf"]]["name"] == "Caritas"
    assert membership["votingRight"] is True


def test_a_deputy_gets_a_membership_without_a_vote(scenario):
    seat = scenario["seat"]
    objects = by_id(oparl_export(base_url=BASE_URL))

    membership = objects[f"{BASE_URL}/oparl/membership/{seat.pk}-deputy"]

    assert objects[membership["person"]]["familyName"] == seat.deputy.last_name
    assert membership["votingRight"] is False


def test_an_individual_member_is_a_person_of_their_own(scenario):
    individual = scenario["individual"]
    objects = by_id(oparl_export(base_url=BASE_URL))

    membership = objects[f"{BASE_URL}/oparl/membership/{individual.pk}"]

    assert objects[membership["person"]]["name"] == "Erika Mustermann"
    assert "onBehalfOf" not in membership


def test_an_organisation_without_a_named_person_is_a_membership_on_its_behalf(scenario):
    vacant = scenario["vacant"]
    objects = by_id(oparl_export(base_url=BASE_URL))

    membership = objects[f"{BASE_URL}/oparl/membership/{vacant.pk}"]

    assert "person" not in membership
    assert objects[membership["onBehalfOf"]]["name"] == "AWO"


def test_membership_dates_are_iso_dates(scenario):
    seat = scenario["seat"]
    seat.starts_on = date(2024, 1, 1)
    seat.save()

    membership = by_id(oparl_export(base_url=BASE_URL))[f"{BASE_URL}/oparl/membership/{seat.pk}"]

    assert membership["startDate"] == "2024-01-01"


def test_meeting_times_are_iso_8601_with_the_local_offset(scenario):
    [meeting] = oparl_export(base_url=BASE_URL)["meeting"]

    assert (meeting["start"], meeting["end"]) == (
        "2026-03-05T18:00:00+01:00",
        "2026-03-05T20:00:00+01:00",
    )


def test_meeting_place_is_an_embedded_location(scenario):
    [meeting] = oparl_export(base_url=BASE_URL)["meeting"]

    assert meeting["location"]["description"] == "Kreishaus Lüchow, Raum 101"


@pytest.mark.parametrize(
    ("state", "meeting_state", "cancelled"),
    [
        ("planned", "terminiert", False),
        ("invited", "eingeladen", False),
        ("held", "eingeladen", False),
        ("approved", "durchgeführt", False),
        ("cancelled", "abgesagt", True),
    ],
)
def test_meeting_state_uses_the_vocabulary_oparl_recommends(state, meeting_state, cancelled):
    MeetingFactory(state=state)

    [meeting] = oparl_export(base_url=BASE_URL)["meeting"]

    assert (meeting["meetingState"], meeting["cancelled"]) == (meeting_state, cancelled)


def test_meetings_without_a_body_are_not_exported():
    MeetingFactory(body=None, title="Fachtag beim Landkreis", is_hosted=False)

    assert oparl_export(base_url=BASE_URL)["meeting"] == []


def test_agenda_item_carries_its_decisions_as_resolution_text(scenario):
    item = by_id(oparl_export(base_url=BASE_URL))[
        f"{BASE_URL}/oparl/agendaitem/{scenario['public'].pk}"
    ]

    assert (item["result"], item["resolutionText"]) == ("beschlossen", "RT-1: Fachtag im Mai.")


def test_agenda_items_keep_number_and_count_order_from_zero(scenario):
    [meeting] = oparl_export(base_url=BASE_URL)["meeting"]

    assert [(item["number"], item["order"]) for item in meeting["agendaItem"]] == [
        ("1", 0),
        ("2", 1),
    ]


def test_non_public_agenda_items_are_marked_when_included(scenario):
    [meeting] = oparl_export(base_url=BASE_URL)["meeting"]

    assert [item["public"] for item in meeting["agendaItem"]] == [True, False]


def test_non_public_agenda_items_and_their_decisions_are_left_out_on_request(scenario):
    export = oparl_export(base_url=BASE_URL, include_non_public=False)
    text = json.dumps(export, ensure_ascii=False)

    assert [item["name"] for item in export["meeting"][0]["agendaItem"]] == ["Fachtag planen"]
    assert "Personalangelegenheit" not in text
    assert "Vertraulicher Beschluss" not in text


def test_the_export_contains_no_email_address(scenario):
    text = json.dumps(oparl_export(base_url=BASE_URL), ensure_ascii=False)

    assert "@" not in text


def test_the_export_survives_a_json_round_trip(scenario):
    export = oparl_export(base_url=BASE_URL)

    assert json.loads(json.dumps(export)) == export


def test_the_export_is_ordered_deterministically(scenario):
    first = json.dumps(oparl_export(base_url=BASE_URL))

    assert json.dumps(oparl_export(base_url=BASE_URL)) == first


def test_the_export_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    for _ in range(3):
        body = BodyFactory()
        MembershipFactory.create_batch(3, body=body)
        MembershipFactory(body=body, deputy=ContactPersonFactory())
        for _ in range(5):
            meeting = MeetingFactory(body=body)
            for position in (1, 2):
                item = AgendaItemFactory(meeting=meeting, position=position)
                DecisionFactory(meeting=meeting, body=body, agenda_item=item)

    with django_assert_max_num_queries(5):
        export = oparl_export(base_url=BASE_URL)

    assert len(export["meeting"]) == 15
