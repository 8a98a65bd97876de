"""Ten years of data for a large district, written with bulk_create (no history rows).

Sizes are the floor the benchmark promises (issue 8): ≥ 1,000 organisations, 3,000 contacts,
400 meetings with minutes, 500 volunteers, 20,000 expense claims, 40,000 consultations.
Deterministic (fixed random seed) and additive: it tops the database up to the target sizes.
`scale` multiplies every size (the benchmark's second data size is `scale=4`: four times the
rows over the same ten years, a district four times as busy).

Run by `python -m bench.prepare --scale N` (docs/performance.md).
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from actors.models import ContactPerson, Offer, Organisation
from consultations.models import (
    AgeBand,
    Client,
    Consultation,
    ConsultationTopic,
    Gender,
    HouseholdSize,
    Origin,
    Referral,
    ResidenceStatus,
    Topic,
)
from consultations.services import refresh_last_contact
from consultations.statistics_cache import statistics_changed
from kmut.models import FieldOfAction, Language, Municipality
from kmut.search import searchable
from roundtable.models import ActionItem, AgendaItem, Attendance, Body, Decision, Meeting
from volunteers import payments
from volunteers.models import (
    Assignment,
    ExpenseClaim,
    HoursEntry,
    PaymentRun,
    Programme,
    RateSet,
    Volunteer,
    VolunteerLanguage,
)

BERLIN = ZoneInfo("Europe/Berlin")
YEARS = 10
SIZES = {
    "organisations": 1000,
    "contacts": 3000,
    "meetings": 400,
    "volunteers": 500,
    "claims": 20000,
    "consultations": 40000,
}
BATCH = 2000
FIRST = ["Anna", "Ali", "Maria", "Yusuf", "Olena", "Peter", "Fatma", "Jonas", "Amina", "Lea"]
LAST = ["Schulz", "Yılmaz", "Kowalski", "Haddad", "Meyer", "Petrenko", "Rahimi", "Krüger"]


def _day(rng, today: date) -> date:
    return today - timedelta(days=rng.randint(0, 365 * YEARS - 1))


def _missing(model, target: int) -> int:
    return max(target - model.objects.count(), 0)


def organisations(rng, today, sizes) -> None:
    places = list(Municipality.objects.all())
    fields = list(FieldOfAction.objects.all())
    count = _missing(Organisation, sizes["organisations"])
    kinds = Organisation.Kind.values
    new = Organisation.objects.bulk_create(
        searchable(
            [
                Organisation(
                    name=f"Bench-Organisation {index:05d} {rng.choice(LAST)}",
                    kind=rng.choice(kinds),
                    city=rng.choice(["Lüchow", "Dannenberg", "Hitzacker", "Gartow", "Clenze"]),
                    last_confirmed_on=_day(rng, today),
                )
                for index in range(
                    Organisation.objects.count(), Organisation.objects.count() + count
                )
            ]
        ),
        batch_size=BATCH,
    )
    through_places = Organisation.municipalities.through
    through_fields = Organisation.fields_of_action.through
    through_places.objects.bulk_create(
        [through_places(organisation=o, municipality=rng.choice(places)) for o in new],
        batch_size=BATCH,
    )
    through_fields.objects.bulk_create(
        [
            through_fields(organisation=o, fieldofaction=field)
            for o in new
            for field in rng.sample(fields, k=min(2, len(fields)))
        ],
        batch_size=BATCH,
    )
    orgs = list(Organisation.objects.values_list("pk", flat=True))
    ContactPerson.objects.bulk_create(
        searchable(
            [
                ContactPerson(
                    organisation_id=rng.choice(orgs),
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    email=f"kontakt{index}@bench.example",
                    legal_basis=ContactPerson.LegalBasis.PUBLIC_TASK,
                )
                for index in range(_missing(ContactPerson, sizes["contacts"]))
            ]
        ),
        batch_size=BATCH,
    )
    Offer.objects.bulk_create(
        searchable(
            [
                Offer(
                    organisation_id=rng.choice(orgs),
                    kind=rng.choice(Offer.Kind.values),
                    title=f"Angebot {index}",
                )
                for index in range(_missing(Offer, sizes["organisations"] * 2))
            ]
        ),
        batch_size=BATCH,
    )


def meetings(rng, today, sizes) -> None:
    bodies = list(Body.objects.all())
    if not bodies:
        bodies = [
            Body.objects.create(name="Bench-Runder Tisch", short_name="BRT", kind="round_table")
        ]
    orgs = list(Organisation.objects.values_list("pk", flat=True)[:200])
    count = _missing(Meeting, sizes["meetings"])
    created = Meeting.objects.bulk_create(
        [
            Meeting(
                body=rng.choice(bodies),
                title=f"Sitzung {index}",
                starts_at=datetime.combine(_day(rng, today), time(15), tzinfo=BERLIN),
                place="Kreishaus",
                state=Meeting.State.APPROVED,
            )
            for index in range(count)
        ],
        batch_size=BATCH,
    )
    items, attendance, decisions, actions = [], [], [], []
    numbers = {body.pk: (Decision.objects.filter(body=body).count() + 1) for body in bodies}
    for meeting in created:
        for position in range(1, 7):
            items.append(
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    title=f"TOP {position}",
                    minutes_text="Die Teilnehmenden berichten und beraten. " * 8,
                )
            )
        for org in rng.sample(orgs, k=min(12, len(orgs))):
            attendance.append(
                Attendance(
                    meeting=meeting,
                    organisation_id=org,
                    name=f"Vertretung {org}",
                    status=rng.choice(Attendance.Status.values),
                )
            )
        for _ in range(2):
            decisions.append(
                Decision(
                    body_id=meeting.body_id,
                    meeting=meeting,
                    number=numbers[meeting.body_id],
                    text="Der Runde Tisch beschließt ...",
                )
            )
            numbers[meeting.body_id] += 1
        actions.append(
            ActionItem(
                body_id=meeting.body_id,
                meeting=meeting,
                title="Aufgabe aus der Sitzung",
                owner_name="Koordinierungsstelle",
                due_on=meeting.starts_at.date() + timedelta(days=60),
            )
        )
    for model, rows in ((AgendaItem, items), (Attendance, attendance), (Decision, decisions),
                        (ActionItem, actions)):  # fmt: skip
        model.objects.bulk_create(rows, batch_size=BATCH)


def volunteering(rng, today, sizes) -> None:
    RateSet.objects.get_or_create(
        valid_from=date(today.year - YEARS, 1, 1),
        defaults={"hourly_rate": Decimal("15.00"), "billing_unit": "half_hour",
                  "km_rate": Decimal("0.25"), "tax_free_allowance": Decimal("840.00")},
    )  # fmt: skip
    programme = Programme.objects.get_or_create(
        name="Pool an Sprachmittelnden", defaults={"kind": Programme.Kind.INTERPRETERS}
    )[0]
    languages = list(Language.objects.all())
    places = list(Municipality.objects.all())
    new = Volunteer.objects.bulk_create(
        searchable(
            [
                Volunteer(
                    first_name=rng.choice(FIRST),
                    last_name=f"{rng.choice(LAST)}-{index}",
                    status=rng.choice(Volunteer.Status.values),
                    available_days="01234",
                )
                for index in range(_missing(Volunteer, sizes["volunteers"]))
            ]
        ),
        batch_size=BATCH,
    )
    VolunteerLanguage.objects.bulk_create(
        [
            VolunteerLanguage(volunteer=v, language=language, level="native")
            for v in new
            for language in rng.sample(languages, k=min(2, len(languages)))
        ],
        batch_size=BATCH,
    )
    Volunteer.programmes.through.objects.bulk_create(
        [Volunteer.programmes.through(volunteer=v, programme=programme) for v in new],
        batch_size=BATCH,
    )
    Volunteer.municipalities.through.objects.bulk_create(
        [
            Volunteer.municipalities.through(volunteer=v, municipality=rng.choice(places))
            for v in new
        ],
        batch_size=BATCH,
    )
    volunteers = list(Volunteer.objects.values_list("pk", flat=True))
    missing = _missing(ExpenseClaim, sizes["claims"])
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                kind=Assignment.Kind.INTERPRETING,
                programme=programme,
                volunteer_id=rng.choice(volunteers),
                reference=f"Termin B-{index}",
                language=rng.choice(languages),
                municipality=rng.choice(places),
                requesting_unit="Ausländerbehörde",
                starts_on=_day(rng, today),
                status=Assignment.Status.COMPLETED,
            )
            for index in range(missing // 2)
        ],
        batch_size=BATCH,
    )
    statuses = ExpenseClaim.Status.values
    claims = []
    for index in range(missing):
        assignment = assignments[index // 2] if assignments else None
        day = assignment.starts_on if assignment else _day(rng, today)
        status = "paid" if day < today - timedelta(days=90) else rng.choice(statuses)
        claims.append(
            ExpenseClaim(
                volunteer_id=assignment.volunteer_id if assignment else rng.choice(volunteers),
                assignment=assignment,
                service_date=day,
                duration_minutes=rng.choice([45, 60, 80, 90, 120]),
                language_id=assignment.language_id if assignment else None,
                travel_km=Decimal(rng.randint(0, 60)),
                iban="DE89370400440532013000",
                account_holder="Bench",
                status=status,
                amount=(amount := Decimal(rng.randint(1500, 6000)) / 100),
                paid_on=day + timedelta(days=30) if status == "paid" else None,
                calculation=_frozen(amount) if status != "draft" else {},
                flags=[{"code": "many_km", "message": "Bench"}] if index % 50 == 0 else [],
            )
        )
    ExpenseClaim.objects.bulk_create(claims, batch_size=BATCH)
    _payment_runs(today)
    staff = User.objects.filter(is_active=True).first()
    HoursEntry.objects.bulk_create(
        [
            HoursEntry(
                assignment=assignment,
                volunteer_id=assignment.volunteer_id,
                date=assignment.starts_on,
                minutes=90,
                logged_by=staff,
            )
            for assignment in assignments[: 5000 * sizes["scale"]]
        ],
        batch_size=BATCH,
    )


def _frozen(amount: Decimal) -> dict:
    """A claim's stored calculation as submission freezes it (three lines)."""
    return {
        "rate_set": None,
        "rates_valid_from": "2016-01-01",
        "lines": [
            {"label": "Zeit", "quantity": "1,50 h × 15,00 €", "amount": str(amount - 5)},
            {"label": "Fahrtkosten", "quantity": "20,0 km × 0,25 €", "amount": "5.00"},
        ],
        "total": str(amount),
        "allowance_left": None,
        "warnings": [],
    }


