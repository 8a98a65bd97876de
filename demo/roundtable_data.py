"""The tables of the bodies' demo (demo.roundtable): people, bodies, the meeting series with
their agendas, external meetings, events and projects. One long table of constants, apart from
the code that writes them.
"""

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from demo.actors import ORGANISATIONS
from roundtable.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Event,
    Membership,
)

BERLIN = ZoneInfo("Europe/Berlin")
ORG_NAMES = {spec["key"]: spec["name"] for spec in ORGANISATIONS}
K, R, ROLE, KIND = Body.Kind, Body.Rhythm, Membership.Role, AgendaItem.Kind
D, A, S = Decision.Status, ActionItem.Status, Attendance.Status
OFFICE = "Miriam Okafor (KMuT)"
KMN_TITLE = "Treffen des KMN-Regionalverbundes Nordost-Niedersachsen"
KMN_ORGANISER = "KMN-Regionalverbund Nordost-Niedersachsen"
CHAIR = "Renate Vogel (Vorsitzende des Sozialausschusses)"
# Members and task owners without an organisation, with their e-mail addresses.
PEOPLE = {
    CHAIR: "r.vogel@kreistag-luechow-dannenberg.example",
    "AG Wohnen": "ag-wohnen@runder-tisch-wendland.example",
    "Leyla Haidari": "l.haidari@ehrenamt-wendland.example",
}

# fmt: off
# Members: an organisation key (delegate and deputy are its first two contacts) or a tuple
# (organisation key or individual, role, delegate's last name, deputy's last name).
BODIES = [
    {"key": "rt", "name": "Runder Tisch Migration und Teilhabe", "short_name": "RT",
     "kind": K.ROUND_TABLE, "rhythm_months": R.QUARTERLY,
     "description": "Mindestens vierteljährlich; Mitglieder laut Handlungskonzept §7.",
     "members": [(CHAIR, ROLE.CHAIR, "", ""), ("lk", ROLE.MEMBER, "Feldmann", "Hartmann"),
                 *["kmut", "sge", "sgg", "sgl", "cz", "zl", "nga", "leb", "bleiben", "fd57"],
                 ("kvhs", ROLE.ADVISORY, "", "")]},
    {"key": "kmn", "name": "KMN-Regionalverbund Nordost-Niedersachsen", "short_name": "KMN",
     "kind": K.KMN, "rhythm_months": R.QUARTERLY, "is_hosted": False,
     "description": "Örtlicher Regionalverbund der Kooperativen Migrationsarbeit Niedersachsen; "
     "verbindliche Mitarbeit laut Handlungskonzept §9."},
    {"key": "sg", "name": "Steuerungsgruppe Integration", "short_name": "SG",
     "kind": K.STEERING_GROUP, "rhythm_months": R.THRICE_YEARLY,
     "description": "Unterstützt die Koordinierungsstelle strategisch; tagt dreimal jährlich. "
     "Leitung und Geschäftsführung: Koordinierungsstelle.",
     "members": [("lk", ROLE.CHAIR, "Hartmann", "Petersen"),
                 *["kmut", "sgl", "caritas", "foetev", "ukr"]]},
    {"key": "rte", "name": "Runder Tisch der Ehrenamtlichen", "short_name": "RTE",
     "kind": K.VOLUNTEER_ROUND_TABLE, "rhythm_months": R.BIMONTHLY,
     "description": "Netzwerktreffen der ehrenamtlichen Initiativen mit Interkultura e.V.; "
     "alle zwei Monate.",
     "members": [("ik", ROLE.CHAIR, "", ""), *["cz", "zl", "nga", "kirche", "kmut"]]},
]

