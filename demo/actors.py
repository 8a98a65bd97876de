"""Demo data for the registry: the actors of Landkreis Lüchow-Dannenberg (seeds 000, 001, 003, 004).

Organisations are the round-table members of seed 000 §7 plus partners named in seeds 001 and 004.
People, streets and phone numbers are invented; e-mail domains end in ".example" so nothing is
ever sent to a real address. Idempotent: entries that already exist are left as they are.
"""

from datetime import timedelta

from django.utils import timezone

from actors.models import ContactPerson, Offer, Organisation, Publication
from kmut.models import FieldOfAction, Language, Municipality

K, OFR, T, B = Organisation.Kind, Offer.Kind, Offer.TargetGroup, ContactPerson.LegalBasis
PUBLIC, NETWORK, INTERNAL = Publication.PUBLIC, Publication.NETWORK, Publication.INTERNAL

# Towns: (postal code, city as written in addresses).
LUE, DAN = ("29439", "Lüchow (Wendland)"), ("29451", "Dannenberg (Elbe)")
HIT, GAR = ("29456", "Hitzacker (Elbe)"), ("29471", "Gartow")
CLE, WUS = ("29459", "Clenze"), ("29462", "Wustrow (Wendland)")
HAN, ESS = ("30159", "Hannover"), ("45127", "Essen")

SG_E, SG_G, SG_L = "Samtgemeinde Elbtalaue", "Samtgemeinde Gartow", "Samtgemeinde Lüchow (Wendland)"
DISTRICT = [SG_E, SG_G, SG_L]

# Fields of action (kmut/migrations/0002_reference_data.py).
SPR = "Partizipation durch Sprache, Bildung und Beruf"
GLE, EHR = "Gleichstellung der Geschlechter", "Ehrenamt und bürgerschaftliches Engagement"
IKO, WIL, ADI = "Interkulturelle Öffnung", "Willkommenskultur", "Antidiskriminierung"
GES, WOH, KUL, SPO = "Gesundheit", "Wohnen", "Kultur", "Sport"

RT = "Mitglied im Runden Tisch Migration und Teilhabe (Handlungskonzept §7)."
BAMF = "2,29 € je Unterrichtseinheit (BAMF), Kostenbefreiung möglich"

