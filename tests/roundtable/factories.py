from datetime import timedelta

import factory
from django.utils import timezone

from tests.factories import ContactPersonFactory, OrganisationFactory, UserFactory


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "roundtable.Body"

    name = factory.Sequence(lambda n: f"Runder Tisch {n}")
    short_name = factory.Sequence(lambda n: f"RT{n}")
    kind = "round_table"
    rhythm_months = 3


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "roundtable.Membership"

    body = factory.SubFactory(BodyFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    delegate = factory.SubFactory(
        ContactPersonFactory,
        organisation=factory.SelfAttribute("..organisation"),
        email=factory.Sequence(lambda n: f"delegate{n}@verein.example"),
    )


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "roundtable.Meeting"

    body = factory.SubFactory(BodyFactory)
    title = factory.LazyAttribute(lambda meeting: f"Sitzung {meeting.body}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    place = "Kreishaus Lüchow, Raum 101"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "roundtable.AgendaItem"

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Tagesordnungspunkt {n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "roundtable.Decision"

    meeting = factory.SubFactory(MeetingFactory, starts_at=factory.LazyFunction(timezone.now))
    body = factory.SelfAttribute("meeting.body")
    number = factory.Sequence(lambda n: n + 1)
    text = "Der Runde Tisch beschließt einen Fachtag."


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "roundtable.ActionItem"

    meeting = factory.SubFactory(MeetingFactory, starts_at=factory.LazyFunction(timezone.now))
    body = factory.SelfAttribute("meeting.body")
    title = factory.Sequence(lambda n: f"Aufgabe {n}")
    owner_name = "Koordinierungsstelle"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "roundtable.Invitation"

    meeting = factory.SubFactory(MeetingFactory)
    membership = factory.SubFactory(MembershipFactory, body=factory.SelfAttribute("..meeting.body"))
    email = factory.SelfAttribute("membership.invitation_email")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "roundtable.Attendance"

    meeting = factory.SubFactory(MeetingFactory)
    membership = factory.SubFactory(MembershipFactory, body=factory.SelfAttribute("..meeting.body"))
    organisation = factory.SelfAttribute("membership.organisation")
    name = factory.LazyAttribute(lambda attendance: attendance.membership.invitee_name)
    status = "present"


__all__ = ["UserFactory"]


class EventFactory(factory.django.DjangoModelFactory):
    """A one-day event (the last day is the first day) unless a test sets ``ends_on``."""

    class Meta:
        model = "roundtable.Event"

    title = factory.Sequence(lambda n: f"Veranstaltung {n}")
    kind = "event"
    starts_on = factory.LazyFunction(lambda: timezone.localdate())
    ends_on = factory.SelfAttribute("starts_on")
    place = "Kreishaus Lüchow"
