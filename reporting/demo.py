"""Demo data for reporting: an action plan from the seeds and the funding figures of seed 004.

The plan follows seed 000 §6 (the four fields of action of the guideline) with goals and measures
from seeds 000, 002 and 004, and foreword and guiding principles after seed 002 (Harburg's
action plan, adapted to Lüchow-Dannenberg). It was adopted by the Kreistag last year for five
years, so last year's report has a plan to report on; every indicator has a value for last year
and this year; organisations come from the registry demo (actors.demo) and the
agreeing decisions from the round table demo (roundtable.demo), looked up by name. Deadlines are
relative to today, so the progress page always shows overdue and at-risk measures. The funding
statements are seed 004 §4 (Landkreis Peine): 2016 as actual values, 2017 as planned values.
Idempotent: a plan or statement that exists is left alone (a demo plan from before the document
fields only gets its foreword, principles, period and adoption filled in).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from actors.demo import ORGANISATIONS
from actors.models import Organisation
from kmut.models import FieldOfAction
from reporting import releases
from reporting.models import (
    ActionPlan,
    AnnualReport,
    CostCentre,
    FundingRule,
    FundingStatement,
    Goal,
    Grant,
    Indicator,
    IndicatorValue,
    Measure,
    Post,
)
from roundtable.models import Decision

ORG_NAMES = {spec["key"]: spec["name"] for spec in ORGANISATIONS}
S = Measure.Status
SPR = "Partizipation durch Sprache, Bildung und Beruf"
GLS = "Gleichstellung der Geschlechter"
EHR = "Ehrenamt und bürgerschaftliches Engagement"
IKO = "Interkulturelle Öffnung"

# fmt: off
# (field, goal, [(measure, organisation keys, start days, deadline days, status,
#                 [(indicator, unit, baseline, target, [(years ago, value), ...])])])
PLAN = [
    (SPR, "Neuzugewanderte erreichen schnell ein Sprachkursangebot", [
        ("Übersicht Spracherwerb halbjährlich aktualisieren und veröffentlichen", ["kmut", "kvhs"],
         -300, -20, S.IN_PROGRESS, []),
        ("Außerschulische Deutschförderung an Grundschulen ausbauen", ["kvhs", "lk"],
         -200, 45, S.IN_PROGRESS,
         [("Grundschulen mit Deutschförderung", "Schulen", "3", "10", [(1, "4"), (0, "5")])]),
    ]),
    (SPR, "Übergang in Ausbildung und Arbeit begleiten", [
        ("Kompetenzerfassung mit Profilingbogen für Geflüchtete mit Bleibeperspektive",
         ["kmut", "jc", "aa"], -400, -60, S.DONE,
         [("Geführte Profilinggespräche", "Personen", "0", "600", [(1, "420"), (0, "695")])]),
        ("Vertrag mit den Maßnahmeträgern zur Arbeitsmarktintegration", ["jc", "ihk", "leb"],
         -150, 200, S.PLANNED, []),
    ]),
    (GLS, "Frauen mit Fluchterfahrung sichtbar machen und stärken", [
        ("Frauenneujahrsempfang mit Schwerpunkt Migration", ["lk", "kmut"],
         -330, -310, S.DONE, []),
        ("Geschlechtersensible interkulturelle Schulung für Fachkräfte der Jugendhilfe",
         ["kmut", "caritas"], -90, 30, S.IN_PROGRESS,
         [("Geschulte Fachkräfte", "Personen", "0", "40", [(1, "5"), (0, "12")])]),
    ]),
    (EHR, "Ehrenamtliche Begleitung qualifizieren und vernetzen", [
        ("Runder Tisch der Ehrenamtlichen zweimonatlich mit Interkultura e.V.", ["ik", "kmut"],
         -365, 300, S.IN_PROGRESS,
         [("Treffen im Jahr", "Treffen", "0", "6", [(1, "3"), (0, "4")])]),
        ("Ausbildungskurs Integrationslotsen (45 Unterrichtsstunden)", ["kmut", "leb"],
         -120, -10, S.IN_PROGRESS,
         [("Ausgebildete Lotsinnen und Lotsen", "Personen", "0", "18", [(1, "6"), (0, "11")])]),
        ("Schulungen zur Vereinsführung für Migrantenorganisationen", ["amfn", "foetev"],
         -200, 150, S.PAUSED, []),
    ]),
    (IKO, "Gleichberechtigter Zugang zu den Dienstleistungen der Kreisverwaltung", [
        ("Bürgerservice für Menschen mit Migrationshintergrund aufbauen", ["lk", "abh"],
         -500, -90, S.IN_PROGRESS, []),
        ("Mehrsprachige Antragsvordrucke und Pool an Sprachmittelnden", ["lk", "kmut"],
         -250, 120, S.IN_PROGRESS,
         [("Vordrucke in mindestens fünf Sprachen", "Vordrucke", "2", "30",
           [(1, "4"), (0, "6")])]),
        ("Interkulturelle Schulungen in der Ausbildung der Verwaltung", ["lk"],
         -100, 400, S.PLANNED, []),
    ]),
]

KS = "Koordinierungsstelle Migration und Teilhabe"
UM = "Übergangsmanagement"
# (cost centre, year, column, personnel, material, [(source, label, amount)], funding decision)
STATEMENTS = [
    (KS, 2016, "actual", "57167.76", "2771.65", [("state", "", "27052.62")],
     "Zuwendungsbescheid des Landes Niedersachsen (RL KMuT vom 14.04.2014)"),
    (KS, 2017, "planned", "59100.00", "5000.00", [("state", "", "27600.00")],
     "Zuwendungsbescheid des Landes Niedersachsen (RL KMuT vom 14.04.2014)"),
    (UM, 2016, "actual", "24980.82", "0.00", [], "KA-Vorlage 109 / 2016"),
    (UM, 2017, "planned", "180500.00", "10000.00",
     [("flat_rate", "Erstattungspauschale nach dem Aufnahmegesetz", "171100.00")],
     "KA-Vorlage 109 / 2016"),
]
RULES = [
    (date(2014, 4, 14), "Richtlinie Koordinierungsstellen Migration und Teilhabe, "
     "Erl. d. MS v. 14.4.2014"),
    (date(2020, 3, 9), "RL des MS vom 09.03.2020 – 301.31-04011-05 – VORIS 27400"),
]
# fmt: on

PLAN_TITLE = "Handlungskonzept Migration und Teilhabe"
FOREWORD = """\
Nach den Ziffern 4.1 und 4.1.2 der Richtlinie Koordinierungsstellen für Migration und Teilhabe \
(RL des MS vom 09.03.2020 – 301.31-04011-05 – VORIS 27400) erstellt der Landkreis \
Lüchow-Dannenberg ein lokal verbindliches Handlungskonzept und schreibt es jährlich fort. \
Grundlage ist die Bestandsaufnahme der Koordinierungsstelle bei den Fachdiensten der \
Kreisverwaltung und den Partnern im Netzwerk.