# "confirmed": days since the entry was last confirmed (None: never); older than 365 is stale.
# fmt: off
ORGANISATIONS = [
    {"key": "lk", "name": "Landkreis Lüchow-Dannenberg", "kind": K.AUTHORITY,
     "street": "Am Kreishaus 1", "town": LUE, "phone": "05841 9870-0",
     "email": "poststelle@lk-luechow-dannenberg.example", "serves": DISTRICT,
     "website": "https://www.lk-luechow-dannenberg.example", "fields": [IKO], "confirmed": 30},
    {"key": "kmut", "name": "Koordinierungsstelle Migration und Teilhabe", "short_name": "KMuT",
     "kind": K.AUTHORITY, "parent": "lk", "street": "Am Kreishaus 1, Zimmer 214", "town": LUE,
     "phone": "05841 9870-310", "email": "kmut@lk-luechow-dannenberg.example", "notes": RT,
     "serves": DISTRICT, "fields": [SPR, GLE, EHR, IKO, WIL], "langs": ["de", "en"],
     "confirmed": 12},
    {"key": "fd57", "name": "Fachdienst 57 – Wirtschaftliche und soziale Hilfen",
     "short_name": "FD 57", "kind": K.AUTHORITY, "parent": "lk", "street": "Am Kreishaus 3",
     "town": LUE, "phone": "05841 9870-570", "email": "fd57@lk-luechow-dannenberg.example",
     "serves": DISTRICT, "fields": [WOH, GES], "pub": INTERNAL, "notes": RT, "confirmed": 95},
    {"key": "abh", "name": "Ausländerbehörde Lüchow-Dannenberg", "kind": K.AUTHORITY,
     "parent": "lk", "street": "Am Kreishaus 3", "town": LUE, "phone": "05841 9870-330",
     "email": "auslaenderbehoerde@lk-luechow-dannenberg.example", "serves": DISTRICT,
     "fields": [WIL, IKO], "langs": ["de", "en"], "confirmed": 60},
    {"key": "sge", "name": SG_E, "kind": K.MUNICIPALITY, "street": "Am Rathaus 2", "town": DAN,
     "phone": "05861 8083-0", "email": "rathaus@elbtalaue.example", "notes": RT,
     "serves": [SG_E], "fields": [WIL, EHR, WOH], "confirmed": 150},
    {"key": "sgg", "name": SG_G, "kind": K.MUNICIPALITY, "street": "Hauptstraße 12", "town": GAR,
     "phone": "05846 3331-0", "email": "rathaus@gartow.example", "notes": RT,
     "serves": [SG_G], "fields": [WIL, EHR, WOH], "confirmed": 210},
    {"key": "sgl", "name": SG_L, "kind": K.MUNICIPALITY, "street": "Lange Straße 18", "town": LUE,
     "phone": "05841 1260-0", "email": "rathaus@luechow-wendland.example", "notes": RT,
     "serves": [SG_L], "fields": [WIL, EHR, WOH], "confirmed": 75},
    {"key": "cz", "name": "Cafe Zuflucht", "kind": K.INITIATIVE, "street": "Marschtorstraße 12",
     "town": DAN, "phone": "05861 982714", "email": "info@cafe-zuflucht.example", "notes": RT,
     "serves": ["Dannenberg (Elbe)", "Hitzacker (Elbe)"], "fields": [WIL, EHR, SPR],
     "langs": ["ar", "prs", "fa", "ti"], "confirmed": 45},
    {"key": "zl", "name": "Zuflucht Lüchow – Zufluchtcafe Wendland", "short_name": "Zufluchtcafe",
     "kind": K.INITIATIVE, "street": "Bergstraße 7", "town": LUE, "phone": "05841 974402",
     "email": "kontakt@zufluchtcafe-wendland.example", "notes": RT, "serves": [SG_L],
     "fields": [WIL, EHR, KUL], "langs": ["ar", "ku-kmr", "uk", "ru"], "confirmed": 120},
    {"key": "nga", "name": "Netzwerkgruppe Asyl Gartow", "kind": K.INITIATIVE,
     "street": "Am Pfarrhaus 4", "town": GAR, "phone": "05846 981230",
     "email": "asyl-gartow@netzwerk.example", "serves": [SG_G], "fields": [EHR, WIL, SPO],
     "pub": NETWORK, "notes": RT + " Adresse und Ansprechperson bitte bestätigen lassen.",
     "confirmed": None},
    {"key": "leb", "name": "LEB – Ländliche Erwachsenenbildung, Büro Wendland", "short_name": "LEB",
     "kind": K.EDUCATION, "street": "Am Weinberg 9", "town": HIT, "phone": "05862 941170",
     "email": "wendland@leb-niedersachsen.example", "notes": RT, "serves": DISTRICT,
     "fields": [SPR, GLE], "langs": ["de"], "confirmed": 180},
    {"key": "bleiben", "name": "Migrationsberatung BLEIBEN", "short_name": "BLEIBEN",
     "kind": K.ASSOCIATION, "street": "Salzwedeler Straße 21", "town": LUE,
     "phone": "05841 979660", "email": "beratung@bleiben-wendland.example", "notes": RT,
     "serves": DISTRICT, "fields": [SPR, WOH, GES, ADI], "langs": ["de", "en", "ar", "prs", "fa"],
     "confirmed": 20},
    {"key": "kvhs", "name": "KVHS Lüchow-Dannenberg", "short_name": "KVHS", "kind": K.EDUCATION,
     "street": "Theodor-Körner-Straße 14", "town": LUE, "phone": "05841 9777-0",
     "email": "info@kvhs-luechow-dannenberg.example", "serves": DISTRICT, "notes": RT,
     "website": "https://www.kvhs-luechow-dannenberg.example", "fields": [SPR, IKO],
     "langs": ["de", "en", "ru", "uk"], "confirmed": 35},
    {"key": "jc", "name": "Jobcenter Lüchow-Dannenberg", "kind": K.JOBCENTER,
     "street": "Dannenberger Straße 30", "town": LUE, "phone": "05841 9606-0",
     "email": "jobcenter-luechow-dannenberg@jobcenter.example", "serves": DISTRICT,
     "fields": [SPR], "langs": ["de", "en", "ar", "uk"], "confirmed": 140},
    {"key": "aa", "name": "Agentur für Arbeit Uelzen – Geschäftsstelle Lüchow",
     "kind": K.JOBCENTER, "street": "Dannenberger Straße 32", "town": LUE,
     "phone": "0800 4555500", "email": "uelzen.luechow@arbeitsagentur.example",
     "serves": DISTRICT, "fields": [SPR, GLE], "confirmed": 260},
    {"key": "ihk", "name": "IHK Lüneburg-Wolfsburg – Servicebüro Wendland", "short_name": "IHK",
     "kind": K.AUTHORITY, "street": "Am Markt 5", "town": DAN, "phone": "05861 97731",
     "email": "wendland@ihk-lueneburg-wolfsburg.example", "serves": DISTRICT,
     "fields": [SPR, IKO], "confirmed": 400},
    {"key": "caritas", "name": "Caritasverband – Beratungsstelle Dannenberg",
     "short_name": "Caritas", "kind": K.WELFARE, "street": "Lange Straße 44", "town": DAN,
     "phone": "05861 4873", "email": "dannenberg@caritas-lg.example", "serves": [SG_E, SG_G],
     "fields": [GES, GLE, WOH], "langs": ["de", "pl", "ru", "uk", "ro"], "confirmed": 85},
    {"key": "kirche", "name": "Ev.-luth. Kirchengemeinde St. Johannis Lüchow", "kind": K.RELIGIOUS,
     "street": "Kirchplatz 3", "town": LUE, "phone": "05841 2291",
     "email": "kg.luechow@kirche-wendland.example", "serves": ["Lüchow (Wendland)"],
     "fields": [EHR, KUL, WIL], "confirmed": 610},
    {"key": "moschee", "name": "Islamische Gemeinde Wendland e.V. (Moschee Dannenberg)",
     "kind": K.RELIGIOUS, "street": "Am Güterbahnhof 6", "town": DAN, "phone": "05861 985512",
     "email": "vorstand@moschee-wendland.example", "serves": [SG_E, SG_L],
     "fields": [KUL, IKO, ADI], "langs": ["ar", "tr", "prs"], "confirmed": 230},
    {"key": "ik", "name": "Interkultura e.V.", "kind": K.ASSOCIATION, "street": "Elbstraße 17",
     "town": HIT, "phone": "05862 987321", "email": "post@interkultura.example",
     "serves": [SG_E], "fields": [EHR, KUL, GLE], "langs": ["de", "en", "fa"], "confirmed": 55},
    {"key": "foetev", "name": "Elternverein Fötev e.V.", "kind": K.MIGRANT_ORGANISATION,
     "street": "Schulstraße 11", "town": CLE, "phone": "05844 97120",
     "email": "info@foetev-wendland.example", "serves": [SG_L], "fields": [SPR, GLE],
     "langs": ["tr", "de"], "confirmed": 390},
    {"key": "afg", "name": "Afghanischer Kulturverein Wendland e.V.",
     "kind": K.MIGRANT_ORGANISATION, "street": "Mühlenweg 2", "town": DAN,
     "email": "kontakt@afghanischer-kulturverein.example", "serves": [SG_E], "pub": NETWORK,
     "fields": [KUL, SPR, GLE], "langs": ["prs", "ps", "fa"], "confirmed": None},
    {"key": "ukr", "name": "Ukrainische Gemeinschaft Wendland e.V.", "kind": K.MIGRANT_ORGANISATION,
     "street": "Lange Straße 5", "town": WUS, "phone": "05843 98640",
     "email": "info@ukraine-wendland.example", "serves": [SG_L], "fields": [KUL, EHR, SPR],
     "langs": ["uk", "ru"], "confirmed": 25},
    {"key": "amfn", "name": "AMFN e.V. – Arbeitsgemeinschaft MigrantInnen und Flüchtlinge in "
     "Niedersachsen", "short_name": "AMFN", "kind": K.MIGRANT_ORGANISATION,
     "street": "Am Listholze 31", "town": HAN, "phone": "0511 7000160",
     "email": "info@amfn.example", "fields": [ADI, EHR], "langs": ["de", "en", "tr", "ar"],
     "pub": NETWORK, "notes": "Landesdachverband; Schulungen für Vereine.",
     "confirmed": 430},
    {"key": "exile", "name": "EXILE Kulturkoordination e.V.", "kind": K.ASSOCIATION,
     "street": "Wandastraße 20", "town": ESS, "phone": "0201 747880",
     "email": "info@exile-ev.example", "fields": [KUL, ADI, GLE], "pub": NETWORK,
     "notes": "Verleiht die Ausstellung „Frauenwelten – international“.", "confirmed": 540},
    # Partners of the office's events (seed 004 §2.4), under the demo district's names.
    {"key": "gsb", "name": "Gleichstellungsbeauftragte des Landkreises Lüchow-Dannenberg",
     "kind": K.AUTHORITY, "parent": "lk", "street": "Am Kreishaus 1, Zimmer 108", "town": LUE,
     "phone": "05841 9870-120", "email": "gleichstellung@lk-luechow-dannenberg.example",
     "serves": DISTRICT, "fields": [GLE], "confirmed": 40},
    {"key": "museum", "name": "Kreismuseum Lüchow-Dannenberg", "kind": K.AUTHORITY,
     "parent": "lk", "street": "Amtsturm 1", "town": LUE, "phone": "05841 9870-450",
     "email": "kreismuseum@lk-luechow-dannenberg.example", "serves": DISTRICT,
     "fields": [KUL], "confirmed": 120},
    {"key": "kultur", "name": "Servicestelle Kultur des Landkreises Lüchow-Dannenberg",
     "kind": K.AUTHORITY, "parent": "lk", "street": "Am Kreishaus 1, Zimmer 312", "town": LUE,
     "phone": "05841 9870-460", "email": "kultur@lk-luechow-dannenberg.example",
     "serves": DISTRICT, "fields": [KUL], "confirmed": 120},
    {"key": "jugend", "name": "Fachdienst Jugend des Landkreises Lüchow-Dannenberg",
     "kind": K.AUTHORITY, "parent": "lk", "street": "Am Kreishaus 1", "town": LUE,
     "phone": "05841 9870-510", "email": "jugend@lk-luechow-dannenberg.example",
     "serves": DISTRICT, "fields": [GLE, IKO], "confirmed": 200},
    {"key": "ksb", "name": "Kreissportbund Lüchow-Dannenberg e.V.", "short_name": "KSB",
     "kind": K.ASSOCIATION, "street": "Am Sportplatz 3", "town": DAN, "phone": "05861 2544",
     "email": "info@ksb-luechow-dannenberg.example", "serves": DISTRICT, "fields": [SPO, WIL],
     "confirmed": 300},
    {"key": "hkd", "name": "Haus kirchlicher Dienste der Ev.-luth. Landeskirche Hannovers",
     "kind": K.RELIGIOUS, "street": "Archivstraße 3", "town": HAN, "phone": "0511 1241-0",
     "email": "info@kirchliche-dienste.example", "fields": [KUL, IKO], "pub": NETWORK,
     "notes": "Verleiht die Wanderausstellung „Religramme – Gesichter der Religion“.",
     "confirmed": 500},
]

