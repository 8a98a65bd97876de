"""Demo data for volunteering: programmes, rates, volunteers, assignments and claims.

Seed 001 §3.4–3.6 (Integrationslotsen, Asylbegleitung, Patenmodelle), seed 002 (Pool an
Sprachmittelnden), seed 003 (Asylbegleiter course: 18 trainees, 45 teaching hours) and the
trainings for social workers, teachers and administration staff (seeds 004 §2.4, 001 §3.2).
Names, streets and phone numbers are invented, e-mail domains end in ".example", IBANs are test
numbers with a valid checksum. Assignments carry pseudonymous references, never a client's name.
Dates are relative to today. Idempotent: rows are found by their natural keys, and once the demo
volunteers have assignments or claims, a later run adds no second, shifted year.
"""

import hashlib
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.utils import timezone
from schwifty import IBAN

from actors.models import Organisation
from demo.actors import CLE, DAN, GAR, HIT, LUE, ORGANISATIONS, WUS
from kmut.models import Language, Municipality
from volunteers import payments
from volunteers.models import (
    Assignment,
    CourseParticipant,
    ExpenseClaim,
    HoursEntry,
    ParticipantGroup,
    PaymentRun,
    Programme,
    RateSet,
    Receipt,
    TrainingCourse,
    TrainingSession,
    Volunteer,
    VolunteerLanguage,
)
from volunteers.services import preview_claim

BERLIN = ZoneInfo("Europe/Berlin")
ST, AK, AS = Volunteer.Status, Assignment.Kind, Assignment.Status
CS, MODE, LEVEL = ExpenseClaim.Status, ExpenseClaim.Mode, VolunteerLanguage.Level
LEVELS = {"n": LEVEL.NATIVE, "f": LEVEL.FLUENT, "g": LEVEL.GOOD, "b": LEVEL.BASIC}
ORG_NAMES = {spec["key"]: spec["name"] for spec in ORGANISATIONS}
OFFICE_STAFF = ["Miriam Okafor (KMuT)", "Daniel Krüger (KMuT)"]
TOWNS = {"LUE": LUE, "DAN": DAN, "HIT": HIT, "GAR": GAR, "CLE": CLE, "WUS": WUS}
AREA = dict(zip(TOWNS, ["05841", "05861", "05862", "05846", "05844", "05843"], strict=True))
MAIL = ["posteo.example", "web.example", "mailbox.example", "t-online.example"]
ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "ş": "s", " ": "-"})
COURSE_DAYS = 40  # the current Asylbegleitung course started this many days ago