Das Handlungskonzept ist die Grundlage des strategischen Integrationsmanagements im Wendland. \
Es berücksichtigt die Handlungsfelder Partizipation durch Sprache, Bildung und Beruf, \
Gleichstellung der Geschlechter, Ehrenamt und bürgerschaftliches Engagement sowie die \
interkulturelle Öffnung der Kreisverwaltung.

Zur Stärkung eines wirkungsorientierten Managements sind die Maßnahmen terminiert; ihr Erfolg \
wird über Indikatoren mit Ausgangs- und Zielwerten gemessen und jährlich berichtet."""
GUIDING_PRINCIPLES = """\
Im Landkreis Lüchow-Dannenberg werden alle Kundinnen und Kunden unabhängig von Herkunft, \
Sprache, Religion, sexueller Orientierung und Geschlecht gleichbehandelt. Diskriminierung, \
Rassismus und Gewalt jeder Art werden nicht geduldet.

Das Erlernen der deutschen Sprache ist der wichtigste Schlüssel für die gesellschaftliche, \
berufliche und wirtschaftliche Teilhabe. Integration ist eine dauerhafte Aufgabe der \
Kreisverwaltung.

Die Organisationseinheiten der Kreisverwaltung unterstützen den Integrationsprozess und \
arbeiten mit den Kommunen, Trägern und Migrantenorganisationen im Landkreis eng zusammen.