# (organisation, title, first name, last name, function, responsibility, publication,
#  legal basis, consent given days ago, e-mail local part)
CONTACTS = [
    ("lk", "Dr.", "Arne", "Feldmann", "Erster Kreisrat",
     "Dezernat Soziales, Gesundheit und Migration", PUBLIC, B.PUBLIC_TASK, None, "a.feldmann"),
    ("lk", "", "Jens", "Hartmann", "Fachbereichsleitung Soziales", "Dienstaufsicht KMuT",
     NETWORK, B.PUBLIC_TASK, None, "j.hartmann"),
    ("lk", "", "Renate", "Vogel", "Vorsitzende des Fachausschusses",
     "Ausschuss für Soziales, Gesundheit und Migration", PUBLIC, B.PUBLISHED, None, ""),
    ("lk", "", "Sven", "Petersen", "Bildungskoordinator für Neuzugewanderte",
     "Übergänge Schule – Ausbildung, Sprachkursübersicht", NETWORK, B.PUBLIC_TASK, None,
     "s.petersen"),
    ("kmut", "", "Miriam", "Okafor", "Koordinatorin Migration und Teilhabe",
     "Runder Tisch, Handlungskonzept, Ehrenamt", PUBLIC, B.PUBLIC_TASK, None, "m.okafor"),
    ("kmut", "", "Daniel", "Krüger", "Sachbearbeitung", "Sprachmittlerpool, Auslagenerstattung",
     NETWORK, B.PUBLIC_TASK, None, "d.krueger"),
    ("fd57", "", "Holger", "Schrader", "Fachdienstleitung", "Leistungen nach AsylbLG und SGB XII",
     INTERNAL, B.PUBLIC_TASK, None, "h.schrader"),
    ("fd57", "", "Aylin", "Demir", "Sachbearbeitung", "Unterbringung Geflüchteter", INTERNAL,
     B.PUBLIC_TASK, None, "a.demir"),
    ("abh", "", "Sabine", "Kröger", "Sachgebietsleitung", "Aufenthaltsrecht, Einbürgerung",
     NETWORK, B.PUBLIC_TASK, None, "s.kroeger"),
    ("sge", "", "Thomas", "Wiese", "Integrationsbeauftragter", "Vertretung im Runden Tisch",
     NETWORK, B.PUBLIC_TASK, None, "t.wiese"),
    ("sgg", "", "Anke", "Behrens", "Fachbereich Bürgerdienste", "Vertretung im Runden Tisch",
     NETWORK, B.PUBLIC_TASK, None, "a.behrens"),
    ("sgl", "", "Mehmet", "Yıldız", "Integrationsbeauftragter", "Vertretung im Runden Tisch",
     PUBLIC, B.PUBLIC_TASK, None, "m.yildiz"),
    ("cz", "", "Ute", "Harms", "Sprecherin", "Koordination der Ehrenamtlichen", NETWORK,
     B.CONSENT, 300, "ute.harms"),
    ("cz", "", "Farid", "Noori", "Sprachmittler", "Dari und Farsi", INTERNAL, B.CONSENT, 120,
     "farid.noori"),
    ("zl", "", "Birgit", "Paulsen", "Koordination Zufluchtcafe", "Offener Treff, Patenschaften",
     PUBLIC, B.CONSENT, 400, "b.paulsen"),
    ("nga", "", "Heinrich", "Meyer-Lenz", "Ansprechpartner", "Begleitung zu Behörden und Ärzten",
     INTERNAL, B.CONSENT, 700, ""),
    ("leb", "", "Katrin", "Schulze", "Pädagogische Mitarbeiterin", "Sprachkurse, Frauenprojekte",
     PUBLIC, B.PUBLISHED, None, "k.schulze"),
    ("bleiben", "", "Nadia", "Haddad", "Migrationsberaterin (MBE)", "Erwachsene Zugewanderte",
     PUBLIC, B.PUBLISHED, None, "n.haddad"),
    ("bleiben", "", "Lukas", "Brenner", "Asylverfahrensberater", "Asylverfahren, Dublin-Verfahren",
     PUBLIC, B.PUBLISHED, None, "l.brenner"),
    ("kvhs", "", "Petra", "Wendt", "Fachbereichsleitung Deutsch als Zweitsprache",
     "Integrations- und Berufssprachkurse", PUBLIC, B.PUBLISHED, None, "p.wendt"),
    ("kvhs", "", "Olena", "Kovalenko", "Kursorganisation", "Einstufungstests, Kinderbetreuung",
     NETWORK, B.CONTRACT, None, "o.kovalenko"),
    ("jc", "", "Frank", "Albers", "Teamleitung Markt und Integration", "Geflüchtete im SGB II",
     NETWORK, B.PUBLIC_TASK, None, "frank.albers"),
    ("aa", "", "Svenja", "Möller", "Beauftragte für Chancengleichheit am Arbeitsmarkt",
     "Berufsrückkehr, Frauen mit Migrationsgeschichte", PUBLIC, B.PUBLISHED, None,
     "svenja.moeller"),
    ("ihk", "Dr.", "Martin", "Grote", "Anerkennungsberater", "Ausländische Berufsabschlüsse",
     NETWORK, B.PUBLISHED, None, "grote"),
    ("caritas", "", "Marta", "Nowak", "Migrationsdienst", "Familien, Gesundheit, Schwangerschaft",
     PUBLIC, B.PUBLISHED, None, "m.nowak"),
    ("kirche", "Pastorin", "Johanna", "Riedel", "Pastorin", "Kirchenasyl, Begegnungsabende",
     PUBLIC, B.PUBLISHED, None, "j.riedel"),
    ("moschee", "", "Yusuf", "Arslan", "Vorsitzender", "Gemeindearbeit, interreligiöser Dialog",
     NETWORK, B.CONSENT, 200, "y.arslan"),
    ("ik", "", "Gisela", "Thiel", "Vorsitzende", "Runder Tisch der Ehrenamtlichen", NETWORK,
     B.CONSENT, 90, "g.thiel"),
    ("foetev", "", "Emine", "Kaya", "Vorsitzende", "Elternarbeit, Schule und Kita", NETWORK,
     B.CONSENT, 390, "e.kaya"),
    ("afg", "", "Mariam", "Rahimi", "Vorsitzende", "Frauengruppe, Sprachmittlung", INTERNAL,
     B.CONSENT, 30, "m.rahimi"),
    ("ukr", "", "Iryna", "Melnyk", "Sprecherin", "Ankommen von Geflüchteten aus der Ukraine",
     NETWORK, B.CONSENT, 150, "i.melnyk"),
    ("amfn", "", "Kemal", "Öztürk", "Referent", "Vereinsberatung und Schulungen", NETWORK,
     B.PUBLISHED, None, "k.oeztuerk"),
]

