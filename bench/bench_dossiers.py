"""Dossier benchmarks.

1. Intake throughput through the API (POST /api/v1/dossiers) with 8
   concurrent clients on loopback (drawing a round's 2,400 dossiers from one
   pool, so that all of them stay busy to its end), on SQLite and on PostgreSQL, against a bare
   model insert of as many rows (Dossier.objects.create in a loop) on the same
   database in the same run, the two alternating in 3 rounds: dossiers per
   second and the ratio of each round, then the median round (goal: at least
   0.25, issue 20);
   the server's CPU time per dossier against the bare insert's, a figure that
   other work on the machine disturbs less; measured after a warm-up of 5
   dossiers per client (each server worker's first requests load code and
   caches); then every code, the warm-up's included, is checked unique and
   gap-free. The machine's load average closes the line.
2. The overdue list of one unit among 1,000,000 dossiers: median latency of
   ``dossiers_overdue(unit=…)`` (first page of 50), goal under 20 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import manage, served  # noqa: E402

PG_ADMIN = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
#: the throw-away database (``BENCH_DOSSIERS_DB`` names another, so that two runs on one server stay apart)
PG_NAME = os.environ.get("BENCH_DOSSIERS_DB", "tuphap_bench_dossiers")
PG_BENCH = PG_ADMIN.rsplit("/", 1)[0] + "/" + PG_NAME

SETUP = """
import datetime as dt
from tuphap.orgs import services as orgs
from tuphap.orgs.roles import Role
from tuphap.dossiers import services
from tuphap.dossiers.catalogue import PROCEDURES
from tuphap.core.services import api_token_create
a = orgs.agency_upsert(actor=None, code="000.00.17.H09", name="Sở Tư pháp tỉnh Bình Thuận")
units = {c: orgs.unit_upsert(actor=None, agency=a, code=c, name=c) for c in ("hctp", "btp")}
orgs.staff_upsert(actor=None, username="motcua", full_name="Nguyễn Thị Lan", roles=[Role.RECEPTION], unit=units["hctp"],
                  password="x-bench-1")
for p in PROCEDURES:
    services.procedure_publish(actor=None, data=p, agency=a, unit=units[p["unit"]], valid_from=dt.date(2020, 1, 1))
print(api_token_create(actor=None, username="motcua"))
"""

BARE = """
import time, datetime as dt
from django.utils import timezone
from tuphap.dossiers.models import Dossier, Procedure
from tuphap.orgs.models import Agency
p = Procedure.objects.select_related("unit").first(); a = Agency.objects.get(code="000.00.17.H09")
n = {n}; now = timezone.now(); start = time.perf_counter(); cpu = time.process_time()
for i in range(n):
    Dossier.objects.create(code=f"BARE{round}-{{i:07d}}", agency=a, procedure=p, unit=p.unit, applicant_name="A",
                           applicant_phone="0912345678", channel="desk", state="received", received_at=now, due_at=now)