# Hosted meetings per body: "days" from today; topics (title, presenter, minutes, minutes text);
# decisions (topic, text, responsible, status); actions (topic, task, owner, due days, status).
SERIES = {
    "rt": {"clock": "17:00", "hours": 2.5, "place": "Kreishaus Lüchow, Sitzungssaal",
           "closed": ("Fallbesprechung (nicht öffentlich)", [
               "Zwei Einzelfälle aus der Migrationsberatung werden anonymisiert besprochen: "
               "drohender Wohnungsverlust nach der Anerkennung und ein Kursabbruch mangels "
               "Kinderbetreuung. Die Beteiligten klären die nächsten Schritte bilateral.",
               "Ein Fall von Diskriminierung bei der Wohnungssuche wird vertraulich erörtert. "
               "BLEIBEN begleitet die Familie; der FD 57 prüft eine Übergangslösung."])},
    "sg": {"clock": "15:00", "hours": 2, "place": "Kreishaus Lüchow, Raum 105",
           "closed": ("Personal- und Haushaltsangelegenheiten (nicht öffentlich)", [
               "Die Stellenbesetzung der Sachbearbeitung und der Stand der Haushaltsmittel "
               "werden besprochen. Die Besetzung ist bis Jahresende gesichert."])},
    "rte": {"clock": "18:00", "hours": 2, "place": "Interkultura e.V., Elbstraße 17, Hitzacker",
            "closed": ("Fallbesprechung (nicht öffentlich)", [
                "Zwei belastende Begleitungen werden anonymisiert geschildert. Es wird auf "
                "Supervision und die Beratung von BLEIBEN hingewiesen.",
                "Ein Konflikt in einer Patenschaft wird vertraulich besprochen. Interkultura "
                "vermittelt ein Gespräch mit beiden Seiten."])},
}
SERIES["rt"]["meetings"] = [
    {"days": -340, "title": "Sprachkurse und Kinderbetreuung", "guests": ["jc"], "topics": [
        ("Sprachkursangebote im Landkreis – Bestandsaufnahme", "Petra Wendt (KVHS)", 30,
         "Integrationskurse gibt es nur in Lüchow und Dannenberg; in Gartow und Clenze fehlen "
         "wohnortnahe Kurse. Mehrere Teilnehmende haben wegen der Busverbindungen aufgegeben."),
        ("Kinderbetreuung während der Sprachkurse", "Katrin Schulze (LEB)", 25,
         "Ohne Kinderbetreuung können viele Mütter nicht teilnehmen; die Frauenkurse der LEB "
         "haben Wartelisten. Gesammelt werden Ideen für Betreuung durch Ehrenamtliche und Kitas.")],
     "decisions": [(0, "Der Runde Tisch beschließt, die Sprachkursübersicht halbjährlich zu "
                    "aktualisieren und auf der Website des Landkreises zu veröffentlichen.",
                    "kmut", D.IMPLEMENTED)],
     "actions": [(0, "Sprachkursübersicht aktualisieren und veröffentlichen", "kmut", 30, A.DONE),
                 (1, "Bedarf an Kinderbetreuung bei den Kursträgern abfragen", "leb", 60, A.DONE),
                 (0, "Fahrtkostenzuschuss für Kursteilnehmende prüfen", "fd57", 75, A.DONE)]},
    {"days": -250, "title": "Wohnen nach der Anerkennung", "guests": ["abh", "aa"], "topics": [
        ("Wohnsituation anerkannter Geflüchteter", "Holger Schrader (FD 57)", 30,
         "Rund 60 anerkannte Geflüchtete leben noch in Gemeinschaftsunterkünften, weil Wohnraum "
         "fehlt. Leerstand gibt es in kleinen Orten, die aber kaum an den ÖPNV angebunden sind."),
        ("Bericht aus dem KMN-Regionalverbund", OFFICE, 15,
         "Der KMN-Regionalverbund hat über die Verstetigung der Migrationsberatung nach dem "
         "Auslaufen von Projektmitteln beraten und regt einen Fachtag zum Arbeitsmarkt an.")],
     "decisions": [(0, "Der Runde Tisch beschließt, eine AG Wohnen mit den Samtgemeinden, dem "
                    "FD 57 und der Migrationsberatung einzurichten.", "fd57", D.IMPLEMENTED),
                   (1, "Der Runde Tisch beschließt, in diesem Jahr einen Fachtag "
                    "'Arbeitsmarktintegration' auszurichten.", "kmut", D.IMPLEMENTED)],
     "actions": [(0, "Erstes Treffen der AG Wohnen einberufen", "fd57", 30, A.DONE),
                 (0, "Leerstandsmeldungen zusammenführen", "AG Wohnen", 120, A.IN_PROGRESS)]},
    {"days": -160, "title": "Arbeitsmarkt und Ehrenamt", "guests": ["jc", "ihk"], "topics": [
        ("Vorbereitung des Fachtags Arbeitsmarktintegration", "Frank Albers (Jobcenter)", 30,
         "Viele Geflüchtete arbeiten als Helfer unter ihrer Qualifikation. Für den Fachtag werden "
         "Betriebe aus Handwerk und Pflege angefragt; die IHK stellt die Anerkennung vor."),
        ("Koordination der Ehrenamtlichen in den Samtgemeinden", "Ute Harms (Cafe Zuflucht)", 20,
         "Die Initiativen berichten von weniger aktiven Ehrenamtlichen und hoher Belastung. "
         "Gewünscht werden eine Fortbildungsreihe und eine einfachere Auslagenerstattung.")],
     "decisions": [(1, "Der Runde Tisch beschließt, für Ehrenamtliche eine Fortbildungsreihe "
                    "'Asylbegleitung' mit vier Modulen anzubieten.", "kmut", D.IN_PROGRESS)],
     "actions": [(0, "Referierende für den Fachtag anfragen", "kmut", 30, A.DONE),
                 (1, "Fortbildungsreihe für Ehrenamtliche konzipieren", "kmut", 60, A.IN_PROGRESS),
                 (1, "Formular für die Auslagenerstattung vereinfachen", "kmut", 45, A.DONE)]},
    {"days": -70, "title": "Willkommenskultur und Förderung", "guests": ["ukr"], "topics": [
        ("Rückblick auf den Fachtag Arbeitsmarktintegration", OFFICE, 20,
         "Am Fachtag nahmen 74 Personen teil, darunter 18 Betriebe. Drei Betriebe haben seither "
         "Praktikumsplätze gemeldet; eine Fortsetzung im nächsten Jahr wird gewünscht."),
        ("Förderung und Fortschreibung des Handlungskonzepts", "Jens Hartmann (Landkreis)", 30,
         "Die Landesförderung der Koordinierungsstelle ist für zwei weitere Jahre bewilligt. Als "
         "neue Handlungsfelder werden Willkommenskultur und Wohnen vorgeschlagen.")],
     "decisions": [(1, "Der Runde Tisch empfiehlt dem Fachausschuss, das Handlungskonzept um die "
                    "Handlungsfelder 'Willkommenskultur' und 'Wohnen' zu erweitern.", "lk", D.OPEN),
                   (0, "Der Runde Tisch beschließt, die Willkommensmappe in einfacher Sprache und "
                    "fünf Sprachen neu aufzulegen.", "kmut", D.IN_PROGRESS)],
     "actions": [(1, "Entwurf der Fortschreibung an die Mitglieder versenden", "kmut", 45, A.OPEN),
                 (0, "Übersetzungen der Willkommensmappe beauftragen", "bleiben", 100, A.OPEN),
                 (1, "Stellungnahmen der Samtgemeinden einholen", "sgl", 90, A.OPEN)]},
    {"days": 21, "title": "Fortschreibung des Handlungskonzepts", "planned": True, "topics": [
        ("Fortschreibung des Handlungskonzepts – Entwurf", OFFICE, 45, ""),
        ("Sitzungstermine im nächsten Jahr", OFFICE, 10, "")]},
]
SERIES["sg"]["meetings"] = [
    {"days": -300, "title": "Jahresplanung", "guests": ["abh"], "topics": [
        ("Jahresplanung der Koordinierungsstelle", OFFICE, 30,
         "Die Jahresplanung setzt Schwerpunkte bei Sprache, Wohnen und Ehrenamt. Die "
         "Steuerungsgruppe regt an, die Migrantenorganisationen stärker einzubinden."),
        ("Monitoring: Zuwanderung im Landkreis", "Jens Hartmann (Landkreis)", 20,
         "Im Landkreis leben rund 2.900 Menschen mit ausländischer Staatsangehörigkeit, etwa 700 "
         "aus der Ukraine. Die Neuzugänge gehen leicht zurück, der Anteil der Familien steigt.")],
     "decisions": [(0, "Die Steuerungsgruppe beschließt die Jahresplanung der Koordinierungsstelle "
                    "mit den Schwerpunkten Sprache, Wohnen und Ehrenamt.", "kmut", D.IMPLEMENTED)],
     "actions": [(1, "Monitoringbericht für den Fachausschuss erstellen", "kmut", 60, A.DONE),
                 (0, "Migrantenorganisationen zur Mitarbeit einladen", "foetev", 45, A.DONE)]},
    {"days": -180, "title": "Interkulturelle Öffnung", "guests": ["abh"], "topics": [
        ("Interkulturelle Öffnung der Kreisverwaltung", "Sabine Kröger (Ausländerbehörde)", 30,
         "Am Schalter kommt es zu langen Wartezeiten und Verständigungsproblemen. Mehrsprachige "
         "Informationen und Fortbildungen für die Beschäftigten gelten als vordringlich."),
        ("Bericht aus dem Runden Tisch und dem KMN", OFFICE, 15,
         "Der Runde Tisch hat eine AG Wohnen eingerichtet und einen Fachtag beschlossen. Im KMN "
         "wird die Verstetigung der Migrationsberatung diskutiert.")],
     "decisions": [(0, "Die Steuerungsgruppe empfiehlt eine Fortbildung 'Interkulturelle "
                    "Kompetenz' für alle Beschäftigten mit Publikumsverkehr.", "lk",
                    D.IN_PROGRESS)],
     "actions": [(0, "Fortbildungsangebot mit der KVHS abstimmen", "kvhs", 60, A.DONE),
                 (0, "Mehrsprachige Beschilderung im Kreishaus prüfen", "lk", 90, A.OPEN)]},
    {"days": -60, "title": "Förderung und Haushalt", "guests": ["amfn"], "topics": [
        ("Förderanträge für das kommende Jahr", "Jens Hartmann (Landkreis)", 30,
         "Die Landesförderung läuft im übernächsten Jahr aus; ein Antrag auf Weiterförderung "
         "muss früh vorbereitet werden. Zusätzlich kommt der Integrationsfonds in Betracht."),
        ("Beteiligung von Migrantenorganisationen", "Iryna Melnyk (Ukrainische Gemeinschaft)", 20,
         "Kleine Vereine haben kaum Zeit für Förderanträge; die AMFN bietet Schulungen an. "
         "Vorgeschlagen wird ein unbürokratischer Verfügungsfonds.")],
     "decisions": [(0, "Die Steuerungsgruppe beschließt, einen Antrag auf Weiterförderung der "
                    "Koordinierungsstelle vorzubereiten.", "lk", D.OPEN),
                   (1, "Die Steuerungsgruppe schlägt einen Verfügungsfonds von 5.000 € für "
                    "Projekte von Migrantenorganisationen vor.", "kmut", D.OPEN)],
     "actions": [(0, "Antragsentwurf zur Weiterförderung erstellen", "kmut", 100, A.OPEN),
                 (1, "Kriterien für den Verfügungsfonds formulieren", "ukr", 45, A.OPEN),
                 (0, "Haushaltsansatz im Fachausschuss vorstellen", "lk", 30, A.DONE)]},
    {"days": 60, "title": "Jahresplanung", "planned": True, "topics": [
        ("Jahresplanung der Koordinierungsstelle", OFFICE, 30, "")]},
]
SERIES["rte"]["meetings"] = [
    {"days": -290, "title": "Patenschaften", "guests": ["amfn"], "topics": [
        ("Familienpatenschaften: Erfahrungen und Bedarf", "Gisela Thiel (Interkultura)", 30,
         "Interkultura begleitet 23 Familienpatenschaften; vor allem in Gartow und Clenze warten "
         "Familien auf Patinnen und Paten. Ein gemeinsamer Flyer soll Interessierte ansprechen."),
        ("Auslagenerstattung und Versicherung", "Daniel Krüger (KMuT)", 20,
         "Herr Krüger erläutert die Auslagenerstattung der Koordinierungsstelle und den "
         "Versicherungsschutz über die Sammelversicherung des Landes.")],
     "decisions": [(0, "Der Runde Tisch der Ehrenamtlichen beschließt, einen gemeinsamen "
                    "Patenschaftsflyer herauszugeben.", "ik", D.IMPLEMENTED)],
     "actions": [(0, "Flyerentwurf erstellen", "ik", 40, A.DONE),
                 (1, "Merkblatt zur Auslagenerstattung verteilen", "kmut", 20, A.DONE)]},
    {"days": -230, "title": "Sprachmittlung", "place": "Cafe Zuflucht, Dannenberg", "topics": [
        ("Ehrenamtlicher Sprachmittlerpool", "Farid Noori (Cafe Zuflucht)", 30,
         "Im Pool sind 14 Sprachmittelnde für neun Sprachen aktiv; Engpässe gibt es bei Tigrinya "
         "und Kurdisch. Für Arzttermine wird eine kurze Schulung gewünscht."),
        ("Fest der Kulturen", "Birgit Paulsen (Zufluchtcafe)", 20,
         "Das Zufluchtcafe schlägt ein gemeinsames Fest der Kulturen vor. Initiativen, "
         "Kirchengemeinde und Moscheegemeinde wollen sich mit Ständen beteiligen.")],
     "decisions": [(1, "Der Runde Tisch der Ehrenamtlichen beschließt, das Fest der Kulturen "
                    "gemeinsam in Lüchow auszurichten.", "zl", D.IMPLEMENTED)],
     "actions": [(0, "Liste des Sprachmittlerpools aktualisieren", "cz", 30, A.DONE),
                 (1, "Standplan für das Fest erstellen", "zl", 45, A.DONE),
                 (0, "Schulung 'Dolmetschen im Ehrenamt' anfragen", "amfn", 60, A.DONE)]},
    {"days": -170, "title": "Begleitung", "place": "Pfarrhaus Gartow", "guests": ["caritas"],
     "topics": [
        ("Begleitung zu Behörden und Arztpraxen", "Heinrich Meyer-Lenz (Netzwerkgruppe Asyl)", 25,
         "Aus Gartow sind Termine in Lüchow ohne Auto kaum erreichbar; Fahrten werden bisher "
         "privat organisiert. Ein abgestimmter Fahrdienst würde die Begleitenden entlasten."),
        ("Willkommenskultur in den Dörfern", "Pastorin Johanna Riedel", 20,
         "Begegnungsabende in den Kirchengemeinden sind gut besucht. Wo es Vorbehalte gegenüber "
         "neuen Nachbarn gibt, helfen offene Angebote, ins Gespräch zu kommen.")],
     "decisions": [(0, "Der Runde Tisch der Ehrenamtlichen beschließt, einen Fahrdienst für "
                    "Termine in Lüchow und Dannenberg aufzubauen.", "nga", D.IN_PROGRESS)],
     "actions": [(0, "Fahrerinnen und Fahrer gewinnen", "nga", 60, A.IN_PROGRESS),
                 (1, "Begegnungsabend in der Kirchengemeinde organisieren", "kirche", 40, A.DONE)]},
    {"days": -110, "title": "Engagement gewinnen", "place": "Zufluchtcafe, Bergstraße 7, Lüchow",
     "topics": [
        ("Neue Ehrenamtliche gewinnen und halten", "Ute Harms (Cafe Zuflucht)", 30,
         "Neue Engagierte bleiben eher, wenn sie feste Ansprechpersonen und überschaubare "
         "Aufgaben haben. Vorgeschlagen werden ein Presseaufruf und ein Dankeschön-Abend."),
        ("Fortbildungsreihe Asylbegleitung", OFFICE, 20,
         "Die vier Module (Asylrecht, interkulturelle Kommunikation, Arbeit, Gesundheit) starten "
         "im nächsten Quartal. Die Termine werden mit den Initiativen abgestimmt.")],
     "decisions": [(0, "Der Runde Tisch der Ehrenamtlichen beschließt, im nächsten Halbjahr "
                    "einen Ehrenamtstag mit Dankeschön-Abend durchzuführen.", "kmut", D.OPEN)],
     "actions": [(1, "Termine der Fortbildungsmodule abstimmen", "kmut", 30, A.DONE),
                 (0, "Aufruf für neue Ehrenamtliche in der Presse platzieren", "zl", 30, A.DONE)]},
    {"days": -50, "title": "Kleiderkammern und Ehrenamtstag", "guests": ["fd57"], "topics": [
        ("Kleiderkammern und Energiekosten", "Birgit Paulsen (Zufluchtcafe)", 25,
         "Die Kleiderkammern melden hohen Bedarf an Kinderkleidung und Schuhen. Der FD 57 "
         "erläutert die Unterstützung bei Nachzahlungen für Heizkosten."),
        ("Ehrenamtstag: erste Planung", "Gisela Thiel (Interkultura)", 20,
         "Der Ehrenamtstag soll im Kreishaus stattfinden, mit Austausch, Workshops und Essen. "
         "Die Landrätin wird um ein Grußwort gebeten.")],
     "decisions": [(0, "Der Runde Tisch der Ehrenamtlichen beschließt, die Kleiderkammern über "
                    "eine gemeinsame Liste zu vernetzen.", "cz", D.IN_PROGRESS)],
     "actions": [(0, "Gemeinsame Liste der Kleiderkammern anlegen", "cz", 30, A.OPEN),
                 (1, "Raum für den Ehrenamtstag reservieren", "kmut", 90, A.OPEN),
                 (0, "Energiesparberatung anfragen", "Leyla Haidari", 70, A.OPEN)]},
    {"days": 10, "title": "Ehrenamtstag", "planned": True, "topics": [
        ("Ehrenamtstag: Programm", "Gisela Thiel (Interkultura)", 30, "")]},
]