# (valid from, valid until, hourly rate, yearly cap, tax-free allowance); per started half
# hour, 0.25 €/km, at most 125 € per trip. 2025 ends where 2026 begins (periods never overlap).
RATE_SETS = [
    (date(2025, 1, 1), date(2025, 12, 31), "15.00", "720.00", "840.00"),
    (date(2026, 1, 1), None, "17.50", "840.00", "960.00"),
]
# What each set decides for the review: limits that flag a claim, and every other cost needs a
# receipt (a claim without one cannot be handed in).
RATE_LIMITS = {
    "max_minutes_per_claim": 480,
    "max_km_per_claim": Decimal("200.0"),
    "max_other_costs_per_claim": Decimal("100.00"),
    "receipt_required_above": Decimal("0.00"),
    "missing_receipt": RateSet.ReceiptRule.REFUSE,
    "allowance_warning_share": Decimal("0.80"),
}
# fmt: off
PROGRAMMES = [
    ("L", "Integrationslotsen", Programme.Kind.INTEGRATION_GUIDES,
     "Lotsinnen und Lotsen unterstützen Menschen mit gesichertem Aufenthaltsstatus im Alltag, bei "
     "Behörden, Schule und Arbeit (Integrationslotsenprojekt, Handlungskonzept 3.4)."),
    ("A", "Asylbegleitung", Programme.Kind.ASYLUM_COMPANIONS,
     "Begleitung von Menschen im laufenden Asylverfahren (Handlungskonzept 3.5). Ausbildung in 45 "
     "Unterrichtsstunden: Ausländer- und Asylrecht, interkulturelle Kommunikation, Arbeit und "
     "Beschäftigung, Gesundheit und Traumatisierung; der laufende Kurs hat 18 Teilnehmende."),
    ("S", "Pool an Sprachmittelnden", Programme.Kind.INTERPRETERS,
     "Ehrenamtliche Sprachmittlung für Termine bei Behörden, Schulen, Kitas und im "
     "Gesundheitswesen. Die Koordinierungsstelle betreut und prüft den Pool und vermittelt."),
    ("P", "Sprachpatenschaften", Programme.Kind.LANGUAGE_MENTORS,
     "Patenmodell (Handlungskonzept 3.6): Ehrenamtliche üben regelmäßig Deutsch im Alltag mit "
     "Neuzugewanderten."),
]
AVAILABILITY = [
    "werktags vormittags", "werktags ab 16 Uhr", "Mo–Fr nach Absprache, kurzfristig telefonisch",
    "dienstags und donnerstags ganztags", "nur vormittags, nicht in den Schulferien",
    "flexibel, mit eigenem Auto", "abends und am Wochenende", "mittwochs und freitags nachmittags",
]
# Weekdays (Monday = 0) matching each availability text above.
AVAILABLE_DAYS = ["01234", "01234", "01234", "13", "01234", "0123456", "0123456", "24"]
# Seed 003: "18 Asylbegleiter/-innen in 45 Unterrichtsstunden"; topics as named there.
ASYLUM_COURSE = (
    "Ausbildung Asylbegleitung",
    "Stephanie Wolters (Flüchtlingsrat Niedersachsen), Dr. Jan Hoffmann, Koordinierungsstelle",
    "Kreishaus Lüchow, Sitzungsraum 2",
    "Interkulturelle Kommunikation, rechtliche Grundlagen (Ausländer- und Asylrecht), Arbeit und "
    "Beschäftigung, Gesundheit und Traumatisierung, Rolle und Grenzen des Ehrenamts.",
    [
        ("Einführung: Rolle und Grenzen der Asylbegleitung", "5"),
        ("Interkulturelle Kommunikation I", "5"),
        ("Interkulturelle Kommunikation II", "5"),
        ("Rechtliche Grundlagen: Asylverfahren", "5"),
        ("Rechtliche Grundlagen: Aufenthalt und Leistungen", "5"),
        ("Arbeit und Beschäftigung", "5"),
        ("Gesundheit und Traumatisierung", "5"),
        ("Behörden und Netzwerk im Landkreis", "5"),
        ("Fallbesprechungen und Abschluss", "5"),
    ],
)
INTERPRETER_COURSE = (
    "Basisschulung Sprachmittlung",
    "Koordinierungsstelle Migration und Teilhabe mit dem Ethno-Medizinischen Zentrum",
    "Gemeindehaus Dannenberg",
    "Rolle der Sprachmittlung, Dolmetschtechniken, Schweigepflicht und Datenschutz, "
    "Selbstfürsorge.",
    [
        ("Rolle und Haltung in der Sprachmittlung", "4"),
        ("Dolmetschtechniken und Fachbegriffe", "4"),
        ("Schweigepflicht, Datenschutz, Abrechnung", "4"),
        ("Selbstfürsorge und Supervision", "4"),
    ],
)
ASYLUM_COURSE_PARTICIPANTS = [
    "Gebremedhin", "Peters", "Voss", "Lorenz", "Brammer", "Albrecht", "Al-Khatib", "Ali",
    "Lindemann", "Wöhler", "Brandes", "Hinz", "Mansour", "Pfeiffer", "Meinecke", "Ruhnke",
    "Grabow", "Kaya",
]  # fmt: skip
INTERPRETER_COURSE_PARTICIPANTS = [
    "Haidari", "Khalil", "Tesfamariam", "Kaplan", "Hrytsenko", "Bondarenko", "Rahimi", "Moradi",
    "Koç", "Diallo",
]  # fmt: skip
# Trainings without a programme (seed 004 §2.4, seed 001 §3.2), people counted by target group.
# The seed's dates keep their day and month: its 2016 in the demo's previous year, its 2017 in
# the current one. (title, years back, audience, trainers, location, organiser keys, contents,
# certificates?, status if not held as planned, sessions (day, month, topic, teaching hours),
# groups (target group, description, participants, certificates)).
AU, TS = TrainingCourse.Audience, TrainingCourse.Status
GENDER_VIOLENCE = (
    "Migrantensensible Sozialarbeit mit Flüchtlingen – Gewalt im Geschlechterverhältnis"
)
GLEICHSTELLUNG = "Gleichstellungsbeauftragte des Landkreises mit der Koordinierungsstelle"
SOCIAL_WORK = [
    (AU.SOCIAL_WORKERS, "Flüchtlingssozialarbeit der Wohlfahrtsverbände"),
    (AU.SOCIAL_WORKERS, "Flüchtlingssozialarbeit der Samtgemeinden"),
    (AU.ADMINISTRATION, "Fachdienst 57 – Wirtschaftliche und soziale Hilfen"),
]
OTHER_TRAININGS = [
    (f"{GENDER_VIOLENCE} (Teil I)", 1, AU.SOCIAL_WORKERS, GLEICHSTELLUNG,
     "Kreishaus Lüchow, Sitzungsraum 2", ["kmut", "lk", "caritas"],
     "Formen geschlechtsspezifischer Gewalt, Schutzauftrag und Hilfesystem im Landkreis, "
     "Gesprächsführung mit Betroffenen.", True, None,
     [(17, 10, "Formen von Gewalt, Schutzauftrag, Hilfesystem", "6")],
     [(*SOCIAL_WORK[0], 9, 9), (*SOCIAL_WORK[1], 5, 5), (*SOCIAL_WORK[2], 2, 2)]),
    ("Fortbildung Salafismusprävention für Lehrkräfte der weiterführenden Schulen", 1,
     AU.TEACHERS, "beRATen e.V. – Beratungsstelle zur Prävention neo-salafistischer "
     "Radikalisierung", "Gymnasium Lüchow, Aula", ["kmut"],
     "Erscheinungsformen des Salafismus, Anzeichen einer Radikalisierung, Handlungsmöglichkeiten "
     "in der Schule und Beratungsangebote.", True, None,
     [(27, 10, "Salafismus erkennen und im Schulalltag handeln", "4")],
     [(AU.TEACHERS, "Oberschulen", 11, 11), (AU.TEACHERS, "Gymnasien", 7, 7),
      (AU.TEACHERS, "Berufsbildende Schulen", 4, 4)]),
    # Asked for by the teachers; cancelled for too few registrations (seed 004 §2.4).
    ("Fortbildung Salafismusprävention für Schulsozialarbeiter*innen", 1, AU.SOCIAL_WORKERS,
     "beRATen e.V. – Beratungsstelle zur Prävention neo-salafistischer Radikalisierung",
     "Kreishaus Lüchow, Sitzungsraum 2", ["kmut"], "", True, TS.CANCELLED,
     [(24, 11, "Salafismus erkennen: Schulsozialarbeit", "4")], []),
    (f"{GENDER_VIOLENCE} (Teil II)", 1, AU.SOCIAL_WORKERS, GLEICHSTELLUNG,
     "Kreishaus Lüchow, Sitzungsraum 2", ["kmut", "lk", "caritas"],
     "Fallarbeit, Kooperation mit Beratungsstellen und Frauenhaus, Schutz in der Unterkunft.",
     True, None, [(5, 12, "Fallarbeit und Kooperation im Hilfesystem", "6")],
     [(*SOCIAL_WORK[0], 8, 8), (*SOCIAL_WORK[1], 4, 4), (*SOCIAL_WORK[2], 2, 2)]),
    ("Geschlechtersensible interkulturelle Schulung für Sozialarbeiter*innen in der Jugendhilfe",
     0, AU.SOCIAL_WORKERS, GLEICHSTELLUNG, "Kreishaus Lüchow, Sitzungsraum 2", ["kmut", "lk"],
     "Im Rahmen des Jugendhilfeprojekts PACE, mit der Gleichstellungsbeauftragten und der "
     "Jugendhilfe.", False, None,
     [(9, 3, "Geschlechterrollen, Kultur und Jugendhilfe", "6")],
     [(AU.SOCIAL_WORKERS, "Allgemeiner Sozialer Dienst des Jugendamts", 8, 0),
      (AU.SOCIAL_WORKERS, "Freie Träger der Jugendhilfe", 6, 0)]),
    # Seed 001 §3.2: intercultural opening of the local administration.
    ("Interkulturelle Öffnung der Verwaltung – Fortbildung für Mitarbeitende", 0,
     AU.ADMINISTRATION, "Koordinierungsstelle Migration und Teilhabe", "Kreishaus Lüchow, "
     "Sitzungsraum 2", ["kmut", "lk", "sgl"],
     "Kulturell bedingte Unterschiede und gegenseitiges Verständnis, Kommunikation im "
     "Publikumsverkehr, Informationsmaterial und Ansprechpersonen.", True, None,
     [(12, 5, "Interkulturelle Kommunikation im Publikumsverkehr", "4"),
      (19, 5, "Verwaltungsabläufe, Sprachmittlung und Ansprechpersonen", "4")],
     [(AU.ADMINISTRATION, "Kreisverwaltung (Ausländerbehörde, Sozialamt, Jugendamt)", 12, 11),
      (AU.ADMINISTRATION, "Samtgemeinden (Bürgerbüros)", 7, 6)]),
]
NOTES = {
    ST.INTERESTED: "Interesse bekundet; Erstgespräch mit der Koordinierungsstelle vereinbaren.",
    ST.IN_TRAINING: "Ausbildungskurs Asylbegleitung (45 Unterrichtsstunden) seit {course}; "
    "erweitertes Führungszeugnis beantragt.",
    ST.PAUSED: "Pausiert vorübergehend aus familiären Gründen; meldet sich zur Wiederaufnahme.",
    ST.LEFT: "Ausgeschieden wegen Umzugs aus dem Landkreis.",
    "Aydın": "Elternzeit; vor der Wiederaufnahme neues Führungszeugnis vorlegen.",
    "Noori": "Ansprechpartner des Pools im Cafe Zuflucht; übernimmt auch kurzfristige Termine.",
}
EMAILS = {"Haidari": "l.haidari@ehrenamt-wendland.example"}
# first name|last name|town|street|programmes|status|languages (code:level)|organisation|days
# since the certificate was inspected (or "due:N": its renewal is due in N days, so the reminder
# job mails it on the first ./run)|availability. Leyla Haidari is the portal login "ehrenamt".
VOLUNTEERS = [line.split("|") for line in """
Leyla|Haidari|DAN|Lüneburger Straße 23|S|active|prs:n fa:f de:f||700|2
Farid|Noori|DAN|Marschtorstraße 31|S|active|prs:n ps:f fa:f de:f|cz|1450|2
Samira|Khalil|LUE|Drawehner Straße 14|S|active|ar:n fr:g en:g de:f|zl|980|1
Mohammed|Al-Khatib|LUE|Salzwedeler Straße 8|SA|active|ar:n en:g de:g||620|6
Yonas|Tesfamariam|DAN|Am Markt 4|S|active|ti:n en:f de:g|cz|540|1
Semhar|Gebremedhin|HIT|Drawehnertorstraße 11|S|in_training|ti:n ar:g de:g|||7
Rojda|Kaplan|LUE|Theodor-Körner-Straße 5|S|active|ku-kmr:n tr:f de:n|zl|1100|2
Berivan|Aydın|WUS|Lüchower Straße 19|S|paused|ku-kmr:n tr:f de:f||1850|4
Oksana|Hrytsenko|LUE|Bergstraße 22|SP|active|uk:n ru:f de:g|ukr|1200|6
Dmytro|Bondarenko|HIT|Elbstraße 40|S|active|uk:n ru:n en:g de:g|ukr|860|1
Tatjana|Becker|CLE|Bahnhofstraße 9|S|active|ru:n de:n||1771|0
Ahmad|Rahimi|GAR|Springstraße 3|S|active|ps:n prs:f de:g|afg|450|5
Parisa|Moradi|HIT|Am Weinberg 15|S|active|fa:n en:f de:f||330|7
Emre|Koç|DAN|Lüneburger Straße 7|S|active|tr:n de:n en:g||760|6
Amadou|Diallo|LUE|Lange Straße 61|S|active|fr:f en:g de:g||410|1
Hevin|Ali|WUS|Lange Straße 12|SA|active|ku-kmr:n ar:f de:f||690|3
Nour|Hamdan|CLE|Kirchweg 6|S|interested|ar:n en:g de:g|||6
Hamid|Sultani|DAN|Rosmarienstraße 2|S|left|prs:n fa:f de:g||900|2
Gerhard|Lindemann|GAR|Hauptstraße 27|A|active|de:n en:b|nga|1300|5
Christa|Wöhler|LUE|Kirchstraße 3|A|active|de:n en:g|kirche|1000|0
Martin|Brandes|DAN|Schmiedestraße 10|AL|active|de:n en:f||800|1
Sabine|Meinecke|HIT|Hauptstraße 44|L|active|de:n fr:g|ik|1500|7
Jonas|Peters|LUE|Amtsfreiheit 2|A|in_training|de:n en:f ar:b|||1
Anke|Ruhnke|CLE|Lüchower Straße 5|L|active|de:n ru:b||1150|4
Heike|Voss|WUS|Kirchplatz 1|A|in_training|de:n en:g|||3
Klaus-Dieter|Hinz|GAR|Am See 8|A|active|de:n|nga|due:14|0
Annegret|Kruse|DAN|Bahnhofstraße 21|A|paused|de:n en:g||1200|0
Wolfgang|Ebeling|HIT|Elbuferstraße 6|L|left|de:n en:g||1400|0
Marlene|Schütte|LUE|Wallstraße 9|LP|active|de:n fr:g|ik|560|7
Hannah|Lorenz|DAN|Lange Straße 33|A|in_training|de:n en:f fr:b|||6
Lukas|Brammer|CLE|Mühlenweg 4|A|in_training|de:n en:g|||6
Ingrid|Tiedemann|GAR|Lindenweg 2|P|active|de:n en:b||900|0
Thomas|Grabow|WUS|Kirchstraße 15|L|active|de:n en:g||480|1
Elif|Kaya|LUE|Schützenstraße 4|L|active|tr:n de:n|foetev|720|7
Merve|Öztürk|DAN|Adolfsplatz 3|P|interested|tr:n de:n en:g|||6
Renate|Lüders|HIT|Zollstraße 12|P|active|de:n||1600|0
Birte|Jansen|LUE|Kalandstraße 18|P|interested|de:n en:g|||1
Paul|Oltmanns|GAR|Nemitzer Straße 1|L|interested|de:n|||5
Dorothea|Pfeiffer|CLE|Hauptstraße 2|PA|active|de:n fr:f||1786|3
Karim|Mansour|WUS|Salzwedeler Straße 30|A|active|ar:n fr:f de:f||1250|2
Svetlana|Wagner|DAN|Breite Straße 7|P|active|ru:n de:f||640|7
Friederike|Albrecht|LUE|Bahnhofstraße 40|A|in_training|de:n en:g|||1
""".strip().splitlines()]
# Interpreting requests: (reference prefix, requesting unit, municipality, reasons).
UNITS = [
    ("ABH", "Ausländerbehörde", "Lüchow (Wendland)", ["Verlängerung der Aufenthaltserlaubnis",
     "Vorsprache zur Passbeschaffung", "Belehrung über Mitwirkungspflichten"]),
    ("JC", "Jobcenter", "Lüchow (Wendland)", ["Erstgespräch in der Arbeitsvermittlung",
     "Kooperationsplan", "Weiterbewilligungsantrag"]),
    ("GSL", "Grundschule Lüchow", "Lüchow (Wendland)", ["Elterngespräch", "Schulanmeldung"]),
    ("GSD", "Grundschule Dannenberg", "Dannenberg (Elbe)", ["Elternabend", "Elterngespräch"]),
    ("GA", "Gesundheitsamt", "Lüchow (Wendland)", ["Schuleingangsuntersuchung", "Impfberatung"]),
    ("KITA", "Kita Hitzacker", "Hitzacker (Elbe)", ["Aufnahmegespräch", "Entwicklungsgespräch"]),
    ("OBS", "Oberschule Clenze", "Clenze", ["Elternsprechtag", "Berufsorientierung"]),
    ("FD57", "Fachdienst 57 – Soziale Hilfen", "Lüchow (Wendland)",
     ["Antrag nach dem AsylbLG", "Beratung zu Heizkosten"]),
    ("PRAX", "Hausarztpraxis Gartow", "Gartow", ["Vorsorgeuntersuchung", "Befundbesprechung"]),
]
# Leyla Haidari's own jobs: (unit, days ago, language, reason, ends in days, status, claims as
# (days ago, status)): the portal login shows a claim in every state but "rejected".
LEYLA = [
    (0, 110, "prs", "Verlängerung der Aufenthaltserlaubnis", None, AS.COMPLETED, [(110, CS.PAID)]),
    (1, 45, "fa", "Erstgespräch in der Arbeitsvermittlung", None, AS.COMPLETED,
     [(45, CS.APPROVED)]),
    (3, 80, "prs", "Elterngespräche und Elternabende (mehrere Termine)", 40, AS.ACTIVE,
     [(80, CS.PAID), (26, CS.QUERIED), (12, CS.SUBMITTED), (3, CS.DRAFT)]),
]
# reference|programme|volunteer|language|town|reason|starts days ago|ends days ago|status
ACCOMPANIMENTS = [line.split("|") for line in """
Familie A-17|A|Lindemann|ar|GAR|Begleitung im Asylverfahren, Behördengänge|330||active
Familie B-04|A|Wöhler|prs|LUE|Alltagsbegleitung, Arzttermine|300|120|completed
Familie C-09|L|Brandes|ar|DAN|Wohnungssuche nach der Anerkennung|280||active
Person D-02|A|Mansour|ar|WUS|Vorbereitung auf die Anhörung beim BAMF|200|90|completed
Familie E-11|L|Meinecke|fr|HIT|Schul- und Kita-Anmeldung, Elternabende|260||active
Familie F-06|A|Hinz||GAR|Begleitung zu Arztpraxen in Lüchow|240||active
Familie G-21|L|Kaya|tr|LUE|Bewerbungen, Anerkennung des Berufsabschlusses|220|40|completed
Familie H-13|A|Kruse||DAN|Alltagsbegleitung nach der Zuweisung|360|200|completed
Familie K-08|L|Ebeling|en|HIT|Kontoeröffnung, Verträge, Behördenpost|350|230|completed
Person L-05|A|Al-Khatib|ar|LUE|Begleitung im Asylverfahren|180||active
Familie M-14|L|Ruhnke|ru|CLE|Unterstützung bei der Wohnungssuche|170||active
Familie N-03|L|Schütte|fr|LUE|Schulanmeldung und Hausaufgabenhilfe|150||active
Familie P-19|A|Ali|ku-kmr|WUS|Begleitung zu Behörden und Beratungsstellen|130||active
Familie R-07|L|Grabow||WUS|Ausbildungsplatzsuche, Kontakt zu Betrieben|120||active
Familie S-22|A|Pfeiffer|fr|CLE|Alltagsbegleitung, Anmeldung im Sportverein|90||active
Person T-10|A|Lindemann||GAR|Fahrten zu Terminen in Lüchow|75||active
Familie U-12|A|Wöhler|ps|LUE|Begleitung nach der Zuweisung|50||active
Familie V-16|A||ti|DAN|Alltagsbegleitung gesucht (Tigrinya von Vorteil)|10||requested
Familie W-01|L||uk|HIT|Unterstützung bei Behördenpost|3||requested
Familie X-20|A|Brandes|ar|DAN|Begleitung im Asylverfahren (Familie verzogen)|100|85|cancelled
""".strip().splitlines()]
STARTS = [time(8, 30), time(9), time(10), time(11, 15), time(13, 30), time(14), time(15, 30)]
COSTS = [("4.50", "Parkgebühren am Kreishaus"), ("3.20", "Busfahrkarte Lüchow–Dannenberg"),
         ("2.50", "Kopien von Antragsformularen"), ("12.00", "Bahnfahrkarte Dannenberg–Uelzen"),
         ("6.80", "Parkschein am Krankenhaus"), ("7.40", "Porto und Umschläge")]