print(n / (time.perf_counter() - start), (time.process_time() - cpu) / n)
"""


def post_many(base: str, token: str, clients: int, total: int) -> tuple[float, list[str], int]:
    """``clients`` threads posting ``total`` dossiers between them, each one after the other on its kept-alive
    connection; the rate over all of them. The clients draw from one pool, so that all of them stay busy until it
    is empty: with a fixed share each, the clients of the server worker that had accepted fewer connections
    finished early, that worker then idled, and the rate was the busiest worker's (8 connections split 6:2 between
    the two workers gave 850/s where 4:4 gave 1,000/s). Each client is a load generator and nothing more: the
    request's bytes are built once and each answer is read by its Content-Length (http.client's parsing cost the
    clients 0.3 ms a dossier of the same two cores the server measured here runs on)."""
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    body = json.dumps(
        {
            "procedure_code": "1.001877.000.00.00.H09",
            "applicant": {"name": "Nguyễn Văn An", "id_number": "060123456789", "phone": "0912345678"},
            "channel": "desk",
        }
    ).encode()
    request = (
        f"POST /api/v1/dossiers HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    codes: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()
    left = [total]

    def draw() -> bool:
        with lock:
            left[0] -= 1
            return left[0] >= 0

    def worker() -> None:
        with socket.create_connection((parts.hostname, parts.port), timeout=60) as conn:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            pending = b""
            while draw():
                conn.sendall(request)
                status, data, pending = _answer(conn, pending)
                with lock:
                    if status == 201:
                        codes.append(json.loads(data)["code"])
                    else:
                        errors.append(f"{status} {data[:200]!r}")

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        print(f"  {len(errors)} errors, first: {errors[0]}")
    return len(codes) / elapsed, codes, len(errors)


def _answer(conn: socket.socket, pending: bytes) -> tuple[int, bytes, bytes]:
    """One HTTP/1.1 answer from ``conn``: its status, its body (by Content-Length) and the bytes read past it."""
    while b"\r\n\r\n" not in pending:
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        pending += chunk
    head, _, rest = pending.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    headers = dict(h.partition(b":")[::2] for h in lines[1:])
    length = next((int(v) for k, v in headers.items() if k.lower() == b"content-length"), None)
    if length is None:
        raise ConnectionError(f"an answer without Content-Length: {head[:200]!r}")
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        rest += chunk
    return status, rest[:length], rest[length:]


def server_cpu(port: int) -> float:
    """CPU seconds used so far by the server on ``port`` (granian and its workers, from /proc; 0 elsewhere)."""
    procs = Path("/proc")
    if not procs.is_dir():
        return 0.0
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    serving: set[int] = set()  # granian and its workers share its command line
    tick = os.sysconf("SC_CLK_TCK")
    for entry in procs.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / tick
        if b"--port" in cmdline and str(port).encode() in cmdline and any(b"granian" in c for c in cmdline[:2]):
            serving.add(pid)
    roots = {pid for pid in serving if parents[pid] not in serving}
    if not roots:
        return 0.0
    tree, grew = roots, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        grew = bool(more)
        tree |= more
    return sum(times.get(pid, 0.0) for pid in tree)


#: dossiers each client posts before the measured ones (counted in the codes' check, not in the rate)
WARM_UP = 5


def intake(label: str, database_url: str | None, clients: int, per_round: int, bare_n: int, rounds: int) -> None:
    """``rounds`` rounds on one server, each the API's intake then the bare insert of as many rows: the two
    alternate, so that a slow spell of the machine weighs on both; each round's ratio is printed and the
    median closes the line."""
    token_box: list[str] = []

    def setup(env: dict[str, str]) -> None:
        token_box.append(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])

    codes: list[str] = []
    errors = 0
    figures: list[tuple[float, float, float, float, float]] = []  # rate, bare, server CPU, bare CPU, client CPU
    with served(setup=setup, database_url=database_url) as (base, env):
        port = int(base.rsplit(":", 1)[1])
        # warm-up: each worker's first requests load code, catalogues and caches; measured is the steady state
        _rate, codes, errors = post_many(base, token_box[0], clients, clients * WARM_UP)
        for round_ in range(rounds):
            cpu_before, client_before = server_cpu(port), time.process_time()
            rate, measured, failed = post_many(base, token_box[0], clients, per_round)
            cpu_api = (server_cpu(port) - cpu_before) / max(1, len(measured))
            cpu_client = (time.process_time() - client_before) / max(1, len(measured))
            codes, errors = codes + measured, errors + failed
            bare_out = manage(env, "shell", "-c", BARE.format(n=bare_n, round=round_))
            bare, cpu_bare = map(float, bare_out.strip().splitlines()[-1].split())
            figures.append((rate, bare, cpu_api, cpu_bare, cpu_client))
            print(
                f"  dossiers.intake[{label}] round {round_ + 1}: API {rate:,.0f}/s, bare {bare:,.0f}/s, "
                f"ratio {rate / bare:.2f}"
            )
    numbers = sorted(int(c.rsplit("-", 1)[1]) for c in codes)
    days = {c.rsplit("-", 2)[1] for c in codes}
    gap_free = len(days) == 1 and numbers == list(range(1, len(numbers) + 1))
    rate, bare, cpu_api, cpu_bare, cpu_client = sorted(figures, key=lambda f: f[0] / f[1])[len(figures) // 2]
    cpu = (
        f"server CPU {cpu_api * 1000:.1f} ms a dossier against {cpu_bare * 1000:.2f} ms a bare insert "
        f"(CPU ratio {cpu_bare / cpu_api:.2f}); the 8 clients' own CPU {cpu_client * 1000:.1f} ms a dossier; "
        if cpu_api
        else ""
    )
    print(
        f"dossiers.intake[{label}]: median of {rounds} rounds: API {rate:,.0f} dossiers/s with {clients} clients; "
        f"bare model insert {bare:,.0f}/s; ratio {rate / bare:.2f} (goal >= 0.25: {rate / bare / 0.25:.2f} of goal); "
        f"{cpu}{len(codes)} codes, {len(codes) - len(set(codes))} duplicates, gap-free {gap_free}, {errors} errors; "
        f"load {os.getloadavg()[0]:.1f}"
    )


OVERDUE = """
import statistics, time, datetime as dt
from django.db import connection
from django.utils import timezone
from tuphap.dossiers.models import Dossier, Procedure
from tuphap.dossiers.selectors import dossiers_overdue
from tuphap.orgs.models import Unit
n = {n}
p = Procedure.objects.first(); unit = Unit.objects.get(code="hctp")
# the columns the rows vary in or must fill; every other column that may not be NULL takes its model default (a
# column added later keeps this statement working)
GIVEN = ("code", "agency_id", "procedure_id", "unit_id", "applicant_name", "applicant_id_number", "applicant_phone",
         "applicant_email", "applicant_address", "channel", "state", "received_at", "due_at", "outcome",
         "outcome_reason", "rating", "created_at", "finished_at")
