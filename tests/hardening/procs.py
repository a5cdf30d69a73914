"""Real processes for the race and crash tests: the granian server as
``scripts/serve`` runs it, the task worker, management commands and HTTP
client processes, all on the test database of the current run (SQLite file
in WAL mode, or PostgreSQL), each with its own connection.

The tests use ``transactional_db``: what they set up through the services is
committed, so the processes see it, and pytest-django empties the tables
afterwards. Every process is started in its own session, so ``kill9`` kills
granian's workers too, as a power cut or the OOM killer would.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
CLIENT = Path(__file__).with_name("client.py")
STARTER = Path(__file__).with_name("starter.py")


def database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test database)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return "sqlite:///" + str(Path(s["NAME"]).resolve())
    auth = quote(s["USER"] or "postgres") + (":" + quote(s["PASSWORD"]) if s.get("PASSWORD") else "")
    return f"postgresql://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Stack:
    """The environment and the processes of one test."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.mail_dir = tmp / "mail"
        self.sms_dir = tmp / "sms"
        self.port = free_port()
        # no REDIS_URL: the processes count and cache in the database and their own memory, the
        # default, and share nothing with other test runs (Redis counting: tests/portal/test_redis_counting.py)
        dropped = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"}
        self.env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("HARDENING_")}
        self.env.update(
            DJANGO_SETTINGS_MODULE="tests.hardening.proc_settings",
            PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "src")]),
            DATABASE_URL=database_url(),
            DEBUG="0",
            HTTPS="0",
            SECRET_KEY=settings.SECRET_KEY,  # sessions made by the test are valid on the server
            ALLOWED_HOSTS="127.0.0.1,localhost",
            TUPHAP_VAR_DIR=str(tmp / "var"),
            HARDENING_MAIL_DIR=str(self.mail_dir),
            HARDENING_SMS_DIR=str(self.sms_dir),
            LOG_LEVEL="WARNING",
        )
        self.procs: list[subprocess.Popen[Any]] = []
        self.kills = 0  # SIGKILLs sent (the figure for the note)
        self._logs = 0
        self.log_of: dict[int, Path] = {}

    # -- processes -------------------------------------------------------------

    def popen(self, args: list[str], name: str, **env: str) -> subprocess.Popen[Any]:
        self._logs += 1
        path = self.tmp / f"{self._logs:02d}-{name}.log"
        with open(path, "wb") as log:
            proc = subprocess.Popen(
                args,
                env={**self.env, **env},
                cwd=ROOT / "src",
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.procs.append(proc)
        self.log_of[proc.pid] = path
        return proc

    def output(self, proc: subprocess.Popen[Any]) -> str:
        return self.log_of[proc.pid].read_text("utf-8", "replace")

    def server(self, workers: int = 2, **env: str) -> subprocess.Popen[Any]:
        """granian with the arguments of ``scripts/serve``; returns once /healthz answers."""
        granian = shutil.which("granian", path=str(Path(PY).parent)) or "granian"
        proc = self.popen(
            [
                granian,
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--blocking-threads",
                "1",
                "--respawn-failed-workers",
                "--log-level",
                "warning",
                "tuphap.wsgi:application",
            ],
            "server",
            **env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"granian exited with {proc.returncode}: {self.logs()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return proc
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"granian did not answer /healthz: {self.logs()}")

    def worker(self, **env: str) -> subprocess.Popen[Any]:
        """The task worker as ``scripts/serve`` runs it (polling faster, to keep the test short)."""
        return self.popen(
            [
                PY,
                str(ROOT / "manage.py"),
                "db_worker",
                "--queue-name",
                "*",
                "--interval",
                "0.2",
                "--no-reload",
                "--no-startup-delay",
            ],
            "worker",
            **env,
        )

    def command(self, *args: str, **env: str) -> subprocess.Popen[Any]:
        return self.popen([PY, str(ROOT / "manage.py"), *args], args[0], **env)

    def manage(self, *args: str, timeout: float = 120, **env: str) -> str:
        """Run a management command to its end; its output (it must succeed)."""
        proc = self.command(*args, **env)
        code = proc.wait(timeout)
        if code != 0:
            raise AssertionError(f"manage.py {' '.join(args)} exited with {code}: {self.output(proc)}")
        return self.output(proc)

    def commands_together(self, runs: list[list[str]], timeout: float = 120) -> list[tuple[int, str]]:
        """Run management commands in parallel processes that start their work
        at the same moment (after Django is set up in each); (exit code, output) each."""
        go = self.tmp / f"go-{time.monotonic_ns()}"
        procs = [self.popen([PY, str(STARTER), str(go), *args], args[0]) for args in runs]
        deadline = time.monotonic() + timeout
        while not all("ready" in self.output(p) or p.poll() is not None for p in procs):
            if time.monotonic() > deadline:
                raise RuntimeError(self.logs())
            time.sleep(0.02)
        go.touch()
        return [(p.wait(max(1.0, deadline - time.monotonic())), self.output(p).split("ready\n", 1)[-1]) for p in procs]

    def kill9(self, proc: subprocess.Popen[Any]) -> None:
        """SIGKILL the process and everything it started (granian's workers)."""
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(30)
        self.kills += 1

    def stop(self, proc: subprocess.Popen[Any]) -> None:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(15)
            except ProcessLookupError:
                pass
        else:  # granian's workers may outlive a dead master
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def close(self) -> None:
        for proc in self.procs:
            self.stop(proc)

    def logs(self) -> str:
        return "\n".join(
            f"== {p.name}\n{p.read_text('utf-8', 'replace')[-3000:]}" for p in sorted(self.log_of.values())
        )

    # -- clients -----------------------------------------------------------------

    def clients(self, specs: list[dict[str, Any]]) -> Clients:
        """Start one client process per spec; they fire together (see ``client.py``)."""
        return Clients(self, specs)


class Clients:
    def __init__(self, stack: Stack, specs: list[dict[str, Any]]) -> None:
        self.go = stack.tmp / f"go-{time.monotonic_ns()}"
        self.procs = [
            subprocess.Popen(
                [PY, str(CLIENT), json.dumps({"port": stack.port, "go": str(self.go), **spec})],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
            for spec in specs
        ]
        stack.procs.extend(self.procs)
        for proc in self.procs:
            line = proc.stdout.readline() if proc.stdout else ""
            if line.strip() != "ready":
                raise RuntimeError(f"client did not start: {line}{proc.stderr.read() if proc.stderr else ''}")
        self.go.touch()

    def results(self, timeout: float = 120) -> list[list[dict[str, Any]]]:
        answers = []
        for proc in self.procs:
            out, err = proc.communicate(timeout=timeout)
            if proc.returncode != 0:
                raise RuntimeError(f"client failed ({proc.returncode}): {err}")
            answers.append(json.loads(out.strip().splitlines()[-1]))
        return answers


@contextmanager
def stack_in(tmp: Path) -> Iterator[Stack]:
    stack = Stack(tmp)
    try:
        yield stack
    finally:
        stack.close()
