"""Languages and fields of action every office starts with (editable afterwards)."""

from django.db import migrations

LANGUAGES = [
    ("de", "Deutsch", "German"),
    ("en", "Englisch", "English"),
    ("fr", "Französisch", "French"),
    ("ar", "Arabisch", "Arabic"),
    ("prs", "Dari", "Dari"),
    ("fa", "Persisch (Farsi)", "Persian (Farsi)"),
    ("ps", "Paschtu", "Pashto"),
    ("ku-kmr", "Kurdisch (Kurmandschi)", "Kurdish (Kurmanji)"),
    ("ku-ckb", "Kurdisch (Sorani)", "Kurdish (Sorani)"),
    ("tr", "Türkisch", "Turkish"),
    ("ti", "Tigrinya", "Tigrinya"),
    ("am", "Amharisch", "Amharic"),
    ("so", "Somali", "Somali"),
    ("om", "Oromo", "Oromo"),
    ("ru", "Russisch", "Russian"),
    ("uk", "Ukrainisch", "Ukrainian"),
    ("pl", "Polnisch", "Polish"),
    ("ro", "Rumänisch", "Romanian"),
    ("bg", "Bulgarisch", "Bulgarian"),
    ("sq", "Albanisch", "Albanian"),
    ("sr", "Serbisch", "Serbian"),
    ("bs", "Bosnisch", "Bosnian"),
    ("hr", "Kroatisch", "Croatian"),
    ("mk", "Mazedonisch", "Macedonian"),
    ("el", "Griechisch", "Greek"),
    ("it", "Italienisch", "Italian"),
    ("es", "Spanisch", "Spanish"),
    ("pt", "Portugiesisch", "Portuguese"),
    ("ka", "Georgisch", "Georgian"),
    ("hy", "Armenisch", "Armenian"),
    ("az", "Aserbaidschanisch", "Azerbaijani"),
    ("ur", "Urdu", "Urdu"),
    ("hi", "Hindi", "Hindi"),
    ("bn", "Bengalisch", "Bengali"),
    ("ta", "Tamil", "Tamil"),
    ("vi", "Vietnamesisch", "Vietnamese"),
    ("zh", "Chinesisch", "Chinese"),
    ("sw", "Swahili", "Swahili"),
    ("ha", "Hausa", "Hausa"),
    ("yo", "Yoruba", "Yoruba"),
    ("rom", "Romanes", "Romani"),
    ("gsg", "Deutsche Gebärdensprache", "German Sign Language"),
]

FIELDS_OF_ACTION = [
    "Partizipation durch Sprache, Bildung und Beruf",
    "Gleichstellung der Geschlechter",
    "Ehrenamt und bürgerschaftliches Engagement",
    "Interkulturelle Öffnung",
    "Willkommenskultur",
    "Antidiskriminierung",
    "Gesundheit",
    "Wohnen",
    "Kultur",
    "Sport",
]


def forwards(apps, schema_editor):
    Language = apps.get_model("kmut", "Language")
    FieldOfAction = apps.get_model("kmut", "FieldOfAction")
    for code, name, name_en in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})
    for position, name in enumerate(FIELDS_OF_ACTION, start=1):
        FieldOfAction.objects.get_or_create(name=name, defaults={"position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("kmut", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