rest = [f for f in Dossier._meta.concrete_fields if f.column not in GIVEN and not f.null and f.has_default()]
columns = ", ".join(GIVEN + tuple(f.column for f in rest))
defaults = [f.get_db_prep_save(f.get_default(), connection) for f in rest]
marks = "".join(", %s" for f in rest)
if Dossier.objects.count() < n:
    Dossier.objects.all().delete()
    units = list(Unit.objects.values_list("id", flat=True))
    other = units[-1] if units[-1] != unit.pk else units[0]
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("INSERT INTO dossiers_dossier (" + columns + ") " + '''
              SELECT 'B-' || g, %s, %s, CASE WHEN g %% 8 = 0 THEN %s ELSE %s END, 'A', '', '', '', '', 'desk',
                CASE WHEN g %% 50 = 0 THEN 'in_process' ELSE 'returned' END,
                now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval + interval '7 days',
                '', '', '', now(), now()''' + marks + " FROM generate_series(1, %s) g",
              [p.agency_id, p.pk, unit.pk, other, *defaults, n])
        else:
            c.execute("WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < %s) "
              "INSERT INTO dossiers_dossier (" + columns + ") " + '''
              SELECT 'B-' || x, %s, %s, CASE WHEN x %% 8 = 0 THEN %s ELSE %s END, 'A', '', '', '', '', 'desk',
                CASE WHEN x %% 50 = 0 THEN 'in_process' ELSE 'returned' END,
                datetime('now', '-' || x || ' minutes'), datetime('now', '-' || x || ' minutes', '+7 days'), '', '', '',
                datetime('now'), datetime('now')''' + marks + " FROM g",
              [n, p.agency_id, p.pk, unit.pk, other, *defaults])
        c.execute("ANALYZE")
times = []
now = timezone.now()
for _ in range(60):
    start = time.perf_counter()
    rows = list(dossiers_overdue(unit=unit, at=now)[:50])
    times.append((time.perf_counter() - start) * 1000)
print(statistics.median(times[10:]), len(rows), Dossier.objects.count())
"""


def overdue(label: str, database_url: str | None, n: int) -> None:
    env_setup: list[dict[str, str]] = []

    def setup(env: dict[str, str]) -> None:
        manage(env, "shell", "-c", SETUP)
        env_setup.append(env)

    with served(setup=setup, database_url=database_url, workers=1) as (_base, env):
        median, rows, total = manage(env, "shell", "-c", OVERDUE.format(n=n)).strip().splitlines()[-1].split()
    print(
        f"dossiers.overdue[{label}]: median {float(median):.2f} ms for one unit's first page ({rows} rows) among "
        f"{int(total):,} dossiers; "
        f"goal < 20 ms: {float(median) / 20:.2f} of limit"
    )


def reset_pg() -> str | None:
    import psycopg

    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_NAME}")
    except psycopg.Error as exc:
        print(f"dossiers: PostgreSQL not reachable ({exc}); PostgreSQL figures not measured")
        return None
    return PG_BENCH


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=["intake", "overdue"], help="run one of the two benchmarks")
    parser.add_argument("--per-round", type=int, help="intake: dossiers the 8 clients post a round, between them")
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], help="run on one database only")
    parser.add_argument("--rounds", type=int, help="intake: rounds of API then bare insert (median printed)")
    args = parser.parse_args()
    # 2,400 dossiers a round, two to five seconds (480 made a run of under a second, at the mercy of any hiccup);
    # even so the machine moved one round's ratio by 0.03 from run to run: the median of 3 rounds. A run stays
    # within one day's codes of one agency (9,999): 40 to warm up and 3 rounds of 2,400
    per_round, rounds, n = (80, 1, 20_000) if args.quick else (2_400, 3, 1_000_000)
    per_round = args.per_round or per_round
    rounds = args.rounds or rounds
    # the bare insert writes as many rows as the API did (1,000 took 0.4 s, too short to measure)
    bare_n = per_round
    if args.only != "overdue":
        if args.engine != "postgresql":
            intake("sqlite", None, 8, per_round, bare_n, rounds)
        pg = reset_pg() if args.engine != "sqlite" else None
        if pg:
            intake("postgresql", pg, 8, per_round, bare_n, rounds)
    if args.only != "intake":
        overdue("sqlite", None, n)
        pg = reset_pg()
        if pg:
            overdue("postgresql", pg, n)
            reset_pg()


if __name__ == "__main__":
    main()
