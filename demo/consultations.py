"""Demo data for the consultation log: a year of plausible counselling (seed 000 §5).

About 150 pseudonymous clients and a few hundred consultations from the start of last year until
today, with topic, channel and language distributions of a rural district's migration
counselling. A few clients have a recorded consent with an invented name; three have had no
contact for almost the retention period, so that the dashboard shows its warning. Deterministic
(random seed 2026) and idempotent: nothing is added once the log holds consultations.
"""

import random
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from actors.models import Organisation
from consultations import services
from consultations.models import (
    AgeBand,
    Client,
    ClientIdentity,
    Consultation,
    ConsultationTopic,
    Gender,
    HouseholdSize,
    Origin,
    Referral,
    ResidenceStatus,
    Topic,
)
from kmut.models import Language, Municipality
from volunteers.models import Assignment

Channel = Consultation.Channel

# Weights: what a rural KMuT hears most about (residence law, asylum, benefits, work, language).
TOPIC_WEIGHTS = {
    Topic.RESIDENCE: 26,
    Topic.ASYLUM: 18,
    Topic.BENEFITS: 16,
    Topic.WORK: 14,
    Topic.LANGUAGE_COURSES: 12,
    Topic.HOUSING: 10,
    Topic.FAMILY: 9,
    Topic.EDUCATION: 7,
    Topic.HEALTH: 6,
    Topic.ALLOCATION: 3,
    Topic.RETURN: 2,
    Topic.DISCRIMINATION: 2,
    Topic.OTHER: 4,
}
CHANNEL_WEIGHTS = {
    Channel.IN_PERSON: 55,
    Channel.PHONE: 25,
    Channel.EMAIL: 8,
    Channel.VIDEO: 4,
    Channel.OUTREACH: 8,
}
ORIGIN_WEIGHTS = {
    Origin.SYRIA: 24,
    Origin.UKRAINE: 20,
    Origin.AFGHANISTAN: 16,
    Origin.IRAQ: 8,
    Origin.TURKEY: 7,
    Origin.IRAN: 5,
    Origin.ERITREA: 4,
    Origin.SOMALIA: 3,
    Origin.RUSSIA: 3,
    Origin.EU: 4,
    Origin.AFRICA: 3,
    Origin.ASIA: 2,
    Origin.UNKNOWN: 1,
}
# Language most likely spoken in the consultation, by origin (ISO 639 codes).
LANGUAGE_BY_ORIGIN = {
    Origin.SYRIA: "ar",
    Origin.IRAQ: "ar",
    Origin.UKRAINE: "uk",
    Origin.RUSSIA: "ru",
    Origin.AFGHANISTAN: "prs",
    Origin.IRAN: "fa",
    Origin.TURKEY: "tr",
    Origin.ERITREA: "ti",
    Origin.SOMALIA: "so",
}
REFERRAL_TARGETS = {
    Topic.WORK: ["Jobcenter", "Agentur für Arbeit", "IHK"],
    Topic.LANGUAGE_COURSES: ["KVHS", "LEB"],
    Topic.ASYLUM: ["BLEIBEN", "AMFN"],
    Topic.RESIDENCE: ["Ausländerbehörde", "BLEIBEN"],
    Topic.BENEFITS: ["Jobcenter", "Fachdienst 57"],
    Topic.FAMILY: ["Caritas"],
    Topic.HEALTH: ["Caritas"],
    Topic.HOUSING: ["Fachdienst 57"],
}
NOTES = [
    "",
    "",
    "",
    "Unterlagen für den Antrag besprochen, fehlende Nachweise notiert.",
    "Termin bei der Behörde vorbereitet, Fristen erklärt.",
    "Rückruf vereinbart, Bescheid wird nachgereicht.",
    "Kursangebote erläutert, Anmeldung unterstützt.",
    "Schreiben gemeinsam gelesen und erklärt.",
]
DEMO_NAMES = ["Demo Klientin Eins", "Demo Klient Zwei", "Demo Klientin Drei", "Demo Klient Vier"]


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _workday(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _organisation(name_part: str, organisations: list):
    return next((org for org in organisations if name_part in org.name), None)


def seed_consultations(*, clients: int = 150, seed: int = 2026, today: date | None = None) -> None:
    if Consultation.objects.exists():
        return
    rng = random.Random(seed)
    today = today or timezone.localdate()
    counsellors = list(User.objects.filter(username__in=["koordination", "leitung"]))
    if not counsellors:
        return
    municipalities = list(Municipality.objects.filter(is_active=True).exclude(kind="samtgemeinde"))
    languages = {language.code: language for language in Language.objects.all()}
    german = languages.get("de")
    organisations = list(Organisation.objects.all())
    assignments = list(Assignment.objects.filter(kind=Assignment.Kind.INTERPRETING)[:30])

    # First contacts from the start of last year until today: the released demo report of last
    # year counts a whole year of counselling, this year's draft the months so far.
    span = (today - date(today.year - 1, 1, 1)).days
    for index in range(1, clients + 1):
        first_contact = _workday(today - timedelta(days=rng.randint(0, span)))
        origin = _pick(rng, ORIGIN_WEIGHTS)
        client = Client.objects.create(
            code=f"K-{first_contact.year}-{index:04d}",
            age_band=rng.choices([b for b in AgeBand.values if b], weights=[6, 24, 44, 20, 6])[0],
            gender=rng.choices(["f", "m", "d", ""], weights=[48, 48, 1, 3])[0],
            origin=origin,
            residence_status=_residence_status(rng, origin),
            municipality=rng.choice(municipalities) if municipalities else None,
            household_size=rng.choice([s for s in HouseholdSize.values if s]),
        )
        visits = rng.choices([1, 2, 3, 4, 6], weights=[40, 25, 15, 12, 8])[0]
        day = first_contact
        for _visit in range(visits):
            if day > today:
                break
            _consultation(
                rng,
                client,
                day,
                origin,
                counsellors,
                languages,
                german,
                organisations,
                assignments,
            )
            day = _workday(day + timedelta(days=rng.randint(7, 60)))
        if index <= len(DEMO_NAMES):
            ClientIdentity.objects.create(
                client=client,
                full_name=DEMO_NAMES[index - 1],
                contact="0000 000000 (Demo)",
                consent_given_on=first_contact,
                consent_scope="Name und Telefonnummer für Rückrufe",
            )

    # Three old clients whose retention period ends within the warning period.
    years = settings.KMUT_CONSULTATION_RETENTION_YEARS
    for offset, days_left in enumerate((5, 12, 25), start=1):
        held_on = today.replace(year=today.year - years) + timedelta(days=days_left)
        client = Client.objects.create(
            code=f"K-{held_on.year}-9{offset:03d}",
            age_band=AgeBand.FROM_27,
            gender=Gender.FEMALE if offset % 2 else Gender.MALE,
            origin=Origin.SYRIA,
            residence_status=ResidenceStatus.PROTECTION,
        )
        _consultation(
            rng,
            client,
            held_on,
            Origin.SYRIA,
            counsellors,
            languages,
            german,
            organisations,
            assignments,
        )
    # The consultations above are written directly: store every client's last contact once.
    services.refresh_last_contact()


def _residence_status(rng: random.Random, origin: str) -> str:
    if origin == Origin.UKRAINE:
        return ResidenceStatus.TEMPORARY_PROTECTION
    if origin == Origin.EU:
        return ResidenceStatus.EU_CITIZEN
    return rng.choices(
        [
            ResidenceStatus.ASYLUM_SEEKER,
            ResidenceStatus.TOLERATED,
            ResidenceStatus.PROTECTION,
            ResidenceStatus.WORK_STUDY_FAMILY,
            ResidenceStatus.SETTLED,
            ResidenceStatus.UNKNOWN,
        ],
        weights=[25, 10, 35, 15, 10, 5],
    )[0]


def _consultation(
    rng, client, day, origin, counsellors, languages, german, organisations, assignments
):
    topics = set()
    for _index in range(rng.choices([1, 2, 3], weights=[55, 35, 10])[0]):
        topics.add(_pick(rng, TOPIC_WEIGHTS))
    own_language = languages.get(LANGUAGE_BY_ORIGIN.get(origin, ""))
    interpreter = own_language is not None and rng.random() < 0.22
    language = own_language if interpreter or rng.random() < 0.3 else german
    consultation = Consultation.objects.create(
        client=client,
        held_on=day,
        duration_minutes=rng.choice([15, 20, 30, 30, 45, 45, 60, 90]),
        channel=_pick(rng, CHANNEL_WEIGHTS),
        counsellor=rng.choice(counsellors),
        language=language,
        interpreter_used=interpreter,
        interpreter_assignment=rng.choice(assignments)
        if interpreter and assignments and rng.random() < 0.5
        else None,
        follow_up_on=day + timedelta(days=14) if rng.random() < 0.15 else None,
        note=rng.choice(NOTES),
    )
    for topic in sorted(topics):
        ConsultationTopic.objects.create(consultation=consultation, topic=topic)
    if rng.random() < 0.3:
        targets = [name for topic in topics for name in REFERRAL_TARGETS.get(topic, [])]
        if targets and (organisation := _organisation(rng.choice(targets), organisations)):
            Referral.objects.create(
                consultation=consultation,
                organisation=organisation,
                data_sharing_consent=rng.random() < 0.6,
            )
