"""python -m bench [--quick] [--strict] — see docs/performance.md.

Measures what a user gets: for the ten-year data and four times that, a database is prepared in
its own process (bench/prepare.py), gunicorn is started as docs/deploy.md starts it (with
bench.settings: production's settings plus the bare reference page and the query header), staff
users log in through the login form with their second factor, and every main page is measured
over HTTP interleaved with the reference page. The annual report is rendered in a fresh process
and compared with plain WeasyPrint; the hostile import files are refused in another; the office
and the saturating load profiles run against the ten-year data. Prints the tables and a verdict
per target of issue 18 and writes them to var/bench/results.json.

This process holds no data (standard library only), so the processes it starts inherit no
large peak memory.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import load, markdown, run_pages, stats
from bench.client import Browser, totp_code
from bench.environment import ROOT, environment
from bench.server import Server, workers

# Targets of issue 18 (docs/performance.md).
THROUGHPUT_PAGE = 0.33  # of the reference's throughput, every main page (PostgreSQL)
THROUGHPUT_LIST_DETAIL = 0.5  # list and detail pages
GROWTH_TIME = 1.25  # time at 4× data / time at 1×
GROWTH_HTML = 1.05  # "flat": HTML at 4× at most 5 % larger
REPORT_RATIO = 1.2  # annual report / plain WeasyPrint, same page count
REPORT_MB = 200
OFFICE_P95_MS = 300
# Issue 15: a hostile import file is refused this fast and lean.
REFUSAL_SECONDS = 2
REFUSAL_MB = 100

MET, NOT_MET, INFO = "met", "not met", "info"


def _child(module: str, *arguments: str, scale: int = 1) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", module, *arguments],
        cwd=ROOT,
        env=environment(scale),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise RuntimeError(f"python -m {module} {' '.join(arguments)} failed")
    return json.loads(result.stdout)


def _log_in(port: int, users: list[dict]) -> list[Browser]:
    browsers = []
    for user in users:
        browser = Browser(port)
        code = totp_code(user["key"], user["step"], user["t0"], user["digits"], user["drift"])
        browser.log_in(user["username"], user["password"], code)
        browsers.append(browser)
    return browsers


def measure_size(scale: int, args, data: dict, out) -> dict:
    log = ROOT / "var" / "bench" / f"gunicorn-{scale}x.log"
    with Server(scale, log) as server:
        concurrency = 2 * workers(server.arguments)
        browsers = _log_in(server.port, data["users"][: max(concurrency, 1)])
        pages = {}
        for page in data["pages"]:
            row = run_pages.measure_page(
                browsers[0],
                browsers[:concurrency],
                page["url"],
                samples=args.samples,
                blocks=args.blocks,
                block_seconds=args.block_seconds,
            )
            row["kind"] = page["kind"]
            row["url"] = page["url"]
            pages[page["label"]] = row
            out(
                f"  {page['label']:<26} {row['median_ms']:>7.1f} {row['p95_ms']:>7.1f} "
                f"{row['median_ratio']:>6.2f} {row['p95_ratio']:>6.2f} "
                f"{row['throughput_rps']:>7.1f} {row['throughput_ratio']:>6.2f} "
                f"{_queries(row):>7} {row['html_bytes'] // 1024:>5} {_statuses(row)}"
            )
        loads = []
        if scale == 1 and not args.no_load:
            # The page measurement's users stay logged in; the others log in now (a code counts
            # once per 30 seconds, so nobody logs in twice).
            everyone = browsers[: args.users] + _log_in(
                server.port, data["users"][len(browsers) : args.users]
            )
            urls = [page["url"] for page in data["pages"]]
            for profile, seconds, think in (
                ("office", args.office_seconds, args.think_seconds),
                ("saturating", args.saturating_seconds, 0.0),
            ):
                result = load.run_profile(
                    profile, everyone, urls, seconds=seconds, think_seconds=think
                )
                loads.append(result.as_dict())
            for browser in everyone[len(browsers) :]:
                browser.close()
        for browser in browsers:
            browser.close()
    return {"gunicorn": server.arguments, "pages": pages, "loads": loads}


def _queries(row: dict) -> str:
    if row["queries_min"] is None:
        return "?"
    return stats.min_max_label([row["queries_min"], row["queries_max"]])


def _statuses(row: dict) -> str:
    bad = {status: n for status, n in row["statuses"].items() if status != "200"}
    return "" if not bad else "ERRORS " + ", ".join(f"{s}×{n}" for s, n in bad.items())


def verdicts(results: dict) -> list[dict]:
    rows = []
    first = results["sizes"].get("1")
    fourth = results["sizes"].get("4")
    postgres = results["database"]["vendor"] == "postgresql"

    def add(target, subject, value, limit, ok, informative=False):
        status = INFO if informative else (MET if ok else NOT_MET)
        rows.append(
            {"target": target, "subject": subject, "value": value, "limit": limit, "status": status}
        )

    if first:
        for label, row in first["pages"].items():
            limit = THROUGHPUT_PAGE if row["kind"] == "page" else THROUGHPUT_LIST_DETAIL
            ok = row["throughput_ratio"] is not None and row["throughput_ratio"] >= limit
            if any(status != "200" for status in row["statuses"]):
                ok = False
            add(
                "throughput vs. reference",
                label,
                row["throughput_ratio"],
                f"≥ {limit}",
                ok,
                informative=not postgres,
            )
    if first and fourth:
        for label, row in first["pages"].items():
            big = fourth["pages"].get(label)
            if big is None:
                continue
            # Relative to the reference page of the same run, so that other work on the
            # machine during one of the two runs does not pass for growth.
            time_growth = stats.ratio(big["median_ratio"], row["median_ratio"])
            html_growth = stats.ratio(big["html_bytes"], row["html_bytes"])
            add(
                "time at 4× / 1×",
                label,
                time_growth,
                f"≤ {GROWTH_TIME}",
                time_growth is not None and time_growth <= GROWTH_TIME,
            )
            add(
                "HTML at 4× / 1×",
                label,
                html_growth,
                f"≤ {GROWTH_HTML}",
                html_growth is not None and html_growth <= GROWTH_HTML,
            )
    for scale, report in results["reports"].items():
        ratio = stats.ratio(report["report"]["seconds"], report["plain"]["seconds"])
        report["ratio"] = ratio
        add(
            "report / plain WeasyPrint",
            f"annual report, {scale}× data",
            ratio,
            f"≤ {REPORT_RATIO}",
            ratio is not None and ratio <= REPORT_RATIO,
        )
        add(
            "report peak memory MB",
            f"annual report, {scale}× data",
            report["report"]["peak_mb"],
            f"≤ {REPORT_MB}",
            report["report"]["peak_mb"] <= REPORT_MB,
        )
    for item in results["refusals"]:
        add(
            "import refused",
            item["file"],
            [item["seconds"], item["peak_mb"]],
            f"≤ {REFUSAL_SECONDS} s, ≤ {REFUSAL_MB} MB",
            item["seconds"] <= REFUSAL_SECONDS and item["peak_mb"] <= REFUSAL_MB,
        )
    for result in first["loads"] if first else []:
        if result["profile"] == "office":
            add(
                "office load",
                f"{result['users']} users, {result['think_seconds']:.0f} s think",
                [result["errors"], result["p95_ms"]],
                f"0 errors, p95 < {OFFICE_P95_MS} ms",
                result["errors"] == 0 and result["p95_ms"] < OFFICE_P95_MS,
            )
        else:
            add(
                "saturating load",
                f"{result['users']} users, no think time",
                [result["errors"], result["p95_ms"]],
                "errors and p95 reported",
                result["errors"] == 0,
                informative=True,
            )
    return rows


def _format(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):
        return ", ".join(_format(item) for item in value)
    return "–" if value is None else str(value)


def summarise(results: dict, out) -> list[dict]:
    """Print the growth table and the verdicts; return the targets not met."""
    if "1" in results["sizes"] and "4" in results["sizes"]:
        out()
        out("Growth at 4× data (time: median relative to the reference page; HTML: bytes)")
        for label, row in results["sizes"]["1"]["pages"].items():
            big = results["sizes"]["4"]["pages"][label]
            out(
                f"  {label:<26} time {stats.ratio(big['median_ratio'], row['median_ratio']):.2f}  "
                f"HTML {stats.ratio(big['html_bytes'], row['html_bytes']):.2f}  queries "
                f"{_queries(row)} → {_queries(big)}"
            )

    results["verdicts"] = verdicts(results)
    out()
    out("Verdicts (issue 18)")
    for row in results["verdicts"]:
        out(
            f"  {row['status']:<8} {row['target']:<26} {row['subject']:<34} "
            f"{_format(row['value']):>14}  {row['limit']}"
        )
    missed = [row for row in results["verdicts"] if row["status"] == NOT_MET]
    out()
    out(
        f"{len(missed)} of {len(results['verdicts'])} targets not met."
        if missed
        else "All targets met."
    )
    if results["database"]["vendor"] != "postgresql":
        out("The throughput targets hold for PostgreSQL; on SQLite they are shown as info.")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="few samples and short loads, for development (not for the record)",
    )
    parser.add_argument("--samples", type=int, help="latency samples per page (default 200)")
    parser.add_argument("--blocks", type=int, help="throughput blocks per page (default 2)")
    parser.add_argument("--block-seconds", type=float, help="seconds per block (default 2)")
    parser.add_argument("--scales", default="1,4", help="data sizes (default 1,4)")
    parser.add_argument("--users", type=int, default=16, help="users of the load profiles")
    parser.add_argument("--think-seconds", type=float, default=5.0)
    parser.add_argument("--office-seconds", type=float, help="office profile (default 60)")
    parser.add_argument("--saturating-seconds", type=float, help="saturating profile (default 30)")
    parser.add_argument("--no-load", action="store_true", help="skip the load profiles")
    parser.add_argument("--output", type=Path, default=ROOT / "var" / "bench" / "results.json")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is not met")
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="with --from-results: print the tables in Markdown (docs/performance.md)",
    )
    parser.add_argument(
        "--from-results",
        type=Path,
        help="measure nothing: print the growth table and verdicts of a results file again",
    )
    args = parser.parse_args()
    quick = args.quick
    args.samples = args.samples or (20 if quick else 200)
    args.blocks = args.blocks or (1 if quick else 2)
    args.block_seconds = args.block_seconds or (1.0 if quick else 2.0)
    args.office_seconds = args.office_seconds or (20.0 if quick else 60.0)
    args.saturating_seconds = args.saturating_seconds or (10.0 if quick else 30.0)
    scales = [int(scale) for scale in args.scales.split(",")]

    def out(line: str = "") -> None:
        print(line, flush=True)

    if args.from_results:
        results = json.loads(args.from_results.read_text())
        if args.markdown:
            results["verdicts"] = verdicts(results)
            out(markdown.document(results))
            return 0
        missed = summarise(results, out)
        args.from_results.write_text(json.dumps(results, indent=2, ensure_ascii=False))
        return 1 if args.strict and missed else 0

    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "nproc": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "settings": {
            "samples": args.samples,
            "blocks": args.blocks,
            "block_seconds": args.block_seconds,
            "quick": quick,
        },
        "sizes": {},
        "reports": {},
        "refusals": [],
    }
    data_of = {}
    for scale in scales:
        start = time.perf_counter()
        once = [] if scale == scales[0] else ["--no-collectstatic"]
        data = _child("bench.prepare", "--scale", str(scale), *once, scale=scale)
        data_of[scale] = data
        results["database"] = data["database"]
        rows = ", ".join(f"{name} {count}" for name, count in data["rows"].items())
        database = data["database"]
        out(f"Data {scale}× ({time.perf_counter() - start:.0f} s): {rows}")
        out(
            f"  database {database['vendor']} {database['name']}, CONN_MAX_AGE "
            f"{database['conn_max_age']}, health checks {database['conn_health_checks']}"
        )

    # PDFs and refusals first, each in a fresh process, before gunicorn takes the cores.
    for scale in scales:
        year = data_of[scale]["year"]
        html_file = ROOT / "var" / "bench" / f"annual-report-{scale}x.html"
        html_file.parent.mkdir(parents=True, exist_ok=True)
        report = _child("bench.report_render", "report", str(year), str(html_file), scale=scale)
        plain = _child("bench.report_render", "plain", str(html_file), scale=scale)
        results["reports"][str(scale)] = {"year": year, "report": report, "plain": plain}
        out(
            f"Annual report {year}, {scale}× data: {report['pages']} pages, "
            f"{report['seconds']:.2f} s, {report['peak_mb']:.0f} MB; WeasyPrint alone, same HTML: "
            f"{plain['pages']} pages {plain['seconds']:.2f} s, {plain['peak_mb']:.0f} MB"
        )
    for label, seconds, peak_mb in _child("bench.refusal", scale=scales[0]):
        results["refusals"].append({"file": label, "seconds": seconds, "peak_mb": peak_mb})
        out(f"{label} refused: {seconds:.2f} s, peak memory {peak_mb:.0f} MB")

    for scale in scales:
        out()
        out(
            f"Pages, {scale}× data ({args.samples} interleaved samples each; ratios to the "
            f"bare Django reference page in the same run)"
        )
        out(
            f"  {'Page':<26} {'med ms':>7} {'p95 ms':>7} {'×med':>6} {'×p95':>6} "
            f"{'req/s':>7} {'×tput':>6} {'queries':>7} {'KB':>5}"
        )
        results["sizes"][str(scale)] = measure_size(scale, args, data_of[scale], out)
        for result in results["sizes"][str(scale)]["loads"]:
            out(
                f"Load, {result['profile']}: {result['users']} users, think "
                f"{result['think_seconds']:.0f} s, {result['seconds']:.0f} s, "
                f"{result['requests']} requests, {result['throughput_rps']:.1f}/s, median "
                f"{result['median_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
                f"{result['errors']} errors"
            )

    missed = summarise(results, out)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    tables = args.output.with_suffix(".md")
    tables.write_text(markdown.document(results))
    out(f"Results: {args.output}, tables for docs/performance.md: {tables}")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