def _payment_runs(today) -> None:
    """Paid claims in monthly booked runs, like an office paying once a month."""
    if PaymentRun.objects.filter(number__contains="-B").exists():
        return  # the bench's runs are there (the demo's own runs do not count)
    staff = User.objects.filter(is_active=True).first()
    months: dict[date, list] = {}
    paid = ExpenseClaim.objects.filter(status=ExpenseClaim.Status.PAID, payment_run__isnull=True)
    for pk, paid_on, amount in paid.values_list("pk", "paid_on", "amount"):
        months.setdefault(paid_on.replace(day=1), []).append((pk, amount))
    for index, (month, claims) in enumerate(sorted(months.items())):
        booked_at = timezone.make_aware(datetime.combine(month, datetime.min.time()))
        run = PaymentRun.objects.create(
            number=f"ZL-{month.year}-B{index:04d}",
            status=PaymentRun.Status.BOOKED,
            created_by=staff,
            execution_date=month,
            total=sum(amount for _pk, amount in claims),
            claim_count=len(claims),
            message_id=f"KMUT-BENCH-{index:05d}",
            sepa_sha256="0" * 64,
            exported_at=booked_at,
            exported_by=staff,
            booked_on=month,
            booked_at=booked_at,
            booked_by=staff,
        )
        ExpenseClaim.objects.filter(pk__in=[pk for pk, _amount in claims]).update(payment_run=run)
        # The transfers as the export froze them (a booked run was exported first), the way the
        # demo data's runs hold them: the run's page and CSV read these, not the claims.
        run.items = [item.as_data() for item in payments._items(run, payments.claims_of(run))]
        run.save(update_fields=["items"])


