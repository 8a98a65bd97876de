"""Libraries that only some requests or jobs need are imported when they are used, not by every
process (issue 18: the annual report is rendered in a process of its own and must stay within its
memory limit; every gunicorn worker and the job worker start smaller too).

Measured on the benchmark machine: openpyxl with numpy about 20 MB, xmlschema 12 MB, holidays
5 MB, text_unidecode 5 MB, qrcode 5 MB, each per process.
"""

import json
import os
import subprocess
import sys

from django.conf import settings

# Imported only by what writes or reads a workbook, builds or checks a SEPA file, shows a QR code
# or writes a backup's notes.
WHEN_USED = (
    "openpyxl",
    "numpy",
    "xmlschema",
    "holidays",
    "sepaxml",
    "text_unidecode",
    "qrcode",
    "jinja2",
)

PROGRAM = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every app's URLs, so every view module
import reporting.releases, reporting.annual  # what the report's render process imports
print(json.dumps(sorted(name for name in %r if name in sys.modules)))
"""


def test_a_process_that_serves_pages_and_renders_the_report_imports_none_of_them():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kmut.settings",
        "DJANGO_DEBUG": "true",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM % (WHEN_USED,)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