QUERIES = {  # by what the claim contains: (question, the volunteer's answer)
    "km": ("Die Kilometer sind mehr als der direkte Weg. Bitte erläutern Sie die Strecke.",
           "Wegen einer Straßensperrung musste ich einen Umweg über Dannenberg fahren."),
    "costs": ("Das Foto des Belegs ist kaum lesbar. Bitte laden Sie ein schärferes hoch.",
              "Ich habe den Beleg noch einmal bei Tageslicht fotografiert und hochgeladen."),
    "time": ("Laut anfragender Stelle dauerte der Termin kürzer. Bitte prüfen Sie die Zeit.",
             "Mit der Wartezeit vor dem Termin war ich so lange dort."),
}
REJECTIONS = [
    "Dieser Termin wurde bereits mit einem früheren Antrag abgerechnet (Doppelabrechnung).",
    "Der Einsatz wurde nicht über die Koordinierungsstelle vermittelt; keine Erstattung möglich.",
    "Der Termin ist kurzfristig ausgefallen; Fahrtkosten sind nicht entstanden.",
]
# fmt: on
INDEX = {row[1]: index for index, row in enumerate(VOLUNTEERS)}


def _one_page_pdf(text: str) -> bytes:
    """A minimal valid PDF with one line of text: the demo's photo of a receipt."""
    stream = f"BT /F1 14 Tf 60 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


