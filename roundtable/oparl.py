"""The bodies, their members and their meetings as OParl 1.1 objects.

OParl (https://oparl.org/spezifikation/) is the German standard for machine-readable
council information. kmut maps onto it like this:

* the district office as a whole is the one OParl ``Body`` (name: ``KMUT_DISTRICT_NAME``);
* each kmut ``Body`` (round table, network, steering group …) is an OParl ``Organization``
  with ``organizationType`` "Gremium";
* each member organisation is an OParl ``Organization`` with ``organizationType``
  "Institution", so that memberships can say on whose behalf a person sits in a body;
* delegates and deputies (contact persons of the registry) and individual members are OParl
  ``Person`` objects;
* each kmut ``Membership`` is an OParl ``Membership`` of its delegate (or individual member);
  a named deputy gets a second ``Membership`` with the role of a deputy and no voting right;
  a membership of an organisation without a named person has no ``person`` and points to the
  organisation through ``onBehalfOf``;
* each meeting of a body is an OParl ``Meeting`` with its place as an embedded ``Location``
  and its agenda items as embedded ``AgendaItem`` objects. Meetings without a body (the
  office's external appointments) are not published.

The API comes in two variants (decision record 0011): the public one shows only what the
office publishes anyway (organisations and contact persons whose publication level is
"public", public agenda items); the staff one shows everything. `Variant` carries that
choice and builds the absolute ``id`` URLs; each `Source` is one kind of object with the rows
a variant may see and the function that renders a row. Papers and files (released annual
reports) are added by `reporting.oparl`; the views live in `reporting.oparl_views`, because
only `reporting` may read every app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from django.conf import settings
from django.db.models import Max, Min, Model, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from actors.models import ContactPerson, Organisation
from roundtable.models import AgendaItem, Body, Decision, Meeting, Membership

OPARL_SCHEMA = "https://schema.oparl.org/1.1/"
OPARL_VERSION = OPARL_SCHEMA
# Namespaces of the two variants (see kmut/urls.py).
PUBLIC_NAMESPACE = "oparl"
STAFF_NAMESPACE = "oparl_staff"

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
# The office publishes exactly one OParl body.
BODY_KEY = "1"

VOTING_ROLES = {Membership.Role.MEMBER, Membership.Role.CHAIR}


def oparl_type(name: str) -> str:
    """The OParl 1.1 namespace URL of an object type, e.g. ``…/1.1/Meeting``."""
    return f"{OPARL_SCHEMA}{name}"


def oparl_datetime(value: datetime) -> str:
    """ISO 8601 with the local offset, to the second (e.g. 2026-03-05T18:00:00+01:00)."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def oparl_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def timestamps(obj) -> dict:
    return {"created": oparl_datetime(obj.created_at), "modified": oparl_datetime(obj.updated_at)}


def compact(data: dict) -> dict:
    """Leave out properties without a value, as OParl asks (empty lists stay)."""
    return {key: value for key, value in data.items() if value is not None and value != ""}


