"""gunicorn as docs/deploy.md starts it, on a free loopback port, with the bench settings."""

import http.client
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.environment import ROOT, environment

DEPLOY = ROOT / "docs" / "deploy.md"


def deploy_arguments(text: str | None = None) -> list[str]:
    """gunicorn's arguments from the ExecStart line of docs/deploy.md, without --bind."""
    text = DEPLOY.read_text() if text is None else text
    match = re.search(r"^ExecStart=\S*gunicorn (.+)$", text, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"No gunicorn ExecStart line in {DEPLOY}")
    arguments = shlex.split(match.group(1))
    kept = []
    skip = False
    for argument in arguments:
        if skip:
            skip = False
        elif argument in ("--bind", "-b"):
            skip = True
        elif not argument.startswith("--bind="):
            kept.append(argument)
    return kept


def workers(arguments: list[str]) -> int:
    for flag in ("--workers", "-w"):
        if flag in arguments:
            return int(arguments[arguments.index(flag) + 1])
    return 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, scale: int, log: Path):
        self.scale = scale
        self.log = log
        self.port = free_port()
        self.arguments = deploy_arguments()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    *self.arguments,
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=environment(self.scale),
                stdout=log,
                stderr=log,
            )
        self._wait_until_healthy()
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _wait_until_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited, see {self.log}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz", headers={"Host": "localhost"})
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer /healthz, see {self.log}")