RECEIPT_PDF = _one_page_pdf("Beleg (Demo)")


def _workday(day: date) -> date:
    return day - timedelta(days=day.weekday() - 4) if day.weekday() >= 5 else day


def _plus_years(day: date, years: int) -> date:  # 29 February becomes the 28th
    return day.replace(year=day.year + years, day=min(day.day, 28) if day.month == 2 else day.day)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def _iban(volunteer: Volunteer) -> str:
    account = str(5300000 + 137 * INDEX.get(volunteer.last_name, 99)).zfill(10)
    return IBAN.generate("DE", bank_code="37040044", account_code=account).compact


def seed_volunteering() -> None:
    """Create the demo rates, programmes and volunteers, and a year of work if there is none."""
    today = timezone.localdate()
    for valid_from, valid_until, hourly, cap, allowance in RATE_SETS:
        rates, created = RateSet.objects.get_or_create(
            valid_from=valid_from,
            defaults={"valid_until": valid_until, "hourly_rate": Decimal(hourly),
                      "billing_unit": "half_hour", "km_rate": Decimal("0.25"),
                      "km_cap_per_trip": Decimal("125.00"), "reimbursement_share": Decimal("1.00"),
                      "yearly_cap": Decimal(cap), "tax_free_allowance": Decimal(allowance),
                      **RATE_LIMITS},
        )  # fmt: skip
        if not created and valid_until and rates.valid_until is None:
            # A demo database from before periods: close the set as a new set would.
            rates.valid_until = valid_until
            rates.save(update_fields=["valid_until", "updated_at"])
    programmes = {}
    for key, name, kind, text in PROGRAMMES:
        programmes[key], _created = Programme.objects.get_or_create(
            name=name, defaults={"kind": kind, "description": text}
        )
    volunteers = {}
    for index, row in enumerate(VOLUNTEERS):
        volunteers[row[1]] = _volunteer(index, row, programmes, today)
    _courses(volunteers, programmes, today)
    _other_trainings(today)
    ours = list(volunteers.values())
    worked = Assignment.objects.filter(volunteer__in=ours).exists()
    if worked or ExpenseClaim.objects.filter(volunteer__in=ours).exists():
        return  # their year of work is there already
    rng = random.Random(2026)
    languages = {language.code: language for language in Language.objects.all()}
    claims = _interpreting(volunteers, programmes["S"], languages, today, rng)
    claims += _accompaniments(volunteers, programmes, languages, today, rng)
    staff = (User.objects.get(username="koordination"), User.objects.get(username="leitung"))
    used = set()
    for day, volunteer, assignment, forced in sorted(claims, key=lambda c: (c[0], c[1].pk)):
        _claim(day, volunteer, assignment, forced, today, staff, rng, used)
    _hours(today, staff[0], rng)
    _payment_runs(today, staff)