# Seed 003: a quarter's meetings elsewhere, set in and around the demo district (date, start,
# hours, title, place, organiser, note). Moved as a whole, keeping spacing and weekdays.
EXTERNAL = [
    (date(2015, 2, 4), "18:00", 2, "Runder Tisch: Betreuung der Asylbewerber/-innen durch "
     "Ehrenamtliche", "Dannenberg (Elbe)", "Samtgemeinde Elbtalaue", "Sprachmittlung beim Arzt."),
    (date(2015, 2, 16), "10:00", 3, KMN_TITLE, "Lüneburg", KMN_ORGANISER,
     "Verstetigung der Migrationsberatung; Idee eines gemeinsamen Fachtags."),
    (date(2015, 2, 25), "09:30", 6, "Integrationskonferenz Landkreis Uelzen", "Uelzen",
     "Landkreis Uelzen", "Workshop Wohnen im ländlichen Raum besucht."),
    (date(2015, 3, 9), "10:00", 3, "Austauschtreffen der KMuT Uelzen, Lüneburg und "
     "Lüchow-Dannenberg", "Uelzen", "KMuT Landkreis Uelzen", "Viermal jährlich; Sprachkurse."),
    (date(2015, 3, 18), "14:00", 2, "Netzwerk Frühe Hilfen", "Dannenberg (Elbe)",
     "Landkreis Lüchow-Dannenberg, Fachdienst Jugend", "Familien mit Fluchtgeschichte."),
    (date(2015, 3, 20), "19:00", 2, "Vortrag: Was sind Integrationslotsen/-innen und "
     "Asylbegleiter/-innen?", "Clenze", "Samtgemeinde Lüchow (Wendland)", "25 Interessierte."),
    (date(2015, 3, 28), "14:00", 4, "Internationales Begegnungsfest", "Dannenberg (Elbe)",
     "Cafe Zuflucht", "Infostand der Koordinierungsstelle."),
    (date(2015, 3, 31), "10:00", 2, "Austausch mit der Mobilen Engagement-Beratung (MEN)",
     "Lüchow (Wendland)", "Mobile Engagement-Beratung Niedersachsen", "Vereinsgründungen."),
    (date(2015, 4, 7), "09:30", 2.5, "Arbeitskreis Frauenförderung: Migrantinnen in Arbeit",
     "Lüchow (Wendland)", "Gleichstellungsbeauftragte des Landkreises", "Gründungstreffen."),
    (date(2015, 4, 13), "10:00", 5, "Gemeinsame Besprechung der KMuT in Niedersachsen – "
     "Workshop Sprachmittlung", "Hannover", "Land Niedersachsen", "Sprachförderung an Schulen."),
    (date(2015, 4, 21), "10:00", 2.5, "Runder Tisch Integration – Integrationskurse",
     "Lüchow (Wendland)", "Bundesamt für Migration und Flüchtlinge (BAMF)", "Kursplanung."),
    (date(2015, 4, 27), "10:00", 29, "Bundeskonferenz der Integrationsbeauftragten", "Mainz",
     "Bundeskonferenz der Integrationsbeauftragten", "Zweitägig."),
    (date(2015, 4, 28), "18:00", 2.5, "Ideenworkshop: Integration, Soziales und Sport",
     "Hitzacker (Elbe)", "Kreissportbund Lüchow-Dannenberg", "Sportvereine öffnen sich."),
    (date(2015, 5, 12), "10:00", 3, KMN_TITLE, "Uelzen", KMN_ORGANISER,
     "Planung des Fachtags Arbeitsmarktintegration."),
    (date(2015, 5, 20), "10:00", 5, "Gesamttreffen der KMuT Niedersachsen", "Hannover",
     "Land Niedersachsen", "Austausch zur Fortschreibung der Handlungskonzepte."),
]
# Further KMN meetings: (days from today, place, note); the last one is still ahead.
KMN_MORE = [(-345, "Celle", "Jahresplanung des Verbundes."),
            (-260, "Lüneburg", "Übergänge Schule – Ausbildung."),
            (-180, "Celle", "Auswertung der Beratungsstatistik."), (70, "Lüneburg", "")]

