"""The report's chapter outline: the default modelled on seed 004, carried over year to year.

A report's chapters are rows of `ReportChapter`. A new report takes the outline of the latest
earlier report (headings, order, levels, which chapters are left out, empty texts); the very
first report takes `DEFAULT_OUTLINE`. A correction copies its version's chapters with texts.
Numbering ("2.3", "Anlage 1") is derived when the report is shown, never stored.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from reporting.models import AnnualReport, ReportChapter

Block = ReportChapter.Block

# (level, heading, data block, annex) — seed 004 §1–§4 with the parts the issue asks for.
DEFAULT_OUTLINE = [
    (1, _("Introduction"), Block.TEXT, False),
    (1, _("The office's work"), Block.TEXT, False),
    (2, _("Organisations in the district"), Block.REGISTRY, False),
    (2, _("Network and bodies"), Block.NETWORK, False),
    (2, _("Progress of the action plan"), Block.ACTION_PLAN, False),
    (2, _("Volunteering and trainings"), Block.VOLUNTEERING, False),
    (2, _("Projects and events"), Block.PROJECTS, False),
    (2, _("Counselling statistics"), Block.COUNSELLING, False),
    (2, _("Public relations"), Block.PUBLIC_RELATIONS, False),
    (1, _("Assessment"), Block.TEXT, False),
    (1, _("Funding"), Block.FUNDING, False),
    (1, _("Outlook"), Block.TEXT, False),
    (1, _("Overview of language courses"), Block.LANGUAGE_COURSES, True),
    (1, _("Organisations and contacts (atlas)"), Block.ATLAS, True),
]

# Blocks whose template shows nothing when they have no figures (the others say so in words).
SILENT_WHEN_EMPTY = (Block.TEXT, Block.PUBLIC_RELATIONS, Block.LANGUAGE_COURSES, Block.ATLAS)

# Kinds of events and projects that the public-relations chapter lists.
PUBLIC_RELATIONS_KINDS = ("public_relations", "campaign")


def default_chapters(report: AnnualReport | None = None) -> list[ReportChapter]:
    return [
        ReportChapter(
            report=report,
            position=(index + 1) * 10,
            level=level,
            title=str(title),
            block=block,
            is_annex=annex,
        )
        for index, (level, title, block, annex) in enumerate(DEFAULT_OUTLINE)
    ]


def create_chapters(report: AnnualReport) -> list[ReportChapter]:
    """The outline of a new report: the latest earlier report's, else the default."""
    previous = (
        AnnualReport.objects.filter(year__lt=report.year, chapters__isnull=False)
        .order_by("-year", "-version")
        .first()
    )
    if previous is None:
        chapters = default_chapters(report)
    else:
        chapters = [
            ReportChapter(
                report=report,
                position=chapter.position,
                level=chapter.level,
                title=chapter.title,
                block=chapter.block,
                is_annex=chapter.is_annex,
                included=chapter.included,
            )
            for chapter in previous.chapters.all()
        ]
    return bulk_create_with_history(chapters, ReportChapter)


def copy_chapters(source: AnnualReport, target: AnnualReport) -> None:
    """A correction starts with exactly the chapters and texts of the version it corrects."""
    bulk_create_with_history(
        [
            ReportChapter(
                report=target,
                position=chapter.position,
                level=chapter.level,
                title=chapter.title,
                block=chapter.block,
                text=chapter.text,
                is_annex=chapter.is_annex,
                included=chapter.included,
            )
            for chapter in source.chapters.all()
        ],
        ReportChapter,
    )


@dataclass
class NumberedChapter:
    chapter: ReportChapter
    number: str  # "2", "2.3" or "Anlage 1"
    anchor: str
    has_sections: bool = False
    is_empty: bool = False

    @property
    def shows_placeholder(self) -> bool:
        """An empty chapter whose block says nothing of its own when empty shows "–"."""
        return self.is_empty and self.chapter.block in SILENT_WHEN_EMPTY

    @property
    def heading(self) -> str:
        separator = ": " if self.chapter.is_annex else " "
        return f"{self.number}{separator}{self.chapter.title}"


