"""gunicorn serving the app on 127.0.0.1 (a free port, 2 workers) for one database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.database import Target, server_environment
from bench.httpclient import Session

REPO = Path(__file__).resolve().parent.parent
WORKERS = 2


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, target: Target, log_path: Path) -> None:
        self.target = target
        self.log_path = log_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        env = {**os.environ, **server_environment(self.target)}
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [str(gunicorn), "--workers", str(WORKERS), "--bind", f"127.0.0.1:{self.port}",
             "--timeout", "60", "--log-level", "warning", "wsgi:app"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        self._wait_healthy()
        return self

    def _wait_healthy(self, limit: float = 90.0) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                session = Session("127.0.0.1", self.port, timeout=5)
                ok = [session.get("/healthz").status for _ in range(WORKERS * 2)]
                session.close()
                if all(status == 200 for status in ok):
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer /healthz in {limit:.0f} s")

    def __exit__(self, *exc: object) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # the master stops its own workers
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