class Variant:
    """One variant of the API for one request: what it may show and where its objects live.

    ``public=True`` is the variant without login. Object ids are absolute URLs built from
    the request, so they are right behind any host name the site is served under.
    """

    def __init__(self, request, *, public: bool):
        self.request = request
        self.public = public
        self.namespace = PUBLIC_NAMESPACE if public else STAFF_NAMESPACE

    def url(self, url_name: str, **kwargs) -> str:
        path = reverse(f"{self.namespace}:{url_name}", kwargs=kwargs or None)
        return self.request.build_absolute_uri(path)

    def object_url(self, kind: str, pk: int) -> str:
        return self.url(kind, pk=pk)

    def list_url(self, name: str) -> str:
        return self.url("list", body=BODY_KEY, name=name)

    @property
    def system_url(self) -> str:
        return self.url("system")

    @property
    def body_url(self) -> str:
        return self.url("body", body=BODY_KEY)

    # What the public may see. Both rules come from the registry's own query sets, the same
    # ones the public atlas uses.

    @cached_property
    def _public_organisation_ids(self) -> set[int]:
        return set(Organisation.objects.public().values_list("pk", flat=True))

    @cached_property
    def _public_contact_ids(self) -> set[int]:
        return set(
            ContactPerson.objects.public()
            .filter(organisation__in=Organisation.objects.public())
            .values_list("pk", flat=True)
        )

    def shows_organisation(self, pk: int | None) -> bool:
        return not self.public or pk in self._public_organisation_ids

    def shows_contact(self, pk: int | None) -> bool:
        return pk is not None and (not self.public or pk in self._public_contact_ids)

    def organisations(self) -> QuerySet:
        """Organisations the variant may name."""
        if self.public:
            return Organisation.objects.public()
        return Organisation.objects.all()

    def contacts(self) -> QuerySet:
        """Contact persons the variant may name."""
        if self.public:
            return ContactPerson.objects.public().filter(
                organisation__in=Organisation.objects.public()
            )
        return ContactPerson.objects.all()

    def memberships(self) -> QuerySet:
        """Seats the variant may show: the public one only those of public organisations.

        An individual member (a name typed into the membership) has no publication level
        and no recorded consent, so the public variant leaves them out.
        """
        if self.public:
            return Membership.objects.filter(organisation__in=Organisation.objects.public())
        return Membership.objects.all()

    def agenda_items(self) -> QuerySet:
        items = AgendaItem.objects.filter(meeting__body__isnull=False)
        if self.public:
            items = items.filter(is_public=True)
        return items


@dataclass(frozen=True)
class Source:
    """One kind of OParl object: the rows a variant may see (in a stable order) and how a row
    is rendered. A list is one or more sources one after the other."""

    rows: Callable[[Variant], QuerySet]
    render: Callable[[Variant, Model], dict]


# --- organizations ------------------------------------------------------------------------


def _gremium_rows(variant: Variant) -> QuerySet:
    seats = variant.memberships().select_related("deputy").order_by("pk")
    return Body.objects.order_by("pk").prefetch_related(Prefetch("memberships", queryset=seats))


def _gremium(variant: Variant, body: Body) -> dict:
    membership_ids = []
    for seat in body.memberships.all():
        membership_ids.append(variant.object_url("membership", seat.pk))
        if variant.shows_contact(seat.deputy_id):
            membership_ids.append(variant.object_url("deputy_membership", seat.pk))
    short_name = body.short_name if body.short_name != body.name else ""
    return compact(
        {
            "id": variant.object_url("gremium", body.pk),
            "type": oparl_type("Organization"),
            "body": variant.body_url,
            "name": body.name,
            "shortName": short_name,
            "organizationType": ORGANIZATION_TYPE_BODY,
            "classification": body.get_kind_display(),
            "membership": membership_ids,
            **timestamps(body),
        }
    )


def _institution_rows(variant: Variant) -> QuerySet:
    members = variant.memberships().values("organisation")
    return variant.organisations().filter(pk__in=members).order_by("pk")


def _institution(variant: Variant, organisation: Organisation) -> dict:
    short_name = organisation.short_name if organisation.short_name != organisation.name else ""
    return compact(
        {
            "id": variant.object_url("institution", organisation.pk),
            "type": oparl_type("Organization"),
            "body": variant.body_url,
            "name": organisation.name,
            "shortName": short_name,
            "organizationType": ORGANIZATION_TYPE_MEMBER,
            "classification": organisation.get_kind_display(),
            "website": organisation.website,
            **timestamps(organisation),
        }
    )


# --- persons ------------------------------------------------------------------------------


def _contact_rows(variant: Variant) -> QuerySet:
    """Delegates and deputies of the seats the variant shows."""
    seats = variant.memberships()
    return (
        variant.contacts()
        .filter(Q(pk__in=seats.values("delegate")) | Q(pk__in=seats.values("deputy")))
        .order_by("pk")
    )


def _contact(variant: Variant, person: ContactPerson) -> dict:
    # The registry shows e-mail and phone of public contact persons in the public atlas; the
    # public variant only ever contains such persons.
    return compact(
        {
            "id": variant.object_url("contact", person.pk),
            "type": oparl_type("Person"),
            "body": variant.body_url,
            "name": person.full_name,
            "familyName": person.last_name,
            "givenName": person.first_name,
            "email": [person.email] if person.email else None,
            "phone": [person.phone] if person.phone else None,
            **timestamps(person),
        }
    )


