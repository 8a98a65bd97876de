"""Every main page over HTTP, interleaved with the bare Django reference page.

Latency: one browser (one logged-in staff user) requests the reference and the page in turn,
`samples` times each, alternating which comes first; median and p95 of each and their ratios.
Throughput: `concurrency` browsers of distinct users keep the server busy with only the
reference, then only the page, in alternating blocks of `block_seconds`; requests per second of
each and the page's share of the reference's. The query count of every answer comes from the
X-Bench-Queries header (bench.middleware) and is reported as min–max over all answers.
"""

import threading
import time
from dataclasses import dataclass, field

from bench import stats
from bench.client import Browser

REFERENCE = "/bench/reference/"


@dataclass
class Samples:
    milliseconds: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    def add(self, answer) -> None:
        self.milliseconds.append(answer.milliseconds)
        if answer.queries is not None:
            self.queries.append(answer.queries)
        self.sizes.append(len(answer.body))
        self.statuses[answer.status] = self.statuses.get(answer.status, 0) + 1

    def summary(self) -> dict:
        return {
            "samples": len(self.milliseconds),
            "median_ms": stats.median(self.milliseconds),
            "p95_ms": stats.percentile(self.milliseconds, 0.95),
            "queries_min": min(self.queries) if self.queries else None,
            "queries_max": max(self.queries) if self.queries else None,
            "html_bytes": int(stats.median(self.sizes)),
            "statuses": {str(status): count for status, count in self.statuses.items()},
        }


def throughput(browsers: list[Browser], url: str, seconds: float, samples: Samples) -> tuple:
    """(requests, seconds) of the browsers requesting `url` without pause for `seconds`."""
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    done = [0]

    def run(browser: Browser) -> None:
        while time.monotonic() < stop:
            answer = browser.get(url)
            with lock:
                done[0] += 1
                samples.add(answer)

    threads = [threading.Thread(target=run, args=(browser,)) for browser in browsers]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0], time.monotonic() - start


def measure_page(
    browser: Browser,
    crowd: list[Browser],
    url: str,
    *,
    samples: int,
    blocks: int,
    block_seconds: float,
) -> dict:
    page, reference = Samples(), Samples()
    browser.get(url)  # warm-up: the worker's template and query caches
    browser.get(REFERENCE)
    for index in range(samples):
        order = ((url, page), (REFERENCE, reference))
        for target, into in order if index % 2 else reversed(order):
            into.add(browser.get(target))
    page_load, reference_load = Samples(), Samples()
    page_requests = reference_requests = 0
    page_seconds = reference_seconds = 0.0
    for _block in range(blocks):
        requests, seconds = throughput(crowd, REFERENCE, block_seconds, reference_load)
        reference_requests += requests
        reference_seconds += seconds
        requests, seconds = throughput(crowd, url, block_seconds, page_load)
        page_requests += requests
        page_seconds += seconds
    result = page.summary()
    reference_summary = reference.summary()
    page_rate = page_requests / page_seconds if page_seconds else 0.0
    reference_rate = reference_requests / reference_seconds if reference_seconds else 0.0
    queries = page.queries + page_load.queries
    statuses = dict(page.statuses)
    for status, count in page_load.statuses.items():
        statuses[status] = statuses.get(status, 0) + count
    result.update(
        {
            "queries_min": min(queries) if queries else None,
            "queries_max": max(queries) if queries else None,
            "query_samples": len(queries),
            "statuses": {str(status): count for status, count in statuses.items()},
            "reference_median_ms": reference_summary["median_ms"],
            "reference_p95_ms": reference_summary["p95_ms"],
            "median_ratio": stats.ratio(result["median_ms"], reference_summary["median_ms"]),
            "p95_ratio": stats.ratio(result["p95_ms"], reference_summary["p95_ms"]),
            "throughput_rps": page_rate,
            "reference_throughput_rps": reference_rate,
            "throughput_ratio": stats.ratio(page_rate, reference_rate),
            "reference_queries": stats.min_max(reference.queries) if reference.queries else None,
        }
    )
    return result
