"""Read-only export of the bodies and their meetings in the vocabulary of OParl 1.1.

OParl (https://oparl.org/spezifikation/) is the German standard for machine-readable
council information. The export maps kmut onto it like this:

* the district office as a whole is the one OParl ``Body`` (name: ``KMUT_DISTRICT_NAME``);
* each kmut ``Body`` (round table, network, steering group …) is an OParl ``Organization``
  with ``organizationType`` "Gremium";
* each member organisation is an OParl ``Organization`` with ``organizationType``
  "Institution", so that memberships can say on whose behalf a person sits in a body;
* delegates, deputies and individual members are OParl ``Person`` objects, without e-mail
  addresses or phone numbers;
* each kmut ``Membership`` is an OParl ``Membership`` of its delegate (or individual member);
  a named deputy gets a second ``Membership`` with the role of a deputy and no voting right;
  a membership of an organisation without a named person has no ``person`` and points to the
  organisation through ``onBehalfOf``;
* each meeting of a body is an OParl ``Meeting`` with its place as an embedded ``Location``
  and its agenda items as embedded ``AgendaItem`` objects. Meetings without a body (the
  office's external appointments) are not exported.

The function only builds a JSON-ready dict; serving it over HTTP (and the list URLs it
announces) is the job of a view.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation

from actors.models import ContactPerson, Organisation
from roundtable.models import AgendaItem, Body, Decision, Meeting, Membership

OPARL_SCHEMA = "https://schema.oparl.org/1.1/"

# The properties OParl 1.1 marks as mandatory ("ZWINGEND") for the types this module emits.
# Sources: the "required" lists of the OParl 1.1 JSON schema; the Body list URLs marked
# "ZWINGEND. Neu in OParl 1.1" (agendaItem, consultation, file, locationList,
# legislativeTermList, membership); and the migration notes of OParl 1.1, which make
# `created` and `modified` mandatory for all objects. `AgendaItem.order` is new in 1.1 and
# required there. Not listed, because the spec only recommends them or requires them
# conditionally: `Body.system`; `Membership.person` and `AgendaItem.meeting`, which must be
# given when the object is fetched on its own rather than embedded (this export gives both
# wherever the data has them).
OPARL_REQUIRED_FIELDS: dict[str, set[str]] = {
    "Body": {
        "id",
        "type",
        "name",
        "organization",
        "person",
        "meeting",
        "paper",
        "legislativeTerm",
        "agendaItem",
        "consultation",
        "file",
        "locationList",
        "legislativeTermList",
        "membership",
        "created",
        "modified",
    },
    "Organization": {"id", "type", "created", "modified"},
    "Person": {"id", "type", "created", "modified"},
    "Membership": {"id", "type", "created", "modified"},
    "Meeting": {"id", "type", "created", "modified"},
    "AgendaItem": {"id", "type", "order", "created", "modified"},
    "Location": {"id", "type", "created", "modified"},
}

# meetingState is free text in OParl; the spec recommends "terminiert" (scheduled),
# "eingeladen" (from the invitation until the minutes are released) and "durchgeführt"
# (after the minutes are released). These are data, not UI text, so they stay German
# literals and are not translated. A held meeting whose minutes are not yet approved is
# therefore still "eingeladen"; "abgesagt" is added for cancelled meetings, which also
# carry `cancelled: true`.
MEETING_STATES: dict[str, str] = {
    Meeting.State.PLANNED: "terminiert",
    Meeting.State.INVITED: "eingeladen",
    Meeting.State.HELD: "eingeladen",
    Meeting.State.APPROVED: "durchgeführt",
    Meeting.State.CANCELLED: "abgesagt",
}

# Agenda item result when decisions were taken under it (data, kept German).
RESULT_DECIDED = "beschlossen"
# organizationType values suggested by OParl (data, kept German).
ORGANIZATION_TYPE_BODY = "Gremium"
ORGANIZATION_TYPE_MEMBER = "Institution"
# Classification of the district office as a whole (data, kept German).
BODY_CLASSIFICATION = "Landkreis"

VOTING_ROLES = {Membership.Role.MEMBER, Membership.Role.CHAIR}


def oparl_type(name: str) -> str:
    """The OParl 1.1 namespace URL of an object type, e.g. ``…/1.1/Meeting``."""
    return f"{OPARL_SCHEMA}{name}"


def _datetime(value: datetime) -> str:
    """ISO 8601 with the local offset, to the second (e.g. 2026-03-05T18:00:00+01:00)."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _timestamps(obj) -> dict:
    return {"created": _datetime(obj.created_at), "modified": _datetime(obj.updated_at)}


def _compact(data: dict) -> dict:
    """Leave out properties without a value, as OParl asks (empty lists stay)."""
    return {key: value for key, value in data.items() if value is not None and value != ""}


