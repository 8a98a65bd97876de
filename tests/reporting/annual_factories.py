import hashlib
from datetime import UTC, datetime

import factory

from reporting import outline
from reporting.models import AnnualReport

# A stand-in file for permission tests only; the report tests render real PDFs.
PLACEHOLDER_PDF = b"%PDF-1.7\n% placeholder for permission tests\n%%EOF\n"


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport
        skip_postgeneration_save = True

    year = factory.Sequence(lambda n: 2000 + n)
    title = factory.LazyAttribute(lambda report: f"Jahresbericht {report.year}")

    @factory.post_generation
    def chapters(report, create, extracted, **kwargs):
        """The outline a new report gets (pass chapters=False for a report without rows)."""
        if create and extracted is not False:
            outline.create_chapters(report)


def fill_texts(report, **texts):
    """Give every text-only chapter a text (or the one given by its heading)."""
    for chapter in report.chapters.filter(block="text"):
        chapter.text = texts.get(chapter.title, f"{chapter.title}: Text der Koordinierungsstelle.")
        chapter.save()


class ReleasedReportFactory(AnnualReportFactory):
    status = AnnualReport.Status.RELEASED
    figures = factory.LazyFunction(dict)
    pdf = PLACEHOLDER_PDF
    sha256 = hashlib.sha256(PLACEHOLDER_PDF).hexdigest()
    released_at = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
