"""The list of events and projects as CSV or XLSX (the registry's formula-safe table format).

The column headers are part of the file format and stay German whatever the UI language, as in
the registry's exports (actors/resources.py).
"""

import tablib
from django.utils import translation

from actors.exports import table_response
from kmut import formatting

LIST_SEPARATOR = "|"
HEADERS = [
    "Titel",
    "Art",
    "Beginn",
    "Ende",
    "Laufend",
    "Ort",
    "Partnerorganisationen",
    "Handlungsfelder",
    "Zielgruppen",
    "Sprachen",
    "Teilnehmende",
    "Kosten (EUR)",
    "Finanzierung",
    "Beschreibung",
]


def events_dataset(events) -> tablib.Dataset:
    """One row per event; ``events`` should prefetch organisations and fields of action."""
    dataset = tablib.Dataset(headers=HEADERS)
    with translation.override("de"):
        rows = [_row(event) for event in events.prefetch_related("languages")]
    for row in rows:
        dataset.append(row)
    return dataset


def _row(event) -> list[str]:
    return [
        event.title,
        str(event.get_kind_display()),
        formatting.day(event.starts_on),
        formatting.day(event.ends_on),
        "ja" if event.is_ongoing else "nein",
        event.place,
        LIST_SEPARATOR.join(org.name for org in event.organisations.all()),
        LIST_SEPARATOR.join(field.name for field in event.fields_of_action.all()),
        event.target_groups,
        LIST_SEPARATOR.join(language.name for language in event.languages.all()),
        "" if event.participants is None else str(event.participants),
        formatting.amount(event.costs),
        event.funding_source,
        event.description,
    ]


def events_response(events, *, file_format: str):
    return table_response(
        events_dataset(events), basename="veranstaltungen-projekte", file_format=file_format
    )