def _payment_runs(today: date, staff) -> None:
    """The paid claims in the monthly runs that paid them, each exported once and booked on the
    bank statement; then one run of approved claims exported and waiting for its booking."""
    paid = ExpenseClaim.objects.filter(status=CS.PAID, payment_run__isnull=True)
    for month in paid.dates("paid_on", "month"):
        claims = list(paid.filter(paid_on__year=month.year, paid_on__month=month.month))
        execution = payments.next_business_day(max(claim.paid_on for claim in claims))
        execution = min(execution, today - timedelta(days=1))
        year_runs = PaymentRun.objects.filter(number__startswith=f"ZL-{execution.year}-")
        number = f"ZL-{execution.year}-{year_runs.count() + 1:03d}"
        exported_at = _at(execution - timedelta(days=2), 10, 15)
        run = PaymentRun.objects.create(
            number=number, created_by=staff[0], execution_date=execution,
            total=sum(claim.amount for claim in claims), claim_count=len(claims),
        )  # fmt: skip
        ExpenseClaim.objects.filter(pk__in=[claim.pk for claim in claims]).update(
            payment_run=run, paid_on=execution
        )
        run.message_id = f"KMUT-{number}-{run.pk:06X}"
        run.items = [item.as_data() for item in payments._items(run, claims)]
        if not payments.payer_problem():
            run.sepa_file = payments.sepa_xml(run, created_at=exported_at)
            run.sepa_sha256 = hashlib.sha256(run.sepa_file).hexdigest()
        run.exported_at, run.exported_by = exported_at, staff[0]
        run.status, run.booked_on, run.booked_by = PaymentRun.Status.BOOKED, execution, staff[1]
        run.booked_at = _at(execution, 11, 30)
        run.full_clean()
        run.save()
    approved = list(ExpenseClaim.objects.payable().order_by("service_date")[:4])
    if approved and not payments.payer_problem():
        run = payments.create_payment_run(
            claims=approved, execution_date=today + timedelta(days=2), by=staff[0]
        )
        payments.export_payment_run(run=run, by=staff[0])