def _individual_rows(variant: Variant) -> QuerySet:
    if variant.public:
        return Membership.objects.none()
    return Membership.objects.exclude(person_name="").filter(delegate__isnull=True).order_by("pk")


def _individual(variant: Variant, membership: Membership) -> dict:
    return compact(
        {
            "id": variant.object_url("individual", membership.pk),
            "type": oparl_type("Person"),
            "body": variant.body_url,
            "name": membership.person_name,
            "email": [membership.email] if membership.email else None,
            **timestamps(membership),
        }
    )


# --- memberships --------------------------------------------------------------------------


def _seat_rows(variant: Variant) -> QuerySet:
    return variant.memberships().order_by("pk")


def _membership(variant, membership, *, id_, person, role, voting_right) -> dict:
    on_behalf_of = (
        variant.object_url("institution", membership.organisation_id)
        if membership.organisation_id
        else None
    )
    return compact(
        {
            "id": id_,
            "type": oparl_type("Membership"),
            "person": person,
            "organization": variant.object_url("gremium", membership.body_id),
            "onBehalfOf": on_behalf_of,
            "role": role,
            "votingRight": voting_right,
            "startDate": oparl_date(membership.starts_on),
            "endDate": oparl_date(membership.ends_on),
            **timestamps(membership),
        }
    )


def _seat(variant: Variant, membership: Membership) -> dict:
    if membership.delegate_id:
        shown = variant.shows_contact(membership.delegate_id)
        person = variant.object_url("contact", membership.delegate_id) if shown else None
    elif membership.person_name and not variant.public:
        person = variant.object_url("individual", membership.pk)
    else:
        person = None
    return _membership(
        variant,
        membership,
        id_=variant.object_url("membership", membership.pk),
        person=person,
        role=membership.get_role_display(),
        voting_right=membership.role in VOTING_ROLES,
    )


def _deputy_rows(variant: Variant) -> QuerySet:
    return variant.memberships().filter(deputy__in=variant.contacts()).order_by("pk")


def _deputy(variant: Variant, membership: Membership) -> dict:
    # A deputy votes only when standing in.
    return _membership(
        variant,
        membership,
        id_=variant.object_url("deputy_membership", membership.pk),
        person=variant.object_url("contact", membership.deputy_id),
        role=str(Membership._meta.get_field("deputy").verbose_name),
        voting_right=False,
    )


# --- meetings, agenda items, locations ----------------------------------------------------


def _decisions() -> QuerySet:
    return Decision.objects.select_related("body").order_by("number", "pk")


def _meeting_rows(variant: Variant) -> QuerySet:
    items = variant.agenda_items().order_by("position", "pk")
    return (
        Meeting.objects.filter(body__isnull=False)
        .order_by("pk")
        .prefetch_related(
            Prefetch("agenda_items", queryset=items),
            Prefetch("agenda_items__decisions", queryset=_decisions()),
        )
    )


def _location(variant: Variant, meeting: Meeting) -> dict | None:
    if not meeting.place:
        return None
    return {
        "id": variant.object_url("location", meeting.pk),
        "type": oparl_type("Location"),
        "description": meeting.place,
        "meetings": [variant.object_url("meeting", meeting.pk)],
        **timestamps(meeting),
    }


def _agenda_item(variant: Variant, item: AgendaItem, order: int) -> dict:
    decisions = list(item.decisions.all())
    resolution = "\n\n".join(f"{decision.reference}: {decision.text}" for decision in decisions)
    return compact(
        {
            "id": variant.object_url("agenda_item", item.pk),
            "type": oparl_type("AgendaItem"),
            "meeting": variant.object_url("meeting", item.meeting_id),
            "number": str(item.position),
            # OParl counts `order` from 0 along the meeting's (published) agendaItem list.
            "order": order,
            "name": item.title,
            "public": item.is_public,
            "result": RESULT_DECIDED if decisions else None,
            "resolutionText": resolution,
            **timestamps(item),
        }
    )


