"""The kinds of import and the areas they are started from; apps register theirs."""

from dataclasses import dataclass

from actors.importing.base import Target, restore_fields


@dataclass(frozen=True)
class ImportArea:
    """Where imports of some kinds are started: its URLs, the session key, the list to go back to.

    URL names are the upload's name plus "_mapping", "_preview" and "_errors"."""

    name: str
    upload_url: str
    list_url: str
    list_label: str
    export_url: str
    title: str


@dataclass(frozen=True)
class ImportKindSpec:
    """One kind of import: its fields, how rows are planned and executed, who may import it.

    Apps register their kinds from their `AppConfig.ready()`, so the registry's import machinery
    never imports the apps that use it (decision 0017)."""

    kind: str
    label: str
    area: str
    permission: str
    targets: list
    planner: type
    execute_row: object
    locks: tuple = ()
    undo_models: tuple = ()
    # Groups of fields of which the mapping must assign at least one (the first one is named).
    required: tuple = ()
    options: tuple = ()  # option fields of the mapping form shown for this kind
    restore: object = restore_fields
    hint: str = ""  # how rows are matched, shown when uploading a file of only this kind


KINDS: dict[str, ImportKindSpec] = {}
AREAS: dict[str, ImportArea] = {}


def register(spec: ImportKindSpec) -> None:
    KINDS[spec.kind] = spec


def register_area(area: ImportArea) -> None:
    AREAS[area.name] = area


def kind_label(kind: str) -> str:
    spec = KINDS.get(kind)
    return str(spec.label) if spec else kind


def kinds_of(area: str) -> list[ImportKindSpec]:
    return [spec for spec in KINDS.values() if spec.area == area]


def kinds_allowed(user) -> list[str]:
    """The kinds of import `user` may run (and whose batches they may see and undo)."""
    return [spec.kind for spec in KINDS.values() if user.has_perm(spec.permission)]


def targets(kind: str) -> list[Target]:
    return KINDS[kind].targets


def target_labels(kind: str) -> dict[str, str]:
    return {target.key: str(target.label) for target in targets(kind)}