# "starts": days from today (None: ongoing), "weeks": duration; "contact": last name in the org.
OFFERS = [
    {"org": "kvhs", "kind": OFR.INTEGRATION_COURSE,
     "title": "Integrationskurs allgemein A2 – Lüchow", "level": "A2", "place": "Lüchow (Wendland)",
     "venue": "KVHS, Theodor-Körner-Straße 14, Raum 2",
     "schedule": "Mo–Do 8:30–12:45", "cost": BAMF, "starts": 14, "weeks": 16, "contact": "Wendt"},
    {"org": "kvhs", "kind": OFR.INTEGRATION_COURSE, "title": "Frauenintegrationskurs A2 – Clenze",
     "level": "A2", "target_group": T.WOMEN, "place": "Clenze", "venue": "Gemeindehaus Clenze",
     "schedule": "Mo–Fr 9:00–12:15", "cost": BAMF, "starts": 28, "weeks": 20, "childcare": True,
     "contact": "Kovalenko"},
    {"org": "kvhs", "kind": OFR.INTEGRATION_COURSE,
     "title": "Integrationskurs mit Alphabetisierung", "level": "alpha",
     "place": "Dannenberg (Elbe)", "venue": "KVHS-Außenstelle, Am Markt 9",
     "schedule": "Mo–Fr 8:30–12:45", "cost": BAMF, "starts": -12, "weeks": 24,
     "langs": ["ar", "prs", "ti"], "contact": "Wendt"},
    {"org": "kvhs", "kind": OFR.INTEGRATION_COURSE,
     "title": "Elternintegrationskurs A1 – Dannenberg", "level": "A1", "target_group": T.PARENTS,
     "place": "Dannenberg (Elbe)",
     "venue": "Familienzentrum, Lange Straße 20", "schedule": "Mo–Do 8:45–12:00", "cost": BAMF,
     "starts": 35, "weeks": 20, "childcare": True, "contact": "Kovalenko"},
    {"org": "kvhs", "kind": OFR.INTEGRATION_COURSE, "title": "Jugendintegrationskurs B1 – Lüchow",
     "level": "B1", "target_group": T.YOUTH, "place": "Lüchow (Wendland)",
     "venue": "BBS Lüchow, Raum 104", "schedule": "Mo–Fr 13:30–17:45", "cost": BAMF,
     "starts": 7, "weeks": 18, "contact": "Wendt"},
    {"org": "kvhs", "kind": OFR.LANGUAGE_COURSE, "title": "Deutsch A2 am Abend – Hitzacker",
     "level": "A2", "target_group": T.WORKERS, "place": "Hitzacker (Elbe)",
     "venue": "Oberschule Hitzacker", "schedule": "Di und Do 18:00–20:15",
     "cost": "kostenfrei (Landesförderung)", "starts": 21, "weeks": 12, "contact": "Wendt"},
    {"org": "kvhs", "kind": OFR.LANGUAGE_COURSE, "title": "Berufssprachkurs B2 (DeuFöV)",
     "level": "B2", "target_group": T.WORKERS, "place": "Lüchow (Wendland)",
     "venue": "KVHS, Theodor-Körner-Straße 14, Raum 5", "schedule": "Mo–Fr 8:00–12:30",
     "cost": "kostenfrei (BAMF, DeuFöV)", "starts": 42, "weeks": 16, "contact": "Wendt"},
    {"org": "kvhs", "kind": OFR.LANGUAGE_COURSE, "title": "Prüfungsvorbereitung DTZ B1 – Wustrow",
     "level": "B1", "place": "Wustrow (Wendland)", "venue": "Rathaus Wustrow, Sitzungssaal",
     "schedule": "Sa 9:00–13:00", "cost": "45 € (ermäßigt 20 €)", "starts": 10, "weeks": 6,
     "contact": "Kovalenko"},
    {"org": "leb", "kind": OFR.LANGUAGE_COURSE, "title": "Deutsch für Anfängerinnen A1 – Gartow",
     "level": "A1", "target_group": T.WOMEN, "place": "Gartow", "venue": "Pfarrhaus Gartow",
     "schedule": "Mi 9:30–11:45", "cost": "kostenfrei", "starts": 3, "weeks": 14,
     "childcare": True, "langs": ["de", "ar", "prs"], "contact": "Schulze"},
    {"org": "leb", "kind": OFR.LANGUAGE_COURSE, "title": "Sprachkurs A1 für Geflüchtete – Clenze",
     "level": "A1", "target_group": T.REFUGEES, "place": "Clenze",
     "venue": "Dorfgemeinschaftshaus Clenze", "schedule": "Mo und Mi 14:00–16:15",
     "cost": "kostenfrei", "starts": 30, "weeks": 12, "contact": "Schulze"},
    {"org": "caritas", "kind": OFR.LANGUAGE_COURSE, "title": "Alphabetisierungskurs für Frauen",
     "level": "alpha", "target_group": T.WOMEN, "place": "Dannenberg (Elbe)",
     "venue": "Caritas, Lange Straße 44", "schedule": "Di und Do 9:00–11:15",
     "cost": "kostenfrei", "starts": -5, "weeks": 20, "childcare": True,
     "langs": ["ar", "prs", "ti"], "contact": "Nowak"},
    {"org": "zl", "kind": OFR.LANGUAGE_COURSE, "title": "Deutsch-Lerngruppe A2 (ehrenamtlich)",
     "level": "A2", "target_group": T.REFUGEES, "place": "Lüchow (Wendland)",
     "venue": "Zufluchtcafe, Bergstraße 7", "schedule": "Mo 16:00–17:30", "cost": "kostenfrei",
     "langs": ["de", "uk", "ar"], "contact": "Paulsen"},
    {"org": "bleiben", "kind": OFR.COUNSELLING, "title": "Migrationsberatung für Erwachsene (MBE)",
     "place": "Lüchow (Wendland)", "venue": "Salzwedeler Straße 21",
     "schedule": "Di 9:00–12:00 offene Sprechstunde, sonst nach Vereinbarung",
     "cost": "kostenfrei", "langs": ["de", "en", "ar", "prs"], "fields": [SPR, WOH, GES],
     "contact": "Haddad"},
    {"org": "bleiben", "kind": OFR.COUNSELLING, "title": "Asylverfahrensberatung",
     "target_group": T.REFUGEES, "place": "Dannenberg (Elbe)", "venue": "Marschtorstraße 12",
     "schedule": "Do 10:00–13:00 und nach Vereinbarung", "cost": "kostenfrei",
     "langs": ["de", "en", "fa"], "fields": [ADI, WIL], "contact": "Brenner"},
    {"org": "kmut", "kind": OFR.COUNSELLING, "title": "Sprechstunde der Koordinierungsstelle",
     "place": "Lüchow (Wendland)", "venue": "Kreishaus, Zimmer 214", "schedule": "Mi 14:00–17:00",
     "cost": "kostenfrei, vertraulich", "langs": ["de", "en"], "fields": [WIL, EHR],
     "contact": "Okafor"},
    {"org": "ihk", "kind": OFR.COUNSELLING,
     "title": "Anerkennungsberatung ausländischer Abschlüsse", "target_group": T.WORKERS,
     "place": "Dannenberg (Elbe)", "venue": "Am Markt 5",
     "schedule": "jeden 2. Dienstag im Monat, nach Vereinbarung", "cost": "kostenfrei",
     "fields": [SPR], "publication": NETWORK, "contact": "Grote"},
    {"org": "cz", "kind": OFR.GROUP, "title": "Sprachcafé", "place": "Dannenberg (Elbe)",
     "venue": "Cafe Zuflucht, Marschtorstraße 12", "schedule": "Fr 15:00–17:00",
     "cost": "kostenfrei", "langs": ["de", "ar", "prs", "fa"], "fields": [SPR, WIL],
     "contact": "Harms"},
    {"org": "zl", "kind": OFR.GROUP, "title": "Zufluchtcafe – offener Treff",
     "place": "Lüchow (Wendland)", "venue": "Bergstraße 7", "schedule": "Di 15:00–18:00",
     "cost": "kostenfrei", "fields": [WIL, EHR], "contact": "Paulsen"},
    {"org": "ik", "kind": OFR.GROUP, "title": "Frauencafé International", "target_group": T.WOMEN,
     "place": "Hitzacker (Elbe)", "venue": "Elbstraße 17",
     "schedule": "jeden 1. und 3. Mittwoch 9:30–11:30", "cost": "kostenfrei", "childcare": True,
     "langs": ["de", "fa", "uk"], "fields": [GLE, WIL], "contact": "Thiel"},
    {"org": "foetev", "kind": OFR.GROUP, "title": "Elterntreff „Schule verstehen“",
     "target_group": T.PARENTS, "place": "Clenze", "venue": "Grundschule Clenze, Mensa",
     "schedule": "monatlich, Do 17:00–18:30", "cost": "kostenfrei", "langs": ["tr", "de"],
     "fields": [SPR], "contact": "Kaya"},
    {"org": "nga", "kind": OFR.LEISURE, "title": "Fußball für alle", "target_group": T.YOUTH,
     "place": "Gartow", "venue": "Sportplatz am See", "schedule": "Sa 10:00–12:00",
     "cost": "kostenfrei", "fields": [SPO, WIL], "publication": NETWORK,
     "contact": "Meyer-Lenz"},
    {"org": "exile", "kind": OFR.OTHER, "title": "Ausstellung „Frauenwelten – international“",
     "place": "Lüchow (Wendland)", "venue": "Foyer des Kreishauses, Am Kreishaus 1",
     "schedule": "zu den Öffnungszeiten des Kreishauses", "cost": "Eintritt frei",
     "starts": 18, "weeks": 4, "fields": [KUL, GLE], "publication": INTERNAL},
]
# fmt: on