def _courses(volunteers, programmes, today) -> None:
    """The running Asylbegleitung course (seed 003) and last year's interpreter course."""
    rng = random.Random(2015)
    start = today - timedelta(days=COURSE_DAYS)
    # The current course meets weekly; the interpreter course ran last autumn, every fortnight.
    plans = [
        (ASYLUM_COURSE, "A", start, 7, ASYLUM_COURSE_PARTICIPANTS, 0.9),
        (INTERPRETER_COURSE, "S", today - timedelta(days=330), 14, INTERPRETER_COURSE_PARTICIPANTS,
         0.93),
    ]  # fmt: skip
    for spec, key, first, step, names, presence in plans:
        title, trainers, location, contents, sessions = spec
        title = f"{title} {first.year}"
        if TrainingCourse.objects.filter(title=title).exists():
            continue
        course = TrainingCourse.objects.create(
            programme=programmes[key], title=title, trainers=trainers, location=location,
            description=contents, status=TrainingCourse.Status.RUNNING,
        )  # fmt: skip
        places = [
            CourseParticipant.objects.create(course=course, volunteer=volunteers[name])
            for name in names
        ]
        last = first
        for number, (topic, hours) in enumerate(sessions):
            day = first + timedelta(days=step * number)
            session = TrainingSession.objects.create(
                course=course, date=day, topic=topic, teaching_hours=Decimal(hours)
            )
            if day <= today:
                session.attendees.set([p for p in places if rng.random() < presence])
                last = day
        if last + timedelta(days=step) < today:  # all sessions held: certificates issued
            total = sum(Decimal(hours) for _topic, hours in sessions)
            for place in places:
                attended = sum(place.sessions.values_list("teaching_hours", flat=True))
                if attended >= total * course.min_attendance:
                    place.certificate_issued_on = last + timedelta(days=7)
                    place.save()
            course.status = TrainingCourse.Status.COMPLETED
            course.completed_on = last + timedelta(days=7)
            course.save()


def _other_trainings(today: date) -> None:
    """Trainings for staff, teachers and social workers, their participants counted by group.

    One already held is completed with its participants; one still ahead (the demo's current
    year may be young) is planned or running and has no participants yet.
    """
    for spec in OTHER_TRAININGS:
        title, back, audience, trainers, location, keys, contents, certifies, status = spec[:9]
        sessions, groups = spec[9:]
        year = today.year - back
        days = [date(year, month, day) for day, month, _topic, _hours in sessions]
        if TrainingCourse.objects.filter(title=title, sessions__date=days[0]).exists():
            continue
        held = days[-1] <= today and not status
        if not status:
            status = TS.COMPLETED if held else TS.RUNNING if days[0] <= today else TS.PLANNED
        course = TrainingCourse.objects.create(
            title=title, audience=audience, trainers=trainers, location=location,
            description=contents, issues_certificates=certifies, status=status,
            completed_on=days[-1] if held else None,
        )  # fmt: skip
        course.organisers.set(Organisation.objects.filter(name__in=[ORG_NAMES[k] for k in keys]))
        for day, (_day, _month, topic, hours) in zip(days, sessions, strict=True):
            TrainingSession.objects.create(
                course=course, date=day, topic=topic, teaching_hours=Decimal(hours)
            )
        if held:
            for target_group, label, count, certificates in groups:
                ParticipantGroup.objects.create(
                    course=course, target_group=target_group, label=label, count=count,
                    certificates=certificates,
                )  # fmt: skip


