import hashlib
from datetime import UTC, datetime

import factory

from reporting.models import AnnualReport

# A stand-in file for permission tests only; the report tests render real PDFs.
PLACEHOLDER_PDF = b"%PDF-1.7\n% placeholder for permission tests\n%%EOF\n"


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport

    year = factory.Sequence(lambda n: 2000 + n)
    title = factory.LazyAttribute(lambda report: f"Jahresbericht {report.year}")


class ReleasedReportFactory(AnnualReportFactory):
    status = AnnualReport.Status.RELEASED
    figures = factory.LazyFunction(dict)
    pdf = PLACEHOLDER_PDF
    sha256 = hashlib.sha256(PLACEHOLDER_PDF).hexdigest()
    released_at = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
