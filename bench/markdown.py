"""The tables of a benchmark run in Markdown, as docs/performance.md shows them.

`./bench/run` writes them next to the results (var/bench/results.md); `python -m bench
--from-results FILE --markdown` prints them again from a results file.
"""

from bench import stats

PAGE_COLUMNS = (
    "Page",
    "kind",
    "median ms",
    "p95 ms",
    "× ref median",
    "× ref p95",
    "× ref throughput",
    "queries",
    "KB",
)
GROWTH_COLUMNS = ("4×: × ref throughput", "4×: queries", "time 4×/1×", "HTML 4×/1×")


def _number(value, digits: int = 2) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _queries(row: dict) -> str:
    if row.get("queries_min") is None:
        return "?"
    return stats.min_max_label([row["queries_min"], row["queries_max"]])


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def pages_table(results: dict) -> str:
    """One row per page of the ten-year data, with the growth columns when 4× was measured."""
    first = results["sizes"]["1"]["pages"]
    fourth = results["sizes"].get("4", {}).get("pages")
    columns = PAGE_COLUMNS + (GROWTH_COLUMNS if fourth else ())
    lines = [_row(columns), _row(["---"] * 2 + ["---:"] * (len(columns) - 2))]
    for label, row in first.items():
        cells = [
            label,
            row["kind"],
            _number(row["median_ms"], 0),
            _number(row["p95_ms"], 0),
            _number(row["median_ratio"]),
            _number(row["p95_ratio"]),
            _number(row["throughput_ratio"]),
            _queries(row),
            str(row["html_bytes"] // 1024),
        ]
        if fourth:
            big = fourth[label]
            cells += [
                _number(big["throughput_ratio"]),
                _queries(big),
                _number(stats.ratio(big["median_ratio"], row["median_ratio"])),
                _number(stats.ratio(big["html_bytes"], row["html_bytes"])),
            ]
        lines.append(_row(cells))
    return "\n".join(lines)


def reports_table(results: dict) -> str:
    scales = sorted(results["reports"], key=int)
    lines = [
        _row(["", *(f"{scale}× data" for scale in scales)]),
        _row(["---", *("---" for _ in scales)]),
    ]
    reports = [results["reports"][scale] for scale in scales]
    lines.append(
        _row(
            [
                "Annual report (PDF/A)",
                *(
                    f"{r['report']['pages']} pages, {_number(r['report']['seconds'], 1)} s, "
                    f"{r['report']['peak_mb']:.0f} MB"
                    for r in reports
                ),
            ]
        )
    )
    lines.append(
        _row(
            [
                "WeasyPrint alone, same HTML",
                *(
                    f"{_number(r['plain']['seconds'], 1)} s, {r['plain']['peak_mb']:.0f} MB"
                    for r in reports
                ),
            ]
        )
    )
    lines.append(
        _row(
            [
                "ratio report / WeasyPrint alone",
                *(
                    _number(stats.ratio(r["report"]["seconds"], r["plain"]["seconds"]))
                    for r in reports
                ),
            ]
        )
    )
    return "\n".join(lines)


def load_lines(results: dict) -> str:
    lines = []
    for result in results["sizes"]["1"].get("loads", []):
        lines.append(
            f"- {result['profile'].capitalize()} ({result['users']} users, think time "
            f"{result['think_seconds']:.0f} s, {result['seconds']:.0f} s): {result['requests']} "
            f"requests, {result['throughput_rps']:.1f}/s, p95 {result['p95_ms']:.0f} ms, "
            f"{result['errors']} errors"
        )
    for item in results.get("refusals", []):
        lines.append(
            f"- {item['file']} refused in {item['seconds']:.2f} s, peak {item['peak_mb']:.0f} MB"
        )
    return "\n".join(lines)


def verdict_lines(results: dict) -> str:
    missed = [row for row in results.get("verdicts", []) if row["status"] == "not met"]
    total = len(results.get("verdicts", []))
    if not missed:
        return f"All {total} targets met."
    lines = [f"{len(missed)} of {total} targets not met:"]
    lines += [f"- {row['target']}: {row['subject']} ({row['limit']})" for row in missed]
    return "\n".join(lines)


def document(results: dict) -> str:
    database = results["database"]
    settings = results["settings"]
    machine = results["machine"]
    head = (
        f"{database['vendor']} (`{database['name']}`), started {results['date']}, "
        f"{machine['nproc']} cores, Python {machine['python']}; {settings['samples']} "
        f"interleaved samples per page, throughput from {settings['blocks']} blocks of "
        f"{settings['block_seconds']:g} s" + (" (quick run)" if settings.get("quick") else "") + "."
    )
    parts = [head, pages_table(results)]
    if results.get("reports"):
        parts.append(reports_table(results))
    parts += [load_lines(results), verdict_lines(results)]
    return "\n\n".join(part for part in parts if part) + "\n"