class _Ids:
    """Stable, unique object URLs below the export's base URL."""

    def __init__(self, base_url: str):
        self.root = f"{base_url.rstrip('/')}/oparl"

    @property
    def system(self) -> str:
        return f"{self.root}/system"

    @property
    def body(self) -> str:
        # The office publishes exactly one OParl body.
        return f"{self.root}/body/1"

    def body_list(self, name: str) -> str:
        return f"{self.body}/{name}"

    def gremium(self, pk: int) -> str:
        return f"{self.root}/organization/gremium-{pk}"

    def institution(self, pk: int) -> str:
        return f"{self.root}/organization/institution-{pk}"

    def contact(self, pk: int) -> str:
        return f"{self.root}/person/contact-{pk}"

    def individual(self, membership_pk: int) -> str:
        return f"{self.root}/person/individual-{membership_pk}"

    def membership(self, pk: int) -> str:
        return f"{self.root}/membership/{pk}"

    def deputy_membership(self, pk: int) -> str:
        return f"{self.root}/membership/{pk}-deputy"

    def meeting(self, pk: int) -> str:
        return f"{self.root}/meeting/{pk}"

    def location(self, meeting_pk: int) -> str:
        return f"{self.root}/meeting/{meeting_pk}/location"

    def agenda_item(self, pk: int) -> str:
        return f"{self.root}/agendaitem/{pk}"


def _load_bodies() -> list[Body]:
    memberships = Membership.objects.select_related("organisation", "delegate", "deputy").order_by(
        "pk"
    )
    return list(
        Body.objects.order_by("name", "pk").prefetch_related(
            Prefetch("memberships", queryset=memberships)
        )
    )


def _load_meetings(*, include_non_public: bool) -> list[Meeting]:
    items = AgendaItem.objects.order_by("position", "pk")
    if not include_non_public:
        items = items.filter(is_public=True)
    decisions = Decision.objects.select_related("body").order_by("number", "pk")
    return list(
        Meeting.objects.filter(body__isnull=False)
        .order_by("starts_at", "pk")
        .prefetch_related(
            Prefetch("agenda_items", queryset=items),
            Prefetch("agenda_items__decisions", queryset=decisions),
        )
    )


def _person(ids: _Ids, person: ContactPerson) -> dict:
    return _compact(
        {
            "id": ids.contact(person.pk),
            "type": oparl_type("Person"),
            "body": ids.body,
            "name": person.full_name,
            "familyName": person.last_name,
            "givenName": person.first_name,
            **_timestamps(person),
        }
    )


def _individual(ids: _Ids, membership: Membership) -> dict:
    return {
        "id": ids.individual(membership.pk),
        "type": oparl_type("Person"),
        "body": ids.body,
        "name": membership.person_name,
        **_timestamps(membership),
    }


def _institution(ids: _Ids, organisation: Organisation) -> dict:
    short_name = organisation.short_name if organisation.short_name != organisation.name else ""
    return _compact(
        {
            "id": ids.institution(organisation.pk),
            "type": oparl_type("Organization"),
            "body": ids.body,
            "name": organisation.name,
            "shortName": short_name,
            "organizationType": ORGANIZATION_TYPE_MEMBER,
            "classification": organisation.get_kind_display(),
            "website": organisation.website,
            **_timestamps(organisation),
        }
    )


def _memberships(ids: _Ids, body: Body, membership: Membership) -> list[dict]:
    """One OParl membership for the seat, plus one for a named deputy."""
    if membership.delegate_id:
        person = ids.contact(membership.delegate_id)
    elif membership.person_name:
        person = ids.individual(membership.pk)
    else:
        person = None
    # (id, person, role, voting right) per seat; a deputy votes only when standing in.
    seats = [
        (
            ids.membership(membership.pk),
            person,
            membership.get_role_display(),
            membership.role in VOTING_ROLES,
        )
    ]
    if membership.deputy_id:
        seats.append(
            (
                ids.deputy_membership(membership.pk),
                ids.contact(membership.deputy_id),
                str(Membership._meta.get_field("deputy").verbose_name),
                False,
            )
        )
    on_behalf_of = (
        ids.institution(membership.organisation_id) if membership.organisation_id else None
    )
    return [
        _compact(
            {
                "id": id_,
                "type": oparl_type("Membership"),
                "person": person_id,
                "organization": ids.gremium(body.pk),
                "onBehalfOf": on_behalf_of,
                "role": role,
                "votingRight": voting_right,
                "startDate": _date(membership.starts_on),
                "endDate": _date(membership.ends_on),
                **_timestamps(membership),
            }
        )
        for id_, person_id, role, voting_right in seats
    ]


def _gremium(ids: _Ids, body: Body, membership_ids: list[str]) -> dict:
    short_name = body.short_name if body.short_name != body.name else ""
    return _compact(
        {
            "id": ids.gremium(body.pk),
            "type": oparl_type("Organization"),
            "body": ids.body,
            "name": body.name,
            "shortName": short_name,
            "organizationType": ORGANIZATION_TYPE_BODY,
            "classification": body.get_kind_display(),
            "membership": membership_ids,
            **_timestamps(body),
        }
    )


