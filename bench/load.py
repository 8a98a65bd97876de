"""A short HTTP load test against gunicorn on loopback: throughput and errors.

Starts gunicorn with production settings (DEBUG off, TLS redirect off because it is loopback),
gives each simulated user a logged-in staff session, and lets N threads request the main pages
in turn for a fixed time. Every answer other than 200 counts as an error.
"""

import http.client
import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class LoadResult:
    users: int
    seconds: float
    requests: int
    errors: int
    p95_ms: float

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def staff_session_cookie(username: str = "koordination") -> str:
    """A session for the user, created directly (no login form, so no throttling)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The backend that logs people in (axes' backend only guards the login form).
    session[BACKEND_SESSION_KEY] = next(
        path for path in settings.AUTHENTICATION_BACKENDS if "axes" not in path.lower()
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    for key, value in extra_session_data(user).items():
        session[key] = value
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def extra_session_data(user) -> dict:
    """Session keys a verified staff login carries besides the user (the second factor)."""
    from bench.measure import second_factor_session

    return second_factor_session(user)


def _gunicorn(port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-" + "x" * 50),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kmut.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip


def _wait_until_up(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def run_load(
    urls: list[str], *, users: int = 16, seconds: int = 60, workers: int = 4
) -> LoadResult:
    cookie = staff_session_cookie()
    port = _free_port()
    server = _gunicorn(port, workers)
    try:
        _wait_until_up(port)
        stop = time.monotonic() + seconds
        lock = threading.Lock()
        counts = {"requests": 0, "errors": 0}
        durations: list[float] = []

        def user(offset: int) -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for url in itertools.islice(itertools.cycle(urls), offset, None):
                if time.monotonic() >= stop:
                    break
                start = time.perf_counter()
                try:
                    connection.request("GET", url, headers={"Cookie": cookie, "Host": "localhost"})
                    response = connection.getresponse()
                    response.read()
                    ok = response.status == 200
                except (OSError, http.client.HTTPException):
                    ok = False
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    counts["requests"] += 1
                    counts["errors"] += not ok
                    durations.append(elapsed)
            connection.close()

        threads = [threading.Thread(target=user, args=(index,)) for index in range(users)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    durations.sort()
    p95 = durations[max(round(0.95 * len(durations)) - 1, 0)] if durations else 0.0
    return LoadResult(users, elapsed, counts["requests"], counts["errors"], p95)
