"""The column mapping: suggested from the headings, remembered per kind."""

from actors.importing.base import SKIP
from actors.importing.kinds import targets
from actors.models import ImportMapping
from kmut.search import fold


def suggested_mapping(kind: str, headings: list[str]) -> dict[str, str]:
    """heading -> field for a file: a file with the export's headings maps by them; else as
    remembered for this kind, else by known synonyms. A field is suggested for one column."""
    remembered = ImportMapping.objects.filter(kind=kind).first()
    remembered_columns = {
        fold(h, strict=True): f for h, f in (remembered.columns if remembered else {}).items()
    }
    looks_like_export = any(heading in ("ID", "Gemeinden") for heading in headings)
    by_export = {
        fold(target.heading, strict=True): target.key for target in targets(kind) if target.heading
    }
    by_synonym = {
        fold(synonym, strict=True): target.key
        for target in targets(kind)
        for synonym in target.synonyms
    }
    known = {target.key for target in targets(kind)}
    mapping, used = {}, set()
    for heading in headings:
        key = fold(heading, strict=True)
        if looks_like_export and key in by_export:
            choice = by_export[key]
        elif key in remembered_columns and remembered_columns[key] in known | {SKIP}:
            choice = remembered_columns[key]
        elif key in by_synonym:
            choice = by_synonym[key]
        else:
            choice = by_export.get(key, SKIP)
        if choice in used:
            choice = SKIP
        used.add(choice)
        mapping[heading] = choice
    return mapping


def remember_mapping(kind: str, mapping: dict[str, str], options: dict) -> None:
    ImportMapping.objects.update_or_create(
        kind=kind, defaults={"columns": mapping, "options": options}
    )


def remembered_options(kind: str) -> dict:
    remembered = ImportMapping.objects.filter(kind=kind).first()
    return remembered.options if remembered else {}