def counselling(rng, today, sizes) -> None:
    """Clients with three to four consultations each over ten years, topics and referrals."""
    missing = _missing(Consultation, sizes["consultations"])
    if not missing:
        return
    places = list(Municipality.objects.all())
    languages = list(Language.objects.all())
    staff = list(User.objects.filter(groups__name__in=["Koordination", "Leitung"]))
    start = Client.objects.count()
    clients = Client.objects.bulk_create(
        searchable(
            [
                Client(
                    code=f"B-{start + index:06d}",
                    age_band=rng.choice(AgeBand.values),
                    gender=rng.choice(Gender.values),
                    origin=rng.choice(Origin.values),
                    residence_status=rng.choice(ResidenceStatus.values),
                    municipality=rng.choice(places),
                    household_size=rng.choice(HouseholdSize.values),
                )
                for index in range(missing // 3 + 1)
            ]
        ),
        batch_size=BATCH,
    )
    consultations = Consultation.objects.bulk_create(
        [
            Consultation(
                held_on=_day(rng, today),
                duration_minutes=rng.choice([15, 30, 45, 60]),
                channel=rng.choice(Consultation.Channel.values),
                counsellor=rng.choice(staff),
                client=clients[index // 3],
                language=rng.choice(languages),
                interpreter_used=rng.random() < 0.2,
                note="Kurze Notiz zum Gespräch.",
            )
            for index in range(missing)
        ],
        batch_size=BATCH,
    )
    ConsultationTopic.objects.bulk_create(
        [
            ConsultationTopic(consultation=consultation, topic=topic)
            for consultation in consultations
            for topic in rng.sample(Topic.values, k=rng.choice([1, 1, 2]))
        ],
        batch_size=BATCH,
    )
    orgs = list(Organisation.objects.values_list("pk", flat=True)[:300])
    Referral.objects.bulk_create(
        [
            Referral(consultation=consultation, organisation_id=rng.choice(orgs))
            for consultation in consultations
            if rng.random() < 0.15
        ],
        batch_size=BATCH,
    )
    refresh_last_contact()  # bulk_create skips the services: one UPDATE for every client


STEPS = [organisations, meetings, volunteering, counselling]


def sizes_for(scale: int = 1) -> dict:
    return {**{name: size * scale for name, size in SIZES.items()}, "scale": scale}


def generate(seed: int = 2026, scale: int = 1) -> dict:
    rng = random.Random(seed)
    today = timezone.localdate()
    sizes = sizes_for(scale)
    for step in STEPS:
        with transaction.atomic():
            step(rng, today, sizes)
    statistics_changed()  # bulk_create sends no signal: cached statistics are outdated now
    return {
        "organisations": Organisation.objects.count(),
        "contacts": ContactPerson.objects.count(),
        "meetings": Meeting.objects.count(),
        "volunteers": Volunteer.objects.count(),
        "claims": ExpenseClaim.objects.count(),
        "consultations": Consultation.objects.count(),
    }
