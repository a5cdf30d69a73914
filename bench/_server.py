"""Helpers for benchmarks that serve tuphap: a throw-away database and server."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
#: how long a server may take to answer its first request
START_SECONDS = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env.update(
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY="bench-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        TUPHAP_VAR_DIR=str(var_dir),
        TUPHAP_ROOT_URLCONF="_urls",
        PYTHONPATH=os.pathsep.join([str(ROOT / "bench"), str(ROOT / "src")]),
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [PY, str(ROOT / "manage.py"), *args], env=env, check=True, capture_output=True, text=True
    ).stdout


@contextmanager
def served_demo(workers: int = 2) -> Iterator[tuple[str, dict[str, str]]]:
    """Migrate a fresh SQLite database, load the demo, serve it with granian."""
    with served(workers=workers, setup=lambda env: manage(env, "demo")) as answer:
        yield answer


@contextmanager
def served(
    *, workers: int = 2, setup: Any = None, database_url: str | None = None
) -> Iterator[tuple[str, dict[str, str]]]:
    """Migrate a fresh database (SQLite in a temp dir, or ``database_url``),
    run ``setup(env)``, serve it with granian; yields (base URL, env)."""
    var_dir = Path(tempfile.mkdtemp(prefix="tuphap-bench-"))
    env = bench_env(var_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    manage(env, "compile_translations")
    manage(env, "migrate", "--noinput")
    if setup is not None:
        setup(env)
    manage(env, "collectstatic", "--noinput")
    port = free_port()
    granian = shutil.which("granian", path=str(Path(PY).parent)) or "granian"
    said_file = (var_dir / "server.log").open("wb")
    proc = subprocess.Popen(
        [
            granian,
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            "1",
            "--log-level",
            "warning",
            "tuphap.wsgi:application",
        ],
        env=env,
        cwd=ROOT / "src",
        stdout=subprocess.DEVNULL,
        # a file, not a pipe: a pipe nobody reads while serving fills up (64 KiB, e.g. a warning logged for each of
        # a thousand refused requests) and the workers then block on their next log line
        stderr=said_file,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # a loaded machine may take long to start the workers: wait up to START_SECONDS, then stop the server
        # and read what it said
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:  # noqa: S310 - loopback only
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    proc.wait()
                    said = (var_dir / "server.log").read_text(errors="replace")[-4000:]
                    raise RuntimeError(f"server did not start in {START_SECONDS} s: {said}") from None
                time.sleep(0.1)
        yield base, env
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        said_file.close()
        shutil.rmtree(var_dir, ignore_errors=True)


def session_cookie(env: dict[str, str], username: str) -> str:
    code = (
        "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY;"
        "from django.contrib.sessions.backends.db import SessionStore;"
        f"u = get_user_model().objects.get(username={username!r});"
        "s = SessionStore(); s[SESSION_KEY] = str(u.pk);"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend';"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create(); print(s.session_key)"
    )
    return "sessionid=" + manage(env, "shell", "-c", code).strip().splitlines()[-1]


def load(url: str, seconds: float, connections: int = 8, cookie: str = "") -> float:
    """Requests per second on loopback: wrk when installed, else a bounded Python load."""
    wrk = shutil.which("wrk")
    if wrk:
        cmd = [wrk, "-t2", f"-c{connections}", f"-d{max(1, int(seconds))}s", "--latency", url]
        if cookie:
            cmd[1:1] = ["-H", f"Cookie: {cookie}"]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        if "Non-2xx" in out:
            raise RuntimeError(f"non-2xx answers from {url}:\n{out}")
        match = re.search(r"Requests/sec:\s+([\d.]+)", out)
        if not match:
            raise RuntimeError(out)
        return float(match.group(1))
    return _python_load(url, seconds, connections, cookie)


def _python_load(url: str, seconds: float, connections: int, cookie: str) -> float:
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    deadline = time.perf_counter() + seconds
    counts = [0] * connections
    errors: list[str] = []

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        headers = {"Cookie": cookie} if cookie else {}
        while time.perf_counter() < deadline and counts[i] < 1_000_000:
            conn.request("GET", parts.path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(str(response.status))
                return
            counts[i] += 1
        conn.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"non-200 answers from {url}: {errors[:3]}")
    return sum(counts) / (time.perf_counter() - start)