def numbered(chapters) -> list[NumberedChapter]:
    """The included chapters in order with their numbers; annexes are numbered on their own."""
    result: list[NumberedChapter] = []
    main = section = annex = 0
    anchors: set[str] = set()
    for chapter in sorted(chapters, key=lambda item: (item.position, item.pk or 0)):
        if not chapter.included:
            continue
        if chapter.is_annex:
            annex += 1
            number = str(_("Annex %(number)s") % {"number": annex})
        elif chapter.level == ReportChapter.Level.SECTION and main:
            section += 1
            number = f"{main}.{section}"
        else:
            main += 1
            section = 0
            number = str(main)
        anchor = f"s-{chapter.block}"
        if chapter.block == Block.TEXT or anchor in anchors:
            anchor = f"c-{len(result) + 1}"
        anchors.add(anchor)
        result.append(NumberedChapter(chapter, number, anchor))
    # A chapter followed by its sections is their heading.
    for index, item in enumerate(result[:-1]):
        following = result[index + 1].chapter
        if (
            item.chapter.level == ReportChapter.Level.CHAPTER
            and not item.chapter.is_annex
            and following.level == ReportChapter.Level.SECTION
            and not following.is_annex
        ):
            item.has_sections = True
    return result


def chapters_of(report: AnnualReport) -> list[NumberedChapter]:
    """The report's numbered chapters (the default outline for a report made without one)."""
    chapters = list(report.chapters.all()) if report.pk else []
    return numbered(chapters or default_chapters(report))


def _events(figures: dict, *, public_relations: bool) -> list:
    events = (figures.get("projects") or {}).get("events") or []
    return [
        event
        for event in events
        if (event.get("kind") in PUBLIC_RELATIONS_KINDS) == public_relations
    ]


def block_is_empty(block: str, figures: dict) -> bool:
    """Whether a data block has nothing to show in `figures` (frozen or live)."""
    if block == Block.TEXT:
        return True
    if block == Block.REGISTRY:
        return not figures["registry"]["totals"]["organisations"]
    if block == Block.NETWORK:
        network = figures["network"]
        return not (network["meetings_total"] or network.get("dated"))
    if block == Block.ACTION_PLAN:
        return not figures["action_plan"]["plan"]
    if block == Block.VOLUNTEERING:
        volunteering = figures["volunteering"]
        return not (
            volunteering["totals"]["active_in_year"]
            or volunteering["trainings"]
            or volunteering["interpreting"]
        )
    if block == Block.PROJECTS:
        return not (_events(figures, public_relations=False) or figures["action_plan"]["projects"])
    if block == Block.COUNSELLING:
        counted = [row["count"] for table in figures["consultations"] for row in table["rows"]]
        # None is a suppressed count ("."): there were consultations.
        return all(count == 0 for count in counted)
    if block == Block.PUBLIC_RELATIONS:
        return not _events(figures, public_relations=True)
    if block == Block.FUNDING:
        return not (figures.get("funding_comparison") or {}).get("tables")
    if block == Block.LANGUAGE_COURSES:
        return not (figures.get("annexes") or {}).get("language_courses")
    if block == Block.ATLAS:
        return not (figures.get("annexes") or {}).get("atlas")
    return True


def chapter_is_empty(item: NumberedChapter, figures: dict) -> bool:
    """Empty: no text of the office and no figures (a heading over sections is never empty)."""
    if item.has_sections or item.chapter.text.strip():
        return False
    return block_is_empty(item.chapter.block, figures)


def body_context(report: AnnualReport, figures: dict) -> dict:
    """What the report body (`_sections.html`) needs, the same for the page and the PDF."""
    chapters = chapters_of(report)
    for item in chapters:
        item.is_empty = chapter_is_empty(item, figures)
    return {
        "chapters": chapters,
        "annexes": [item for item in chapters if item.chapter.is_annex],
        "attachment_lines": [
            line.strip() for line in report.attachments.splitlines() if line.strip()
        ],
        "project_events": _events(figures, public_relations=False),
        "public_events": _events(figures, public_relations=True),
    }