def _by_name(model, names, field="name"):
    return [model.objects.get(**{field: name}) for name in names]


def seed_registry() -> None:
    """Create the demo organisations, contact persons and offers that are not there yet."""
    today = timezone.localdate()
    orgs, contacts = {}, {}

    for spec in ORGANISATIONS:
        spec = dict(spec)
        key, town, confirmed = spec.pop("key"), spec.pop("town"), spec.pop("confirmed")
        m2m = {
            "municipalities": _by_name(Municipality, spec.pop("serves", [])),
            "fields_of_action": _by_name(FieldOfAction, spec.pop("fields", [])),
            "languages": _by_name(Language, spec.pop("langs", []), "code"),
        }
        parent = spec.pop("parent", None)
        spec.update(
            postal_code=town[0],
            city=town[1],
            parent=orgs[parent] if parent else None,
            publication=spec.pop("pub", PUBLIC),
            last_confirmed_on=None if confirmed is None else today - timedelta(days=confirmed),
        )
        org, created = Organisation.objects.get_or_create(name=spec.pop("name"), defaults=spec)
        if created:
            for field, values in m2m.items():
                getattr(org, field).set(values)
        orgs[key] = org

    for key, title, first, last, function, area, pub, basis, consent, mail in CONTACTS:
        org = orgs[key]
        contacts[key, last], _created = ContactPerson.objects.get_or_create(
            organisation=org,
            last_name=last,
            defaults={
                "title": title,
                "first_name": first,
                "function": function,
                "responsibility": area,
                "email": f"{mail}@{org.email.split('@')[1]}" if mail else "",
                "publication": pub,
                "legal_basis": basis,
                "consent_on": today - timedelta(days=consent) if consent is not None else None,
            },
        )

    for spec in OFFERS:
        spec = dict(spec)
        key, starts, weeks = spec.pop("org"), spec.pop("starts", None), spec.pop("weeks", 0)
        place, contact = spec.pop("place"), spec.pop("contact", None)
        languages = _by_name(Language, spec.pop("langs", ["de"]), "code")
        fields = _by_name(FieldOfAction, spec.pop("fields", [SPR]))
        starts_on = None if starts is None else today + timedelta(days=starts)
        spec.update(
            municipality=Municipality.objects.get(name=place),
            has_childcare=spec.pop("childcare", False),
            starts_on=starts_on,
            ends_on=starts_on + timedelta(weeks=weeks) if starts_on else None,
            contact=contacts[key, contact] if contact else None,
        )
        offer, created = Offer.objects.get_or_create(
            organisation=orgs[key], title=spec.pop("title"), defaults=spec
        )
        if created:
            offer.languages.set(languages)
            offer.fields_of_action.set(fields)
