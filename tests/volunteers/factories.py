from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories import UserFactory


class RateSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "volunteers.RateSet"
        django_get_or_create = ("valid_from",)

    valid_from = date(2025, 1, 1)
    hourly_rate = Decimal("15.00")
    billing_unit = "hour"
    km_rate = Decimal("0.25")
    km_cap_per_trip = Decimal("125.00")
    reimbursement_share = Decimal("1.00")
    tax_free_allowance = Decimal("960.00")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "volunteers.Programme"
        django_get_or_create = ("name",)

    name = "Pool an Sprachmittelnden"
    kind = "interpreters"


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "volunteers.Volunteer"

    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    email = factory.Sequence(lambda n: f"ehrenamt{n}@example.org")
    status = "active"
    # Cleared for assignments unless a test says otherwise.
    certificate_inspected_on = factory.LazyFunction(
        lambda: timezone.localdate() - timedelta(days=365)
    )
    certificate_renewal_due_on = factory.LazyFunction(
        lambda: timezone.localdate() + timedelta(days=4 * 365)
    )
    confidentiality_signed_on = factory.LazyFunction(
        lambda: timezone.localdate() - timedelta(days=365)
    )


class PortalVolunteerFactory(VolunteerFactory):
    """A volunteer with a portal account (role Ehrenamt)."""

    user = factory.SubFactory(
        UserFactory, username=factory.Sequence(lambda n: f"portal{n}"), role="Ehrenamt"
    )


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "volunteers.Assignment"

    kind = "interpreting"
    programme = factory.SubFactory(ProgrammeFactory)
    volunteer = factory.SubFactory(VolunteerFactory)
    reference = factory.Sequence(lambda n: f"Familie A-{n}")
    requesting_unit = "Ausländerbehörde"
    starts_on = date(2026, 3, 2)
    status = "active"


class ExpenseClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "volunteers.ExpenseClaim"

    volunteer = factory.SubFactory(PortalVolunteerFactory)
    service_date = date(2026, 3, 2)
    duration_minutes = 80
    travel_km = Decimal("34")
    other_costs = Decimal("4.50")
    iban = "DE89370400440532013000"
    account_holder = factory.LazyAttribute(lambda claim: claim.volunteer.full_name)
    status = "submitted"


class TrainingCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "volunteers.TrainingCourse"

    programme = factory.SubFactory(ProgrammeFactory, name="Asylbegleitung", kind="companions")
    title = factory.Sequence(lambda n: f"Ausbildung Asylbegleitung {n}")
    trainers = "Stephanie Wolters"
    status = "running"


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "volunteers.TrainingSession"

    course = factory.SubFactory(TrainingCourseFactory)
    date = date(2026, 2, 23)
    topic = "Rechtliche Grundlagen"
    teaching_hours = Decimal("5")


class CourseParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "volunteers.CourseParticipant"

    course = factory.SubFactory(TrainingCourseFactory)
    volunteer = factory.SubFactory(VolunteerFactory)


class CertifiedParticipantFactory(CourseParticipantFactory):
    volunteer = factory.SubFactory(PortalVolunteerFactory)
    certificate_issued_on = date(2026, 4, 30)