def _agenda_item(ids: _Ids, meeting: Meeting, item: AgendaItem, order: int) -> dict:
    decisions = list(item.decisions.all())
    resolution = "\n\n".join(f"{decision.reference}: {decision.text}" for decision in decisions)
    return _compact(
        {
            "id": ids.agenda_item(item.pk),
            "type": oparl_type("AgendaItem"),
            "meeting": ids.meeting(meeting.pk),
            "number": str(item.position),
            # OParl counts `order` from 0 along the meeting's (exported) agendaItem list.
            "order": order,
            "name": item.title,
            "public": item.is_public,
            "result": RESULT_DECIDED if decisions else None,
            "resolutionText": resolution,
            **_timestamps(item),
        }
    )


def _meeting(ids: _Ids, meeting: Meeting) -> dict:
    location = None
    if meeting.place:
        location = {
            "id": ids.location(meeting.pk),
            "type": oparl_type("Location"),
            "description": meeting.place,
            **_timestamps(meeting),
        }
    items = [
        _agenda_item(ids, meeting, item, order)
        for order, item in enumerate(meeting.agenda_items.all())
    ]
    return _compact(
        {
            "id": ids.meeting(meeting.pk),
            "type": oparl_type("Meeting"),
            "name": meeting.title,
            "meetingState": MEETING_STATES[meeting.state],
            "cancelled": meeting.state == Meeting.State.CANCELLED,
            "start": _datetime(meeting.starts_at),
            "end": _datetime(meeting.ends_at) if meeting.ends_at else None,
            "location": location,
            "organization": [ids.gremium(meeting.body_id)],
            "agendaItem": items,
            **_timestamps(meeting),
        }
    )


def _body(ids: _Ids, rows: Iterable) -> dict:
    """The district office as the one OParl body; its dates span the rows it is built from."""
    rows = list(rows)
    if rows:
        created = min(row.created_at for row in rows)
        modified = max(row.updated_at for row in rows)
    else:
        created = modified = timezone.now()
    return {
        "id": ids.body,
        "type": oparl_type("Body"),
        "system": ids.system,
        "name": settings.KMUT_DISTRICT_NAME,
        "classification": BODY_CLASSIFICATION,
        "organization": ids.body_list("organization"),
        "person": ids.body_list("person"),
        "meeting": ids.body_list("meeting"),
        "paper": ids.body_list("paper"),
        "agendaItem": ids.body_list("agendaItem"),
        "consultation": ids.body_list("consultation"),
        "file": ids.body_list("file"),
        "locationList": ids.body_list("locationList"),
        "legislativeTermList": ids.body_list("legislativeTermList"),
        "membership": ids.body_list("membership"),
        # Mandatory, but kmut has no legislative terms: an empty list.
        "legislativeTerm": [],
        "created": _datetime(created),
        "modified": _datetime(modified),
    }


def oparl_export(*, base_url: str, include_non_public: bool = True) -> dict:
    """All bodies, members and meetings as OParl 1.1 objects in one JSON-ready dict.

    ``base_url`` is the absolute address the objects' ``id`` URLs are built on (e.g.
    ``https://kmut.example.org``). With ``include_non_public=False`` agenda items that are
    not public, and the decisions recorded under them, are left out. E-mail addresses and
    phone numbers are never exported.

    Returns ``{"body": …, "organization": […], "person": […], "membership": […],
    "meeting": […]}``; agenda items and locations are embedded in their meetings. Runs five
    queries whatever the amount of data.
    """
    ids = _Ids(base_url)
    with translation.override("de"):
        bodies = _load_bodies()
        meetings = _load_meetings(include_non_public=include_non_public)

        gremien, memberships = [], []
        persons: dict[str, dict] = {}
        institutions: dict[str, dict] = {}
        timestamped: list = [*bodies, *meetings]
        for body in bodies:
            body_memberships = []
            for membership in body.memberships.all():
                timestamped.append(membership)
                body_memberships.extend(_memberships(ids, body, membership))
                if membership.organisation_id:
                    organisation = membership.organisation
                    institutions[ids.institution(organisation.pk)] = _institution(ids, organisation)
                if membership.delegate_id:
                    persons[ids.contact(membership.delegate_id)] = _person(ids, membership.delegate)
                elif membership.person_name:
                    persons[ids.individual(membership.pk)] = _individual(ids, membership)
                if membership.deputy_id:
                    persons[ids.contact(membership.deputy_id)] = _person(ids, membership.deputy)
            gremien.append(_gremium(ids, body, [row["id"] for row in body_memberships]))
            memberships.extend(body_memberships)

        def by_name(row: dict) -> tuple:
            return (row["name"].casefold(), row["id"])

        return {
            "body": _body(ids, timestamped),
            "organization": gremien + sorted(institutions.values(), key=by_name),
            "person": sorted(persons.values(), key=by_name),
            "membership": memberships,
            "meeting": [_meeting(ids, meeting) for meeting in meetings],
        }