Der Landkreis erkennt die Leistungen des ehrenamtlichen Engagements an, denn Integration \
gelingt im ländlichen Raum nur mit dem Ehrenamt.

Der Ausschuss für Soziales, Familie und Integration wird regelmäßig informiert; Kreisausschuss \
und Kreistag können Handlungsrichtungen vorgeben und Impulse setzen."""


def _document_fields(today) -> dict:
    adopted = today.year - 1
    return {
        "foreword": FOREWORD,
        "guiding_principles": GUIDING_PRINCIPLES,
        "period_start": adopted,
        "period_end": adopted + 4,
        "adopted_by": "Kreistag des Landkreises Lüchow-Dannenberg",
        "adopted_on": date(adopted, 3, 19),
    }


def seed_reporting() -> None:
    seed_funding()
    seed_action_plan()


def seed_funding() -> None:
    for valid_from, source in RULES:
        FundingRule.objects.get_or_create(
            valid_from=valid_from,
            defaults={
                "rate": Decimal("0.5"),
                "cost_cap_per_fte": Decimal("70000.00"),
                "grant_cap_per_fte": Decimal("35000.00"),
                "source": source,
            },
        )
    centres = {}
    for position, name in enumerate((KS, UM), start=1):
        centres[name], _created = CostCentre.objects.get_or_create(
            name=name, defaults={"position": position}
        )
    for centre, year, column, personnel, material, grants, decision in STATEMENTS:
        statement, created = FundingStatement.objects.get_or_create(
            year=year,
            cost_centre=centres[centre],
            defaults={f"material_{column}": Decimal(material), "funding_decision": decision},
        )
        if not created:
            continue
        Post.objects.create(
            statement=statement,
            label="Personalaufwendungen",
            **{f"{column}_costs": Decimal(personnel)},
        )
        for source, label, amount in grants:
            Grant.objects.create(
                statement=statement,
                source=source,
                label=label,
                **{f"{column}_amount": Decimal(amount)},
            )
    # This year's plan for the coordination office: the state grant computed from the rules.
    year = timezone.localdate().year
    statement, created = FundingStatement.objects.get_or_create(
        year=year,
        cost_centre=centres[KS],
        defaults={"material_planned": Decimal("4500.00"), "funding_decision": "Antrag gestellt"},
    )
    if created:
        Post.objects.create(
            statement=statement,
            label="Koordinatorin (E 11)",
            fte=Decimal("1.00"),
            planned_costs=Decimal("68400.00"),
        )
        Post.objects.create(
            statement=statement,
            label="Verwaltungskraft (E 6)",
            fte=Decimal("0.25"),
            planned_costs=Decimal("13250.00"),
        )
        Grant.objects.create(
            statement=statement,
            source=Grant.Source.STATE,
            calculation=Grant.Calculation.COMPUTED,
            approved_amount=Decimal("40000.00"),
        )


def _organisations(keys):
    return Organisation.objects.filter(
        name__in=[ORG_NAMES[key] for key in keys if key in ORG_NAMES]
    )


def seed_action_plan() -> None:
    today = timezone.localdate()
    document = _document_fields(today)
    existing = ActionPlan.objects.filter(title=PLAN_TITLE).order_by("year", "version").first()
    if existing is not None:
        blank = [name for name in document if not getattr(existing, name)]
        for name in blank:
            setattr(existing, name, document[name])
        if blank:
            existing.save(update_fields=blank)
        return
    plan = ActionPlan.objects.create(
        year=today.year - 1,
        version=1,
        title=PLAN_TITLE,
        notes="Fortschreibung nach Richtlinie Ziffer 4.1.2; Erfolgsmessung über "
        "Indikatoren je Maßnahme (Handlungskonzept §6).",
        **document,
    )
    decisions = list(Decision.objects.filter(body__short_name="RT").order_by("number")[:4])
    fields = {field.name: field for field in FieldOfAction.objects.all()}
    for goal_position, (field_name, goal_title, measures) in enumerate(PLAN, start=1):
        field = fields.get(field_name)
        if field is None:
            continue
        goal = Goal.objects.create(
            plan=plan, field_of_action=field, title=goal_title, position=goal_position
        )
        for position, (title, orgs, start, deadline, status, indicators) in enumerate(measures):
            measure = Measure.objects.create(
                goal=goal,
                title=title,
                starts_on=today + timedelta(days=start),
                due_on=today + timedelta(days=deadline),
                status=status,
                position=position,
            )
            measure.organisations.set(_organisations(orgs))
            if decisions:
                measure.decisions.add(decisions[(goal_position + position) % len(decisions)])
            for name, unit, baseline, target, values in indicators:
                indicator = Indicator.objects.create(
                    measure=measure,
                    name=name,
                    unit=unit,
                    baseline=Decimal(baseline),
                    baseline_year=today.year - 2,
                    target=Decimal(target),
                    target_year=today.year + 1,
                )
                for years_ago, value in values:
                    IndicatorValue.objects.create(
                        indicator=indicator, year=today.year - years_ago, value=Decimal(value)
                    )


DEMO_URL = "http://127.0.0.1:8000"  # where ./run serves, for the link in the committee's e-mail


def seed_annual_reports() -> None:
    """Last year's report released to the committee, this year's as a draft (run last: the
    released report freezes the figures of every other app's demo data)."""
    lead = User.objects.filter(username="leitung").first()
    # Four eyes: the coordinator reviews, the lead releases (confirming what is still missing).
    reviewer = User.objects.filter(username="koordination").first()
    if lead is None or reviewer is None or AnnualReport.objects.exists():
        return
    year = timezone.localdate().year
    texts = {
        "committee": "Ausschuss für Soziales, Familie und Integration",
        "introduction": (
            "Die Koordinierungsstelle Migration und Teilhabe wird nach der Richtlinie des Landes "
            "Niedersachsen gefördert. Dieser Bericht stellt die Arbeit des Jahres dar: das "
            "Netzwerk, das Ehrenamt, die Beratung und die Finanzierung."
        ),
        "assessment": (
            "Das Netzwerk ist stabil; die Sprachmittlung wird stark nachgefragt, besonders in "
            "Dari, Arabisch und Ukrainisch. Die Zahl der Ehrenamtlichen ist leicht gestiegen."
        ),
    }
    previous = releases.create_report(year=year - 1, by=lead)
    for field, value in texts.items():
        setattr(previous, field, value)
    previous.paper_number = f"{year - 1}-31/0412"
    previous.meeting_date = timezone.localdate().replace(month=3, day=12)
    previous.outlook = "Für das kommende Jahr ist ein weiterer Kurs für Asylbegleitung geplant."
    previous.save()
    releases.mark_reviewed(report=previous, by=reviewer)
    releases.release(
        report=previous,
        by=lead,
        confirmed=[gap.code for gap in releases.completeness(previous)],
        base_url=DEMO_URL,
    )
    current = releases.create_report(year=year, by=lead)
    current.committee = texts["committee"]
    current.introduction = texts["introduction"]
    current.save()