# Seed 004 §2.4, in the demo district: the 2016 events happen last year, the 2017 ones this year
# (day and month kept). (year offset, day, month, last day or None, kind, title, place,
# partners, fields of action, target groups, participants, description)
GLE, KUL, SPO = "Gleichstellung der Geschlechter", "Kultur", "Sport"
IKO, WIL, ADI = "Interkulturelle Öffnung", "Willkommenskultur", "Antidiskriminierung"
SPR = "Partizipation durch Sprache, Bildung und Beruf"
KREISHAUS = "Kreishaus Lüchow, Foyer"
EV, TR, PJ = Event.Kind.EVENT, Event.Kind.TRAINING, Event.Kind.PROJECT
PR = Event.Kind.PUBLIC_RELATIONS
FSA = "Fachkräfte der Flüchtlingssozialarbeit"
VIOLENCE = "Migrantensensible Sozialarbeit mit Flüchtlingen – Gewalt im Geschlechterverhältnis"
EVENTS = [
    (-1, 13, 1, (24, 2), EV, "Ausstellung „Shingal“", KREISHAUS, ["museum"], [KUL, ADI],
     "alle Interessierten", 140,
     "Malereien der Künstler mit Fluchterfahrung Qasim Alsharqy und Musafar Qassim: ein Beitrag "
     "zur Auseinandersetzung mit radikalem Islamismus und ein Zeichen, dass Integration durch "
     "Kunst gelingen kann."),
    (-1, 11, 2, None, EV, "Frauenneujahrsempfang: Frauen mit Fluchterfahrung",
     "Kreishaus Lüchow, Sitzungssaal", ["gsb"], [GLE], "Frauen, besonders Frauen mit "
     "Fluchterfahrung und Migrationshintergrund", 110,
     "Der Empfang stellt die Situation der Frauen mit Fluchterfahrung in den Mittelpunkt."),
    (-1, 7, 6, None, EV, "Kreissportkonferenz „Sport und Flüchtlinge“",
     "Dannenberg (Elbe), Sporthalle am Schulzentrum", ["ksb"], [SPO, WIL],
     "Sportvereine, Übungsleitungen, Geflüchtete", 85,
     "Podiumsdiskussion mit der Landesbeauftragten für Migration und Teilhabe."),
    (-1, 17, 10, None, TR, f"Schulung „{VIOLENCE} (Teil I)“", "Kreishaus Lüchow, Raum 105",
     ["gsb"], [GLE], FSA, 18, ""),
    (-1, 19, 10, (30, 11), EV, "Ausstellung „Odyssee Europa – Flucht und Zuflucht seit 1945“",
     KREISHAUS, ["kultur", "museum"], [KUL, WIL], "alle Interessierten, Schulklassen", 420, ""),
    (-1, 27, 10, None, TR, "Fortbildung zur Salafismusprävention für Lehrkräfte",
     "KVHS Lüchow-Dannenberg, Lüchow", ["kvhs"], [ADI], "Lehrkräfte der weiterführenden Schulen",
     24, "Eine zweite Fortbildung für die Schulsozialarbeit musste mangels Anmeldungen "
     "abgesagt werden."),
    (-1, 5, 12, None, TR, f"Fortbildung „{VIOLENCE} (Teil II)“", "Kreishaus Lüchow, Raum 105",
     ["gsb"], [GLE], FSA, 16, ""),
    (0, 18, 1, (15, 2), EV, "Karikaturenausstellung „Frauenwelten – international“", KREISHAUS,
     ["museum", "gsb", "exile"], [KUL, GLE], "alle Interessierten", 260,
     "Karikaturen von EXILE Kulturkoordination e.V. über Frauenleben weltweit."),
    (0, 21, 2, None, EV, "Frauenneujahrsempfang: Frauen mit Migrationsgeschichte",
     "Kreishaus Lüchow, Sitzungssaal", ["gsb"], [GLE], "Frauen mit Migrationsgeschichte", 120,
     ""),
    (0, 5, 3, (2, 4), EV, "Wanderausstellung „Religramme – Gesichter der Religion“", KREISHAUS,
     ["museum", "hkd"], [KUL, IKO], "alle Interessierten, Schulklassen", 310,
     "Interaktive Wanderausstellung des Hauses kirchlicher Dienste."),
    (0, 9, 3, None, TR, "Geschlechtersensible interkulturelle Schulung für die Jugendhilfe",
     "Kreishaus Lüchow, Raum 105", ["gsb", "jugend"], [GLE, IKO],
     "Sozialarbeiterinnen und Sozialarbeiter in der Jugendhilfe", 21,
     "Im Rahmen des Jugendhilfeprojekts PACE."),
]
# Projects (seed 000 §10, seed 001 §5–6; seed 004 §2.4 for Fötev): a range or ongoing (None).
PROJECTS = [
    {"title": "Aufbau des Elternvereins Fötev e.V.", "kind": PJ, "starts": (-1, 1, 4),
     "ends": None, "place": "Clenze", "partners": ["foetev", "caritas"], "fields": [SPR, GLE],
     "target_groups": "Eltern mit Migrationsgeschichte", "languages": ["tr", "de"],
     "description": "Strukturen, die neben den muslimischen Gemeinden die Belange der Menschen "
     "mit Migrationsgeschichte vertreten; der Verein ist in der Gründungsphase."},
    {"title": "„Weltreise“ durch die Kulturen im Landkreis", "kind": PJ, "starts": (-1, 1, 5),
     "ends": (-1, 30, 9), "place": "Lüchow, Dannenberg und Hitzacker",
     "partners": ["ik", "afg", "ukr", "moschee"], "fields": [KUL, WIL],
     "target_groups": "alle Bürgerinnen und Bürger", "participants": 650,
     "costs": Decimal("4800.00"), "funding_source": "Landesförderung der Koordinierungsstelle",
     "description": "Fünf Stationen, an denen Vereine ihre Kultur vorstellen – auch die deutsche."},
    {"title": "Mehrsprachiger Internetauftritt und Pressekonzept", "kind": PR,
     "starts": (0, 1, 2), "ends": None, "place": "", "partners": ["lk"], "fields": [WIL],
     "target_groups": "Menschen mit Migrationsgeschichte, Presse",
     "languages": ["ar", "uk", "prs", "en"], "costs": Decimal("1250.00"),
     "funding_source": "Kreishaushalt",
     "description": "Informationen der Ämter in mehreren Sprachen und regelmäßige "
     "Pressemitteilungen über die Integrationsarbeit."},
]
# fmt: on
