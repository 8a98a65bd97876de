"""Load profiles over HTTP against the benchmark's gunicorn, each user with its own session.

- office: staff users clicking through the main pages with a think time between clicks
  (default 16 users, about 5 s apart, uniformly 0.5–1.5 times the think time), as an office
  uses the application;
- saturating: the same users without any pause, the most the server can take.

Every answer other than 200 is an error; the p95 is over all requests of the profile.
"""

import random
import threading
import time
from dataclasses import asdict, dataclass

from bench import stats
from bench.client import Browser


@dataclass
class LoadResult:
    profile: str
    users: int
    think_seconds: float
    seconds: float
    requests: int
    errors: int
    median_ms: float
    p95_ms: float

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "throughput_rps": self.throughput}


def run_profile(
    profile: str,
    browsers: list[Browser],
    urls: list[str],
    *,
    seconds: float,
    think_seconds: float,
    seed: int = 18,
) -> LoadResult:
    lock = threading.Lock()
    durations: list[float] = []
    errors = [0]
    stop = time.monotonic() + seconds

    def user(index: int, browser: Browser) -> None:
        rng = random.Random(seed + index)
        position = index
        if think_seconds:  # users do not all click in the same second
            time.sleep(rng.uniform(0, think_seconds))
        while time.monotonic() < stop:
            url = urls[position % len(urls)]
            position += 1
            try:
                answer = browser.get(url)
                ok, milliseconds = answer.status == 200, answer.milliseconds
            except OSError:
                ok, milliseconds = False, 0.0
            with lock:
                durations.append(milliseconds)
                errors[0] += not ok
            if think_seconds:
                time.sleep(
                    min(rng.uniform(0.5, 1.5) * think_seconds, max(stop - time.monotonic(), 0))
                )

    threads = [
        threading.Thread(target=user, args=(index, browser))
        for index, browser in enumerate(browsers)
    ]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    return LoadResult(
        profile,
        len(browsers),
        think_seconds,
        elapsed,
        len(durations),
        errors[0],
        stats.median(durations) if durations else 0.0,
        stats.percentile(durations, 0.95) if durations else 0.0,
    )
