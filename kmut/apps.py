from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class KmutConfig(AppConfig):
    name = "kmut"
    verbose_name = _("Office")

    def ready(self):
        from kmut import (
            checks,  # noqa: F401  (registers the system checks)
            dashboard,
        )

        dashboard.register(dashboard.reference_data)
        create_sqlite_folders(settings.DATABASES)


def create_sqlite_folders(databases: dict) -> None:
    """Create the folder of each SQLite database file (var/ by default), so that a fresh checkout
    runs `migrate` without setup; the settings module itself writes nothing."""
    for database in databases.values():
        name = str(database.get("NAME") or "")
        if database["ENGINE"].endswith("sqlite3") and name and not name.startswith((":", "file:")):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
