"""Demo data for reporting: an action plan from the seeds and the funding figures of seed 004.

The plan follows seed 000 §6 (the four fields of action of the guideline) with goals and measures
from seeds 000, 002 and 004, and foreword and guiding principles after seed 002 (Harburg's
action plan, adapted to Lüchow-Dannenberg). It was adopted by the Kreistag last year for five
years, so last year's report has a plan to report on; every indicator has a value for last year
and this year; organisations come from the registry demo (demo.actors) and the
agreeing decisions from the round table demo (demo.roundtable), looked up by name. Deadlines are
relative to today, so the progress page always shows overdue and at-risk measures. The funding
statements are seed 004 §4 (Landkreis Peine): 2016 as actual values, 2017 as planned values.
Idempotent: a plan or statement that exists is left alone (a demo plan from before the document
fields only gets its foreword, principles, period and adoption filled in).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from actors.models import Organisation
from demo.actors import ORGANISATIONS
from kmut.models import FieldOfAction
from reporting import releases
from reporting.models import (
    ActionPlan,
    AnnualReport,
    CommitteeStep,
    CostCentre,
    FundingRule,
    FundingStatement,
    Goal,
    Grant,
    Indicator,
    IndicatorValue,
    Measure,
    Post,
    ReportChapter,
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
    # Last year's actual figures of both cost centres, for the released demo report.
    year = timezone.localdate().year
    for centre, material, personnel, grants in (
        (KS, "3120.40", "66210.55", [("state", "", "33105.27")]),
        (UM, "1840.00", "96400.00", [
            ("flat_rate", "Erstattungspauschale nach dem Aufnahmegesetz", "88000.00")
        ]),
    ):  # fmt: skip
        statement, created = FundingStatement.objects.get_or_create(
            year=year - 1,
            cost_centre=centres[centre],
            defaults={
                "material_actual": Decimal(material),
                "funding_decision": "Verwendungsnachweis",
            },
        )
        if created:
            Post.objects.create(
                statement=statement, label="Personalaufwendungen", actual_costs=Decimal(personnel)
            )
            for source, label, amount in grants:
                Grant.objects.create(
                    statement=statement, source=source, label=label, actual_amount=Decimal(amount)
                )
    # This year's plan of the transition management, next to last year's actual in the report.
    statement, created = FundingStatement.objects.get_or_create(
        year=year,
        cost_centre=centres[UM],
        defaults={"material_planned": Decimal("2000.00"), "funding_decision": "KA-Vorlage 112"},
    )
    if created:
        Post.objects.create(
            statement=statement, label="Personalaufwendungen", planned_costs=Decimal("98500.00")
        )
        Grant.objects.create(
            statement=statement,
            source=Grant.Source.FLAT_RATE,
            label="Erstattungspauschale nach dem Aufnahmegesetz",
            planned_amount=Decimal("90000.00"),
        )
    # This year's plan for the coordination office: the state grant computed from the rules.
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


COMMITTEE = "Ausschuss für Soziales, Familie und Integration"

# Texts of the demo report's chapters by data block and position in the default outline.
CHAPTER_TEXTS = {
    "text": {
        10: (
            "Die Koordinierungsstelle Migration und Teilhabe wird nach der Richtlinie des Landes "
            "Niedersachsen gefördert. Dieser Bericht stellt die Arbeit des Jahres dar: das "
            "Netzwerk, das Ehrenamt, die Beratung und die Finanzierung.\n\n"
            "Ihre Aufgaben ergeben sich aus der Förderrichtlinie:\n\n"
            "- Bestandsaufnahme der integrationsfördernden Angebote im Landkreis,\n"
            "- Erstellung und Fortschreibung des Handlungskonzepts,\n"
            "- Vernetzung der Träger der Integrationsarbeit,\n"
            "- Förderung des ehrenamtlichen Engagements und\n"
            "- verbindliche Mitarbeit im Regionalverbund der **KMN**."
        ),
        20: (
            "Die Koordinierungsstelle arbeitet verwaltungsintern wie -extern. Die folgenden "
            "Abschnitte stellen die Arbeitsfelder mit den Zahlen des Jahres dar."
        ),
        100: (
            "Das Netzwerk ist stabil; die Sprachmittlung wird stark nachgefragt, besonders in "
            "Dari, Arabisch und Ukrainisch. Die Zahl der Ehrenamtlichen ist leicht gestiegen.\n\n"
            "*Handlungsbedarf* besteht bei der Erreichbarkeit der Angebote im ländlichen Raum."
        ),
        120: (
            "Für das kommende Jahr sind vorgesehen:\n\n"
            "1. ein weiterer Kurs für Asylbegleitung,\n"
            "2. die Fortschreibung des Handlungskonzepts im Beteiligungsprozess,\n"
            "3. der Ausbau der interkulturellen Schulungen in der Verwaltung."
        ),
    },
    "network": {
        40: (
            "Die Zusammenarbeit in der Kooperativen Migrationsarbeit Niedersachsen (KMN) ist für "
            "alle Koordinierungsstellen verpflichtend. Die Koordinierungsstelle leitet den "
            "Runden Tisch Integration und arbeitet in den Gremien des Landkreises mit."
        ),
    },
    "public_relations": {
        90: (
            "Zur Verankerung des Themas Integration in der Öffentlichkeit informiert die "
            "Koordinierungsstelle über Presse, Internetseite und den öffentlichen Atlas der "
            "Angebote."
        ),
    },
}


def _fill_paper(report, *, number: str, meeting) -> None:
    """The committee-paper header as the district writes it."""
    report.paper_number = number
    report.paper_date = date(report.year + 1, 2, 20) if number else None
    report.originating_office = "Fachdienst Soziales – Koordinierungsstelle Migration und Teilhabe"
    report.signatory = "Dr. Anna Berger"
    report.signatory_role = "In Vertretung"
    report.save()
    CommitteeStep.objects.create(
        report=report, committee=COMMITTEE, meeting_date=meeting, position=1
    )
    if meeting is not None:
        CommitteeStep.objects.create(
            report=report,
            committee="Kreisausschuss",
            meeting_date=meeting.replace(day=26),
            position=2,
        )


def seed_annual_reports() -> None:
    """Last year's report released to the committee, this year's as a draft (run last: the
    released report freezes the figures of every other app's demo data)."""
    lead = User.objects.filter(username="leitung").first()
    # Four eyes: the coordinator reviews, the lead releases (confirming what is still missing).
    reviewer = User.objects.filter(username="koordination").first()
    if lead is None or reviewer is None or AnnualReport.objects.exists():
        return
    year = timezone.localdate().year
    previous = releases.create_report(year=year - 1, by=lead)
    _fill_paper(previous, number=f"{year - 1}-31/0412", meeting=date(year, 3, 12))
    for chapter in previous.chapters.all():
        text = CHAPTER_TEXTS.get(chapter.block, {}).get(chapter.position)
        if text:
            chapter.text = text
            chapter.save()
    releases.mark_reviewed(report=previous, by=reviewer)
    releases.release(
        report=previous,
        by=lead,
        confirmed=[gap.code for gap in releases.completeness(previous)],
        base_url=settings.KMUT_BASE_URL,  # where ./run serves (PORT), for the committee's link
    )
    current = releases.create_report(year=year, by=lead)
    _fill_paper(current, number="", meeting=None)
    introduction = current.chapters.filter(block=ReportChapter.Block.TEXT).first()
    if introduction is not None:
        introduction.text = CHAPTER_TEXTS["text"][introduction.position]
        introduction.save()
