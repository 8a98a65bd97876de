"""python -m bench.report_render {report YEAR HTML_FILE | plain HTML_FILE}: one PDF rendered in
a fresh process, its time and the process's own peak memory, as JSON.

`report` renders the year's annual report as PDF/A from the live figures, as the release does
(figures, charts, template, WeasyPrint), and keeps the HTML it gave WeasyPrint in HTML_FILE.
`plain` renders that same HTML with WeasyPrint alone, with the same options (tagged PDF/A) and
the same stylesheet: the yardstick. The ratio report / plain is what the product adds to the
renderer for the same pages. The peak memory is this process's own (RUSAGE_SELF, read here); the
benchmark starts this program from a process that holds no data, so no parent's peak is carried
into it.
"""

import json
import resource
import sys
import time
from pathlib import Path


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


def _keep_html(path: Path):
    """Keeps the HTML of every document WeasyPrint is given in this process in `path`."""
    import weasyprint

    init = weasyprint.HTML.__init__

    def keeping(self, *args, string=None, **kwargs):
        if string is not None:
            path.write_text(string, encoding="utf-8")
        init(self, *args, string=string, **kwargs)

    weasyprint.HTML.__init__ = keeping


def report(year: int, html_file: Path) -> dict:
    import django

    django.setup()
    from reporting import releases
    from reporting.models import AnnualReport

    counted = _count_pages()
    _keep_html(html_file)
    annual_report = AnnualReport(year=year, title=f"Jahresbericht {year}")
    start = time.perf_counter()
    pdf = releases.render(annual_report, releases.live_figures(year), archival=True)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": _peak_mb(), "bytes": len(pdf), "pages": counted[-1]}


def plain(html_file: Path) -> dict:
    import django

    django.setup()
    from weasyprint import HTML

    # The product's fetcher only reads the collected static files (the stylesheet and fonts),
    # so both renders load the same files.
    from kmut.pdf import PDF_A, static_only_fetcher_class

    counted = _count_pages()
    html = html_file.read_text(encoding="utf-8")
    options = {"pdf_tags": True, "pdf_variant": PDF_A}
    start = time.perf_counter()
    document = HTML(
        string=html, base_url="file:///", url_fetcher=static_only_fetcher_class()()
    ).render(**options)
    pdf = document.write_pdf(**options)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": _peak_mb(), "bytes": len(pdf), "pages": counted[-1]}


def main() -> int:
    if sys.argv[1] == "report":
        result = report(int(sys.argv[2]), Path(sys.argv[3]))
    else:
        result = plain(Path(sys.argv[2]))
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