def _hours(today, staff, rng) -> None:
    """Time given on accompaniments besides the claims: a visit every two to three weeks."""
    accompaniments = (
        Assignment.objects.filter(kind=AK.ACCOMPANIMENT, volunteer__isnull=False)
        .exclude(status=AS.CANCELLED)
        .select_related("volunteer__user")
    )
    for assignment in accompaniments:
        day = max(assignment.starts_on, today - timedelta(days=355)) + timedelta(days=5)
        end = min(assignment.ends_on or today, today)
        while day <= end:
            HoursEntry.objects.create(
                assignment=assignment, volunteer=assignment.volunteer, date=day,
                minutes=rng.choice([60, 90, 120, 150, 180]),
                note=rng.choice(["Hausbesuch", "Begleitung zu einem Termin", "Telefonat",
                                 "Hilfe bei Formularen"]),
                logged_by=assignment.volunteer.user or staff,
            )  # fmt: skip
            day += timedelta(days=rng.randint(14, 24))


def _volunteer(index: int, row: list, programmes: dict, today: date) -> Volunteer:
    first, last, town, street, progs, status, langs, org, since, availability = row
    if since.startswith("due:"):
        inspected = _plus_years(today + timedelta(days=int(since[4:])), -5)
    else:
        inspected = today - timedelta(days=int(since)) if since else None
    course = today - timedelta(days=COURSE_DAYS)
    signed = inspected or (course if status == ST.IN_TRAINING else None)
    slug = f"{first}.{last}".lower().translate(ASCII)
    landline = f"{AREA[town]} {730000 + 4679 * index % 260000}"
    phone = landline if index % 3 else f"0151 {20000000 + 7331 * index}"
    volunteer, created = Volunteer.objects.get_or_create(
        first_name=first,
        last_name=last,
        defaults={
            "user": User.objects.filter(username="ehrenamt").first() if last == "Haidari" else None,
            "email": EMAILS.get(last, f"{slug}@{MAIL[index % len(MAIL)]}"), "phone": phone,
            "street": street, "postal_code": TOWNS[town][0], "city": TOWNS[town][1],
            "organisation": Organisation.objects.get(name=ORG_NAMES[org]) if org else None,
            "availability": AVAILABILITY[int(availability)],
            "available_days": AVAILABLE_DAYS[int(availability)], "status": status,
            "certificate_inspected_on": inspected,
            "certificate_inspected_by": OFFICE_STAFF[index % 2] if inspected else "",
            "certificate_renewal_due_on": _plus_years(inspected, 5) if inspected else None,
            "confidentiality_signed_on": signed, "data_protection_instructed_on": signed,
            "notes": NOTES.get(last, NOTES.get(status, "")).format(course=f"{course:%d.%m.%Y}"),
        },
    )  # fmt: skip
    if created:
        place = Municipality.objects.get(name=TOWNS[town][1])
        volunteer.municipalities.set([place, place.parent] if place.parent else [place])
        volunteer.programmes.set([programmes[key] for key in progs])
        for item in langs.split():
            code, level = item.split(":")
            VolunteerLanguage.objects.create(
                volunteer=volunteer, language=Language.objects.get(code=code), level=LEVELS[level]
            )
    return volunteer


def _interpreting(volunteers, programme, languages, today, rng) -> list:
    """One-off interpreting jobs over the last year; returns the claims to create."""
    leyla = volunteers["Haidari"]
    specs = [
        (_workday(today - timedelta(days=ago)), leyla, UNITS[unit], reason, code, status,
         today + timedelta(days=ends) if ends else None, plan)
        for unit, ago, code, reason, ends, status, plan in LEYLA
    ]  # fmt: skip
    pool = [row for row in VOLUNTEERS if "S" in row[4] and row[1] != "Haidari"]
    for number in range(41):
        day = _workday(today - timedelta(days=340 - 9 * number + rng.randint(0, 4)))
        unit = rng.choice(UNITS)
        if day >= today:
            row = rng.choice([r for r in pool if r[5] == ST.ACTIVE]) if number % 2 else None
            status = AS.ACTIVE if row else AS.REQUESTED
        else:
            late = (today - day).days > 180
            row = rng.choice([r for r in pool if r[5] == ST.ACTIVE or (late and r[8])])
            status = AS.CANCELLED if rng.random() < 0.1 else AS.COMPLETED
        spoken = [i.split(":")[0] for i in (row or rng.choice(pool))[6].split() if i[-1] in "nf"]
        code = rng.choice([c for c in spoken if c != "de"])
        volunteer = volunteers[row[1]] if row else None
        plan = [(None, None)] if status == AS.COMPLETED else []
        specs.append((day, volunteer, unit, rng.choice(unit[3]), code, status, None, plan))
    claims, counters = [], {}
    for day, volunteer, unit, reason, code, status, ends, plan in sorted(specs, key=lambda s: s[0]):
        key = (unit[0], day.year)
        counters[key] = counters.get(key, 0) + rng.randint(1, 4)
        assignment, _created = Assignment.objects.get_or_create(
            reference=f"Termin {unit[0]}-{day.year}-{counters[key]:03d}",
            defaults={"kind": AK.INTERPRETING, "programme": programme, "volunteer": volunteer,
                      "language": languages[code], "requesting_unit": unit[1],
                      "municipality": Municipality.objects.get(name=unit[2]),
                      "partner": volunteer.organisation if volunteer else None, "reason": reason,
                      "starts_on": day, "ends_on": ends, "status": status},
        )  # fmt: skip
        for ago, forced in plan:
            when = day if ago is None else _workday(today - timedelta(days=ago))
            claims.append((when, volunteer, assignment, forced))
    return claims


