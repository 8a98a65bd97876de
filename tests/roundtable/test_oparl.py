"""The OParl 1.1 API, walked like an OParl client walks it: from the system object along every
URL the objects contain, every object checked against the OParl 1.1 JSON schema of its type."""

import json
from collections import deque
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft7Validator, FormatChecker

from reporting.oparl_views import LISTS, OBJECT_PATHS, SOURCES
from roundtable.oparl import BODY_LISTS
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.reporting.annual_factories import PLACEHOLDER_PDF, ReleasedReportFactory
from tests.roundtable.factories import (
    AgendaItemFactory,
    BodyFactory,
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
HOST = "http://testserver"
PUBLIC_ROOT = f"{HOST}/oparl/v1.1/"
STAFF_ROOT = f"{HOST}/oparl/intern/v1.1/"
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas" / "oparl-1.1"
TYPE_PREFIX = "https://schema.oparl.org/1.1/"

formats = FormatChecker()


@formats.checks("url")
def _is_absolute_url(value) -> bool:
    """OParl's own format: an absolute http(s) URL."""
    return not isinstance(value, str) or value.startswith(("http://", "https://"))


VALIDATORS = {
    path.stem: Draft7Validator(json.loads(path.read_text()), format_checker=formats)
    for path in SCHEMA_DIR.glob("*.json")
}


def short_type(obj):
    return obj["type"].removeprefix(TYPE_PREFIX)


def oparl_objects(value):
    """Every OParl object in a JSON value, embedded ones included."""
    if isinstance(value, dict):
        if "type" in value and "id" in value:
            yield value
        for child in value.values():
            yield from oparl_objects(child)
    elif isinstance(value, list):
        for child in value:
            yield from oparl_objects(child)


def urls_in(value, root):
    if isinstance(value, str):
        if value.startswith(root):
            yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from urls_in(child, root)
    elif isinstance(value, list):
        for child in value:
            yield from urls_in(child, root)


class Walk:
    """Everything reached from the system URL: answers by URL, objects by id, file URLs."""

    def __init__(self, client, root):
        self.answers, self.objects, self.files = {}, {}, set()
        queue = deque([f"{root}system"])
        while queue:
            url = queue.popleft()
            if url in self.answers:
                continue
            response = client.get(url)
            assert response.status_code == 200, url
            if response["Content-Type"] == "application/pdf":
                self.answers[url] = response.getvalue()
                continue
            assert response["Content-Type"] == "application/json", url
            data = response.json()
            self.answers[url] = data
            for obj in oparl_objects(data):
                self.objects.setdefault(obj["id"], obj)
                if short_type(obj) == "File":
                    self.files.add(obj["accessUrl"])
            queue.extend(urls_in(data, root))

    @property
    def text(self) -> str:
        return json.dumps(self.json_answers, ensure_ascii=False)

    @property
    def json_answers(self) -> list:
        return [value for value in self.answers.values() if not isinstance(value, bytes)]

    def names(self, kind):
        return {obj.get("name") for obj in self.objects.values() if short_type(obj) == kind}


def schema_errors(objects):
    return {
        obj["id"]: [error.message for error in VALIDATORS[short_type(obj)].iter_errors(obj)]
        for obj in objects
        if list(VALIDATORS[short_type(obj)].iter_errors(obj))
    }


@pytest.fixture
def scenario():
    """A round table with public and non-public members, a meeting with a public and a
    non-public agenda item, and released reports of which one is public."""
    body = BodyFactory(name="Runder Tisch Migration", short_name="RT")
    caritas = OrganisationFactory(name="Caritas", email="info@caritas.example")
    seat = MembershipFactory(
        body=body,
        organisation=caritas,
        delegate__last_name="Öffentlich",
        delegate__email="delegate@caritas.example",
        deputy=ContactPersonFactory(
            organisation=caritas,
            last_name="Intern-Vertretung",
            email="deputy@caritas.example",
            publication="internal",
        ),
        email="seat@caritas.example",
    )
    secret_org = OrganisationFactory(
        name="Geheimer Verein", email="info@geheim.example", publication="internal"
    )
    secret_seat = MembershipFactory(
        body=body,
        organisation=secret_org,
        delegate__last_name="Verborgen",
        delegate__email="verborgen@geheim.example",
    )
    network_org = OrganisationFactory(
        name="Netzwerkpartner", email="info@netz.example", publication="network"
    )
    network_seat = MembershipFactory(
        body=body, organisation=network_org, delegate__last_name="Netzperson"
    )
    network_contact_seat = MembershipFactory(
        body=body,
        organisation__name="Diakonie",
        delegate__last_name="Nurnetz",
        delegate__publication="network",
        delegate__email="nurnetz@diakonie.example",
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
    public_item = AgendaItemFactory(meeting=meeting, position=1, title="Fachtag planen")
    secret_item = AgendaItemFactory(
        meeting=meeting, position=2, title="Personalangelegenheit", is_public=False
    )
    DecisionFactory(
        meeting=meeting, body=body, agenda_item=public_item, number=1, text="Fachtag im Mai."
    )
    DecisionFactory(
        meeting=meeting,
        body=body,
        agenda_item=secret_item,
        number=2,
        text="Vertraulicher Beschluss.",
    )
    external = MeetingFactory(body=None, title="Fachtag beim Landkreis", is_hosted=False)
    public_report = ReleasedReportFactory(year=2025, title="Sachstandsbericht 2025")
    secret_report = ReleasedReportFactory(year=2024, title="Interner Bericht 2024", is_public=False)
    return {
        "body": body,
        "seat": seat,
        "secret_seat": secret_seat,
        "network_seat": network_seat,
        "network_contact_seat": network_contact_seat,
        "individual": individual,
        "vacant": vacant,
        "meeting": meeting,
        "public_item": public_item,
        "secret_item": secret_item,
        "external": external,
        "public_report": public_report,
        "secret_report": secret_report,
    }


NON_PUBLIC_TEXTS = (
    "Geheimer Verein",
    "geheim.example",
    "Verborgen",
    "Netzwerkpartner",
    "Netzperson",
    "Nurnetz",
    "nurnetz@diakonie.example",
    "Intern-Vertretung",
    "deputy@caritas.example",
    "Erika Mustermann",
    "erika@example.org",
    "seat@caritas.example",
    "Personalangelegenheit",
    "Vertraulicher Beschluss",
    "Interner Bericht",
    "Fachtag beim Landkreis",
)


@pytest.fixture
def public_walk(client, scenario):
    return Walk(client, PUBLIC_ROOT)


@pytest.fixture
def staff_walk(coordinator_client, scenario):
    return Walk(coordinator_client, STAFF_ROOT)


# --- the public variant -------------------------------------------------------------------


def test_every_public_object_validates_against_the_oparl_1_1_schema(public_walk):
    assert len(public_walk.objects) > 10
    assert schema_errors(public_walk.objects.values()) == {}


def test_the_public_walk_reaches_every_kind_of_object(public_walk):
    kinds = {short_type(obj) for obj in public_walk.objects.values()}

    assert kinds == {
        "System",
        "Body",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Location",
        "Paper",
        "File",
    }


def test_the_public_walk_reaches_every_public_object(public_walk, scenario):
    seat, vacant = scenario["seat"], scenario["vacant"]

    assert public_walk.names("Organization") == {
        "Runder Tisch Migration",
        "Caritas",
        "AWO",
        "Diakonie",
    }
    assert public_walk.names("Person") == {seat.delegate.full_name}
    assert public_walk.names("Meeting") == {"1. Sitzung"}
    assert public_walk.names("AgendaItem") == {"Fachtag planen"}
    assert public_walk.names("Paper") == {"Sachstandsbericht 2025 (Version 1)"}
    memberships = {
        id_ for id_, obj in public_walk.objects.items() if short_type(obj) == "Membership"
    }
    assert memberships == {
        f"{PUBLIC_ROOT}membership/{seat.pk}",
        f"{PUBLIC_ROOT}membership/{vacant.pk}",
        f"{PUBLIC_ROOT}membership/{scenario['network_contact_seat'].pk}",
    }


def test_no_non_public_name_or_address_appears_anywhere_in_the_public_variant(public_walk):
    text = public_walk.text

    assert [value for value in NON_PUBLIC_TEXTS if value in text] == []


def test_the_public_variant_publishes_only_the_addresses_the_atlas_publishes(public_walk):
    [person] = [obj for obj in public_walk.objects.values() if short_type(obj) == "Person"]

    assert person["email"] == ["delegate@caritas.example"]
    assert "info@caritas.example" not in public_walk.text


def test_a_seat_whose_delegate_is_not_public_has_no_person(public_walk, scenario):
    membership = public_walk.objects[
        f"{PUBLIC_ROOT}membership/{scenario['network_contact_seat'].pk}"
    ]

    assert "person" not in membership
    assert public_walk.objects[membership["onBehalfOf"]]["name"] == "Diakonie"


def test_the_public_file_is_the_stored_pdf_without_login(public_walk, scenario):
    report = scenario["public_report"]
    [access_url] = public_walk.files

    assert access_url == f"{PUBLIC_ROOT}file/{report.pk}/download"
    assert public_walk.answers[access_url] == PLACEHOLDER_PDF
    file = public_walk.objects[f"{PUBLIC_ROOT}file/{report.pk}"]
    assert (file["size"], file["mimeType"]) == (len(PLACEHOLDER_PDF), "application/pdf")


def test_non_public_objects_answer_404_in_the_public_variant(client, scenario):
    paths = [
        f"organization/institution-{scenario['secret_seat'].organisation_id}",
        f"person/contact-{scenario['secret_seat'].delegate_id}",
        f"person/contact-{scenario['seat'].deputy_id}",
        f"person/individual-{scenario['individual'].pk}",
        f"membership/{scenario['secret_seat'].pk}",
        f"membership/{scenario['seat'].pk}-deputy",
        f"membership/{scenario['individual'].pk}",
        f"agendaitem/{scenario['secret_item'].pk}",
        f"meeting/{scenario['external'].pk}",
        f"paper/{scenario['secret_report'].pk}",
        f"file/{scenario['secret_report'].pk}",
        f"file/{scenario['secret_report'].pk}/download",
    ]

    assert {
        path: client.get(f"{PUBLIC_ROOT}{path}").status_code for path in paths
    } == dict.fromkeys(paths, 404)


def test_drafts_are_not_papers_in_either_variant(client, coordinator_client, scenario):
    draft = ReleasedReportFactory(year=2026, status="draft")

    assert client.get(f"{PUBLIC_ROOT}paper/{draft.pk}").status_code == 404
    assert coordinator_client.get(f"{STAFF_ROOT}paper/{draft.pk}").status_code == 404


# --- the staff variant --------------------------------------------------------------------


def test_every_staff_object_validates_against_the_oparl_1_1_schema(staff_walk):
    assert schema_errors(staff_walk.objects.values()) == {}


def test_the_staff_walk_reaches_everything(staff_walk, scenario):
    assert staff_walk.names("Organization") == {
        "Runder Tisch Migration",
        "Caritas",
        "Geheimer Verein",
        "Netzwerkpartner",
        "Diakonie",
        "AWO",
    }
    assert "Erika Mustermann" in staff_walk.names("Person")
    assert "Intern-Vertretung" in {obj.get("familyName") for obj in staff_walk.objects.values()}
    assert staff_walk.names("AgendaItem") == {"Fachtag planen", "Personalangelegenheit"}
    assert staff_walk.names("Paper") == {
        "Sachstandsbericht 2025 (Version 1)",
        "Interner Bericht 2024 (Version 1)",
    }
    memberships = [obj for obj in staff_walk.objects.values() if short_type(obj) == "Membership"]
    # six seats plus the named deputy
    assert len(memberships) == 7
    assert "Vertraulicher Beschluss" in staff_walk.text


def test_staff_ids_live_below_the_staff_prefix(staff_walk):
    assert all(id_.startswith(STAFF_ROOT) for id_ in staff_walk.objects)


def test_staff_files_point_to_the_logged_committee_download(coordinator_client, staff_walk):
    report_pks = {
        obj["id"].rsplit("/", 1)[-1]
        for obj in staff_walk.objects.values()
        if short_type(obj) == "Paper"
    }

    assert staff_walk.files == {
        f"{HOST}{reverse('reporting:released_download', args=[pk])}" for pk in report_pks
    }
    for url in staff_walk.files:
        assert coordinator_client.get(url).status_code == 200


def test_anonymous_access_to_the_staff_variant_is_refused(client, scenario):
    for path in ("system", "body/1", "body/1/meeting", f"meeting/{scenario['meeting'].pk}"):
        response = client.get(f"{STAFF_ROOT}{path}")
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_roles_without_the_staff_permission_are_refused_the_staff_variant(committee_client):
    assert committee_client.get(f"{STAFF_ROOT}system").status_code == 403


# --- objects and their fields -------------------------------------------------------------


def test_ids_are_built_from_the_request_host(client, scenario, settings):
    settings.ALLOWED_HOSTS = ["kmut.landkreis.example"]
    response = client.get("/oparl/v1.1/system", HTTP_HOST="kmut.landkreis.example")

    assert response.json()["id"] == "http://kmut.landkreis.example/oparl/v1.1/system"


def test_every_id_answers_with_that_object(client, public_walk):
    for id_, obj in public_walk.objects.items():
        assert client.get(id_).json() == obj


def test_the_body_announces_every_list_oparl_1_1_requires(public_walk):
    body = public_walk.objects[f"{PUBLIC_ROOT}body/1"]

    assert {name: body[name] for name in BODY_LISTS} == {
        name: f"{PUBLIC_ROOT}body/1/{name}" for name in BODY_LISTS
    }
    assert all(url in public_walk.answers for url in (body[name] for name in BODY_LISTS))


def test_the_body_is_the_district_named_in_the_settings(client, scenario, settings):
    settings.KMUT_DISTRICT_NAME = "Landkreis Beispiel"

    assert client.get("/oparl/v1.1/body/1").json()["name"] == "Landkreis Beispiel"


def test_a_delegate_sits_on_behalf_of_the_member_organisation_with_a_vote(staff_walk, scenario):
    seat = scenario["seat"]
    membership = staff_walk.objects[f"{STAFF_ROOT}membership/{seat.pk}"]

    assert staff_walk.objects[membership["person"]]["familyName"] == "Öffentlich"
    assert staff_walk.objects[membership["onBehalfOf"]]["name"] == "Caritas"
    assert membership["votingRight"] is True


def test_a_deputy_gets_a_membership_without_a_vote(staff_walk, scenario):
    membership = staff_walk.objects[f"{STAFF_ROOT}membership/{scenario['seat'].pk}-deputy"]

    assert staff_walk.objects[membership["person"]]["familyName"] == "Intern-Vertretung"
    assert (membership["role"], membership["votingRight"]) == ("Stellvertretung", False)


def test_an_individual_member_is_a_person_of_their_own_for_staff(staff_walk, scenario):
    membership = staff_walk.objects[f"{STAFF_ROOT}membership/{scenario['individual'].pk}"]

    assert staff_walk.objects[membership["person"]]["name"] == "Erika Mustermann"
    assert "onBehalfOf" not in membership


def test_meeting_times_are_iso_8601_with_the_local_offset(public_walk, scenario):
    meeting = public_walk.objects[f"{PUBLIC_ROOT}meeting/{scenario['meeting'].pk}"]

    assert (meeting["start"], meeting["end"]) == (
        "2026-03-05T18:00:00+01:00",
        "2026-03-05T20:00:00+01:00",
    )
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
def test_meeting_state_uses_the_vocabulary_oparl_recommends(
    client, state, meeting_state, cancelled
):
    meeting = MeetingFactory(state=state)

    data = client.get(f"/oparl/v1.1/meeting/{meeting.pk}").json()

    assert (data["meetingState"], data["cancelled"]) == (meeting_state, cancelled)


def test_agenda_item_carries_its_decisions_as_resolution_text(public_walk, scenario):
    item = public_walk.objects[f"{PUBLIC_ROOT}agendaitem/{scenario['public_item'].pk}"]

    assert (item["result"], item["resolutionText"]) == ("beschlossen", "RT-1: Fachtag im Mai.")


def test_agenda_item_order_counts_the_published_items_from_zero(
    client, coordinator_client, scenario
):
    third = AgendaItemFactory(meeting=scenario["meeting"], position=3, title="Verschiedenes")

    public = client.get(f"/oparl/v1.1/agendaitem/{third.pk}").json()
    staff = coordinator_client.get(f"/oparl/intern/v1.1/agendaitem/{third.pk}").json()

    assert (public["order"], staff["order"]) == (1, 2)


def test_the_paper_carries_number_type_and_its_file(client, scenario):
    report = scenario["public_report"]
    report.paper_number = "2026-31/0815"
    report.save()

    paper = client.get(f"/oparl/v1.1/paper/{report.pk}").json()

    assert (paper["reference"], paper["paperType"]) == ("2026-31/0815", "Mitteilungsvorlage")
    assert paper["mainFile"]["id"] == f"{PUBLIC_ROOT}file/{report.pk}"


# --- lists --------------------------------------------------------------------------------


def test_a_list_has_the_oparl_1_1_list_format(client, scenario):
    data = client.get("/oparl/v1.1/body/1/meeting").json()

    assert set(data) == {"data", "pagination", "links"}
    assert data["pagination"] == {
        "totalElements": 1,
        "elementsPerPage": 100,
        "currentPage": 1,
        "totalPages": 1,
    }
    assert set(data["links"]) == {"first", "last"}


def test_lists_are_paginated_and_followed_to_the_end(client):
    body = BodyFactory()
    meetings = MeetingFactory.create_batch(7, body=body)

    url, pages, ids = f"{PUBLIC_ROOT}body/1/meeting?limit=3", [], []
    while url:
        data = client.get(url).json()
        pages.append(data["pagination"]["currentPage"])
        ids += [obj["id"] for obj in data["data"]]
        url = data["links"].get("next")

    assert pages == [1, 2, 3]
    assert ids == [f"{PUBLIC_ROOT}meeting/{meeting.pk}" for meeting in meetings]
    assert data["pagination"] == {
        "totalElements": 7,
        "elementsPerPage": 3,
        "currentPage": 3,
        "totalPages": 3,
    }
    assert data["links"]["prev"] == f"{PUBLIC_ROOT}body/1/meeting?limit=3&page=2"


def test_a_list_spanning_two_kinds_pages_across_the_boundary(client):
    body = BodyFactory(name="Runder Tisch A")
    MembershipFactory.create_batch(3, body=body, delegate=None)

    first = client.get("/oparl/v1.1/body/1/organization?limit=2").json()
    second = client.get(first["links"]["next"]).json()

    assert [obj["organizationType"] for obj in first["data"] + second["data"]] == [
        "Gremium",
        "Institution",
        "Institution",
        "Institution",
    ]


def test_the_walk_follows_every_list_to_its_last_page(client, scenario):
    walk = Walk(client, PUBLIC_ROOT)

    lists = {
        url: data
        for url, data in walk.answers.items()
        if isinstance(data, dict) and "pagination" in data
    }
    assert {url.split("?")[0] for url in lists} == {
        f"{PUBLIC_ROOT}body",
        *(f"{PUBLIC_ROOT}body/1/{name}" for name in BODY_LISTS),
    }
    assert all(data["links"]["last"] in walk.answers for data in lists.values())


def test_a_page_after_the_last_answers_404(client, scenario):
    assert client.get("/oparl/v1.1/body/1/meeting?page=2").status_code == 404


def test_modified_since_filters_a_list(client, scenario):
    since = timezone.localtime(timezone.now() + timedelta(hours=1)).isoformat()
    later = client.get("/oparl/v1.1/body/1/meeting", {"modified_since": since}).json()
    earlier = client.get(
        "/oparl/v1.1/body/1/meeting", {"created_since": "2000-01-01T00:00:00"}
    ).json()

    assert (later["pagination"]["totalElements"], earlier["pagination"]["totalElements"]) == (
        0,
        1,
    )


@pytest.mark.parametrize("query", ["page=0", "limit=x", "modified_since=gestern"])
def test_unreadable_list_parameters_answer_400(client, scenario, query):
    response = client.get(f"/oparl/v1.1/body/1/meeting?{query}")

    assert response.status_code == 400
    assert "error" in response.json()


def test_unknown_lists_and_bodies_answer_404(client):
    assert client.get("/oparl/v1.1/body/1/unknown").status_code == 404
    assert client.get("/oparl/v1.1/body/2").status_code == 404


def test_a_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(3):
        body = BodyFactory()
        MembershipFactory.create_batch(3, body=body)
        MembershipFactory(body=body, deputy=ContactPersonFactory())
        for _ in range(5):
            meeting = MeetingFactory(body=body)
            for position in (1, 2):
                item = AgendaItemFactory(meeting=meeting, position=position)
                DecisionFactory(meeting=meeting, body=body, agenda_item=item)

    with django_assert_max_num_queries(6):
        meetings = client.get("/oparl/v1.1/body/1/meeting").json()
    with django_assert_max_num_queries(8):
        memberships = client.get("/oparl/v1.1/body/1/membership").json()
    with django_assert_max_num_queries(6):
        items = client.get("/oparl/v1.1/body/1/agendaItem").json()

    assert len(meetings["data"]) == 15
    assert len(memberships["data"]) == 15
    assert len(items["data"]) == 30


def test_every_list_and_object_kind_has_a_url():
    assert set(LISTS) == set(BODY_LISTS)
    assert set(OBJECT_PATHS) == set(SOURCES)
