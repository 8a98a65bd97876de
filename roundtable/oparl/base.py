"""What the OParl objects share: constants, value formats, the API variant, the object source."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone

from actors.models import ContactPerson, Organisation
from roundtable.models import AgendaItem, Meeting, Membership

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
