"""The tables of the volunteering demo (demo.volunteers): rates, programmes, courses, the
volunteers, their assignments and claims, and small date and file helpers. One long table of
constants, apart from the code that writes them.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from schwifty import IBAN

from demo.actors import CLE, DAN, GAR, HIT, LUE, ORGANISATIONS, WUS
from volunteers.models import (
    Assignment,
    ExpenseClaim,
    Programme,
    RateSet,
    TrainingCourse,
    Volunteer,
    VolunteerLanguage,
)

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