def _accompaniments(volunteers, programmes, languages, today, rng) -> list:
    """Long-running accompaniments with a claim every few weeks; returns the claims to create."""
    claims = []
    for reference, key, name, code, town, reason, starts, ends, status in ACCOMPANIMENTS:
        volunteer = volunteers[name] if name else None
        starts_on = _workday(today - timedelta(days=int(starts)))
        ends_on = _workday(today - timedelta(days=int(ends))) if ends else None
        assignment, _created = Assignment.objects.get_or_create(
            reference=reference,
            defaults={"kind": AK.ACCOMPANIMENT, "programme": programmes[key],
                      "volunteer": volunteer, "language": languages.get(code),
                      "municipality": Municipality.objects.get(name=TOWNS[town][1]),
                      "partner": volunteer.organisation if volunteer else None, "reason": reason,
                      "starts_on": starts_on, "ends_on": ends_on, "status": status},
        )  # fmt: skip
        if volunteer is None or status == AS.CANCELLED:
            continue
        day = max(starts_on, today - timedelta(days=355)) + timedelta(days=rng.randint(3, 12))
        while day < (ends_on or today):
            claims.append((_workday(day), volunteer, assignment, None))
            day += timedelta(days=rng.randint(26, 44))
    return claims


def _status(today: date, submitted: date, signed: date, paid: date, rng) -> str:
    roll = rng.random()
    if submitted >= today:
        return CS.DRAFT
    if roll < 0.06:
        return CS.REJECTED
    if roll < 0.25 and (today - submitted).days < 60:
        return CS.QUERIED
    if signed >= today:
        return CS.SUBMITTED
    return CS.APPROVED if paid >= today else CS.PAID


def _claim(day, volunteer, assignment, forced, today, staff, rng, used) -> None:
    on_site = assignment.kind == AK.ACCOMPANIMENT or rng.random() < 0.75
    minutes = rng.choice([45, 60, 90, 120, 150, 180] if on_site else [20, 30, 45, 60])
    start = rng.choice(STARTS) if on_site else None
    while (volunteer.pk, day, start) in used:
        day = _workday(day - timedelta(days=1))
    used.add((volunteer.pk, day, start))
    if ExpenseClaim.objects.filter(
        volunteer=volunteer, service_date=day, start_time=start
    ).exists():
        return
    cost, what = rng.choice(COSTS) if rng.random() < 0.15 else ("0", "")
    end = (datetime.combine(day, start) + timedelta(minutes=minutes)).time() if start else None
    claim = ExpenseClaim(
        volunteer=volunteer, assignment=assignment, service_date=day, start_time=start,
        end_time=end, duration_minutes=None if start else minutes, language=assignment.language,
        mode=MODE.ON_SITE if on_site else rng.choice([MODE.PHONE, MODE.VIDEO]),
        travel_km=Decimal(rng.randint(0, 120)) / 2 if on_site else Decimal("0"),
        other_costs=Decimal(cost), other_costs_description=what, iban=_iban(volunteer),
        account_holder=volunteer.full_name,
    )  # fmt: skip
    yesterday = today - timedelta(days=1)  # forced states: everything has happened by now
    submitted = day + timedelta(days=rng.randint(1, 21))  # many hand in once a month
    signed = _workday(submitted + timedelta(days=rng.randint(3, 21)))
    paid = _workday(signed + timedelta(days=rng.randint(10, 30)))  # the monthly payment run
    if forced:
        submitted, signed, paid = (min(moment, yesterday) for moment in (submitted, signed, paid))
    claim.status = forced or _status(today, submitted, signed, paid, rng)
    # Handed-in claims with other costs came with a receipt (the rate set refuses them without);
    # a draft may still lack it, and the portal's preview says so.
    receipts = 1 if claim.other_costs and claim.status != CS.DRAFT else 0
    if claim.status != CS.DRAFT:
        claim.submitted_at = _at(submitted, 19, rng.randint(0, 59))
        preview = preview_claim(claim, receipts=receipts)
        claim.rate_set, claim.amount = preview.calculation.rate_set, preview.calculation.total
        claim.calculation, claim.calculated_at = preview.calculation.as_data(), claim.submitted_at
        claim.flags = [finding.as_flag() for finding in preview.flags]
    roll = rng.random()
    query = "costs" if claim.other_costs else "km" if claim.travel_km > 30 else "time"
    if claim.status == CS.QUERIED:
        claim.query_message, reply = QUERIES[query]
        claim.reply_message = reply if roll < 0.4 else ""
    elif claim.status == CS.SUBMITTED and roll < 0.3 and (today - submitted).days >= 2:
        claim.factual_signoff_by = staff[0]  # the office's first look, the next morning
        claim.factual_signoff_at = _at(submitted + timedelta(days=1), 9, 40)
    elif claim.status == CS.SUBMITTED and roll < 0.5:  # answered a query and handed in again
        claim.query_message, claim.reply_message = QUERIES[query]
    elif claim.status == CS.REJECTED:
        claim.rejection_reason = rng.choice(REJECTIONS)
    elif claim.status in (CS.APPROVED, CS.PAID):
        claim.factual_signoff_by, claim.arithmetic_signoff_by = staff
        claim.factual_signoff_at = _at(signed, 9, 40)
        claim.arithmetic_signoff_at = _at(signed, 14, 10)
        claim.paid_on = paid if claim.status == CS.PAID else None
    claim.full_clean()
    claim.save()
    if receipts:
        Receipt.objects.create(
            claim=claim, file=ContentFile(RECEIPT_PDF, name="beleg.pdf"),
            original_name=f"Beleg {claim.other_costs_description}.pdf"[:200],
            content_type="application/pdf", size=len(RECEIPT_PDF),
        )  # fmt: skip