def _meeting(variant: Variant, meeting: Meeting) -> dict:
    items = [
        _agenda_item(variant, item, order) for order, item in enumerate(meeting.agenda_items.all())
    ]
    return compact(
        {
            "id": variant.object_url("meeting", meeting.pk),
            "type": oparl_type("Meeting"),
            "name": meeting.title,
            "meetingState": MEETING_STATES[meeting.state],
            "cancelled": meeting.state == Meeting.State.CANCELLED,
            "start": oparl_datetime(meeting.starts_at),
            "end": oparl_datetime(meeting.ends_at) if meeting.ends_at else None,
            "location": _location(variant, meeting),
            "organization": [variant.object_url("gremium", meeting.body_id)],
            "agendaItem": items,
            **timestamps(meeting),
        }
    )


def _agenda_item_rows(variant: Variant) -> QuerySet:
    # The meeting's published items, to count the item's `order` among them.
    siblings = variant.agenda_items().order_by("position", "pk").only("pk", "meeting_id")
    return (
        variant.agenda_items()
        .order_by("pk")
        .select_related("meeting")
        .prefetch_related(
            Prefetch("meeting__agenda_items", queryset=siblings, to_attr="oparl_siblings"),
            Prefetch("decisions", queryset=_decisions()),
        )
    )


def _standalone_agenda_item(variant: Variant, item: AgendaItem) -> dict:
    order = [sibling.pk for sibling in item.meeting.oparl_siblings].index(item.pk)
    return _agenda_item(variant, item, order)


def _location_rows(variant: Variant) -> QuerySet:
    return Meeting.objects.filter(body__isnull=False).exclude(place="").order_by("pk")


# --- body and system ----------------------------------------------------------------------

# Body lists OParl 1.1 requires; kmut has no consultations and no legislative terms, so
# those two lists are announced and empty.
BODY_LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "locationList",
    "legislativeTermList",
    "membership",
)


def _span() -> tuple[datetime, datetime]:
    """First creation and last change among bodies and meetings (the body's own dates)."""
    dates = [
        model.objects.aggregate(created=Min("created_at"), modified=Max("updated_at"))
        for model in (Body, Meeting)
    ]
    now = timezone.now()
    created = min((row["created"] for row in dates if row["created"]), default=now)
    modified = max((row["modified"] for row in dates if row["modified"]), default=now)
    return created, modified


def body_object(variant: Variant) -> dict:
    """The district office as the one OParl body."""
    created, modified = _span()
    return {
        "id": variant.body_url,
        "type": oparl_type("Body"),
        "system": variant.system_url,
        "name": settings.KMUT_DISTRICT_NAME,
        "classification": BODY_CLASSIFICATION,
        **{name: variant.list_url(name) for name in BODY_LISTS},
        # Mandatory, but kmut has no legislative terms: an empty list.
        "legislativeTerm": [],
        "created": oparl_datetime(created),
        "modified": oparl_datetime(modified),
    }


def system_object(variant: Variant) -> dict:
    created, modified = _span()
    return {
        "id": variant.system_url,
        "type": oparl_type("System"),
        "oparlVersion": OPARL_VERSION,
        "body": variant.url("body_list"),
        "name": f"kmut – {settings.KMUT_DISTRICT_NAME}",
        "created": oparl_datetime(created),
        "modified": oparl_datetime(modified),
    }


# url name -> source of the objects this app publishes
SOURCES: dict[str, Source] = {
    "gremium": Source(_gremium_rows, _gremium),
    "institution": Source(_institution_rows, _institution),
    "contact": Source(_contact_rows, _contact),
    "individual": Source(_individual_rows, _individual),
    "membership": Source(_seat_rows, _seat),
    "deputy_membership": Source(_deputy_rows, _deputy),
    "meeting": Source(_meeting_rows, _meeting),
    "agenda_item": Source(_agenda_item_rows, _standalone_agenda_item),
    "location": Source(_location_rows, _location),
}

# body list name -> the sources it lists, in this order
LISTS: dict[str, tuple[str, ...]] = {
    "organization": ("gremium", "institution"),
    "person": ("contact", "individual"),
    "membership": ("membership", "deputy_membership"),
    "meeting": ("meeting",),
    "agendaItem": ("agenda_item",),
    "locationList": ("location",),
    "consultation": (),
    "legislativeTermList": (),
}
