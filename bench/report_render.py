"""python -m bench.report_render {report YEAR | plain PAGES}: one PDF rendered in a fresh
process, its time and the process's own peak memory, as JSON.

`report` renders the year's annual report as PDF/A from the live figures, as the release does.
`plain` renders PAGES pages of plain text and a small table each with WeasyPrint and the same
PDF options (tagged PDF/A): the yardstick for the report. The peak memory is this process's own
(RUSAGE_SELF, read here); the benchmark starts this program from a process that holds no data,
so no parent's peak is carried into it.
"""

import json
import resource
import sys
import time

PLAIN_PAGE = """<section><h1>Seite {number}</h1>{paragraphs}<table>{rows}</table></section>"""
ROW = "<tr><th>Gemeinde {index}</th><td>{index}4</td><td>{index}7</td><td>1{index}</td></tr>"
PARAGRAPH = (
    "<p>Die Koordinierungsstelle berichtet über Beratungen, Netzwerkarbeit und Ehrenamt im "
    "Landkreis. Die Zahlen des Jahres stehen in Tabellen und Diagrammen; dieser Text ist ein "
    "gleich langer Platzhalter ohne Daten.</p>"
)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _count_pages():
    """Counts the pages of every document WeasyPrint writes in this process."""
    from weasyprint.document import Document

    counted = []
    write_pdf = Document.write_pdf

    def counting(self, *args, **kwargs):
        counted.append(len(self.pages))
        return write_pdf(self, *args, **kwargs)

    Document.write_pdf = counting
    return counted


def report(year: int) -> dict:
    import django

    django.setup()
    from reporting import releases
    from reporting.models import AnnualReport

    counted = _count_pages()
    annual_report = AnnualReport(year=year, title=f"Jahresbericht {year}")
    start = time.perf_counter()
    pdf = releases.render(annual_report, releases.live_figures(year), archival=True)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": _peak_mb(), "bytes": len(pdf), "pages": counted[-1]}


def plain(pages: int) -> dict:
    from weasyprint import HTML

    counted = _count_pages()
    body = "".join(
        PLAIN_PAGE.format(
            number=number,
            paragraphs=PARAGRAPH * 5,
            rows="".join(ROW.format(index=index) for index in range(8)),
        )
        for number in range(pages)
    )
    html = (
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Vergleich</title>'
        "<style>section { break-after: page; } p { font-size: 11pt; }</style></head>"
        f"<body>{body}</body></html>"
    )
    options = {"pdf_tags": True, "pdf_variant": "pdf/a-3b"}
    start = time.perf_counter()
    pdf = HTML(string=html).render(**options).write_pdf(**options)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": _peak_mb(), "bytes": len(pdf), "pages": counted[-1]}


def main() -> int:
    kind, number = sys.argv[1], int(sys.argv[2])
    result = report(number) if kind == "report" else plain(number)
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
