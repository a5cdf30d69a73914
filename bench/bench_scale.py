"""Reports at scale (issue 20): a quarter's report at 1,000,000 and 10,000,000 dossiers on PostgreSQL.

The dossiers are written through the bulk path for history (``dossiers.history_bulk``: the services'
rules, one statement per table per batch, ``COPY`` on PostgreSQL), fed by a cheap synthetic generator:
the demo's plan of each day from 2021 to 2025 (``dossiers.demo.history.plan_day``: the department's mix,
channels, supplements, lateness, returns, ratings), every planned dossier received several times over so
that the history holds N dossiers, played by ``demo.loader.apply_planned`` on ``PastDossier``. Several
processes write at once, each its own days (the day's code counter is never shared). The aggregates are
then filled by the real job (``aggregates.refresh``).

The generated databases are kept (``tuphap_bench_scale_1m``, ``tuphap_bench_scale_10m``, …; the prefix from
``BENCH_SCALE_PREFIX``) and reused by a later run when complete (``--regenerate`` starts again); the generation
rate and time are printed when generated, with the CPU time per dossier of the generating processes and of the
aggregates' fill (the machine may be loaded: CPU time is the work).

Measured: the whole of a quarter's report as ``reports.quarterly.data.build`` reads it (Q2/2023, as of
the end of 2025): freshness, the total, the three months, the rows by unit and by procedure, the
receiving points and the agencies' rows; without the other apps' sections (``section_parts``), measured
apart: the service index of Decision 766 among them, once computed from the quarter's dossiers (as
before the periodic job stored the quarter) and warm, the quarter's counts stored (``index_rollup``: the
job's ``store``, timed), then the whole report with them. Medians of 15 runs after 3 warm-up runs, as
ratios to the 100 ms limit, and the ratio of the largest size to the smallest.

`make bench` runs 100,000 and 1,000,000 (1M: 10 min to generate and 3 min to fill the aggregates on the
two cores under a load average of 9, 4.3 GB, then cached); the issue's pair is ``--sizes 1000000,10000000``
(10M: about 43 GB; by the CPU time per dossier measured, about 50 min on two quiet cores the first time).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
LIMIT_MS = 100.0
FIRST, LAST = (2021, 1, 1), (2025, 12, 31)
QUARTER = (2023, 2)
RUNNING = (2025, 4)  # the running quarter, "now" fixed inside the generated history:
RUNNING_NOW = (2025, 11, 20, 10)  # 20/11/2025 10:00 local
DAY_CAP = 9000  # dossiers received a day at most (a day's codes number at most 9,999 per agency)
#: the generated databases are ``<prefix>_<size>`` (a helper's own prefix keeps the lead's databases apart)
PREFIX = os.environ.get("BENCH_SCALE_PREFIX", "tuphap_bench_scale")


def label(n: int) -> str:
    return f"{n // 1_000_000}m" if n % 1_000_000 == 0 else f"{n // 1000}k"


def db_url(name: str) -> str:
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuphap.settings_test")
    sys.path.insert(0, str(ROOT / "src"))
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)


# --------------------------------------------------------------------------- generation (child processes)


def child_setup() -> None:
    """Migrate, the demo's organisation and catalogue (no dossiers)."""
    django_setup()
    from django.conf import settings
    from django.core.management import call_command

    from tuphap.demo.management.commands.demo import load_organisation
    from tuphap.dossiers.catalogue import versions
    from tuphap.dossiers.procedures import catalogue_publish
    from tuphap.orgs.models import Agency, Unit

    call_command("migrate", verbosity=0)
    load_organisation()
    agency = Agency.objects.get(code=settings.TUPHAP_AGENCY_CODE)
    units = {u.code: u for u in Unit.objects.filter(agency=agency)}
    catalogue_publish(actor=None, agency=agency, units=units, entries=versions())


def _plan(total: int) -> list[tuple[object, int]]:
    """(planned dossier, copies) over the whole history: ``total`` dossiers, each day's share in proportion
    to its plan, at most ``DAY_CAP`` a day (the day's codes number at most 9,999), spread evenly."""
    import datetime as dt

    from django.conf import settings

    from tuphap.dossiers.demo.history import history_days, plan_day
    from tuphap.dossiers.demo.loader import Mixes
    from tuphap.orgs.models import Agency
    from tuphap.workdays.selectors import office_clock

    clock = office_clock(Agency.objects.get(code=settings.TUPHAP_AGENCY_CODE))
    mixes = Mixes()
    days = [
        plan for day in history_days(dt.date(*FIRST), dt.date(*LAST)) if (plan := plan_day(clock, day, mixes.on(day)))
    ]
    quota = {i: 0 for i in range(len(days))}
    left, open_days = total, set(quota)
    while left and open_days:  # share what is left among the days under the cap, in proportion to their plans
        weight = sum(len(days[i]) for i in open_days)
        given = 0
        for i in sorted(open_days):
            share = min(DAY_CAP - quota[i], len(days[i]) * left // weight or 1, left - given)
            quota[i] += share
            given += share
        left -= given
        open_days = {i for i in open_days if quota[i] < DAY_CAP}
    if left:
        raise SystemExit(f"scale: {total:,} dossiers do not fit {DAY_CAP:,} a day over the history")
    out: list[tuple[object, int]] = []
    for i, plan in enumerate(days):
        k = len(plan)
        out += [(p, (j + 1) * quota[i] // k - j * quota[i] // k) for j, p in enumerate(plan)]
    return out


def child_generate(total: int, part: int, parts: int) -> None:
    """Write this worker's days (every ``parts``-th day of the plan) through the bulk path."""
    django_setup()
    import dataclasses
    import datetime as dt

    from django.utils import timezone

    from tuphap.dossiers.demo.loader import apply_planned, receive_planned
    from tuphap.dossiers.history_bulk import BATCH, Lookups, PastDossier, write_batch

    plan = _plan(total)
    days = sorted({p.received_at.date() for p, _ in plan})  # type: ignore[attr-defined]
    mine = set(days[part::parts])
    now = timezone.now()
    lookups = Lookups()
    batch = []
    written = 0
    start = time.perf_counter()
    cpu = time.process_time()
    for p, copies in plan:
        if p.received_at.date() not in mine:  # type: ignore[attr-defined]
            continue
        # the copies received at the same second play alike (the rules never read the import key): each
        # second's dossier is played once, and copied under each copy's key (``PastDossier.copy``)
        played: dict[int, PastDossier] = {}
        for j in range(copies):
            second = j % 60
            if second not in played:
                q = dataclasses.replace(p, key=f"{p.key}-{j}", received_at=p.received_at + dt.timedelta(seconds=second))  # type: ignore[type-var]
                past, clock = receive_planned(lookups, q, bulk=True)
                apply_planned(clock, q, now, past)
                assert isinstance(past, PastDossier)  # noqa: S101 - bulk=True
                played[second] = past
            batch.append(played[second].copy(import_key=f"{p.key}-{j}"))  # type: ignore[attr-defined]
            if len(batch) >= BATCH:
                written += len(write_batch(batch).written)
                batch = []
    if batch:
        written += len(write_batch(batch).written)
    print(
        f"{written} {time.perf_counter() - start:.1f} {time.process_time() - cpu:.1f} {backend_cpu():.1f}", flush=True
    )


def backend_cpu() -> float:
    """CPU seconds of this process's PostgreSQL server process so far."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT pg_backend_pid()")
        return server_cpu(c.fetchone()[0])


def child_refresh() -> None:
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tuphap.reports.services import aggregates_refresh

    server = backend_cpu()
    start, cpu = time.perf_counter(), time.process_time()
    counted = aggregates_refresh()
    print(
        f"{counted} {time.perf_counter() - start:.1f} {time.process_time() - cpu:.1f} {backend_cpu() - server:.1f}",
        flush=True,
    )


# --------------------------------------------------------------------------- measuring (child process)


DIRECT = """
SELECT
  SUM(CASE WHEN received_at >= %(lo)s AND received_at < %(hi)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN received_at >= %(lo)s AND received_at < %(hi)s AND due_at < %(a)s
    AND ((finished_at IS NOT NULL AND finished_at > due_at)
      OR (finished_at IS NULL AND NOT (paused_at IS NOT NULL AND paused_at <= due_at))) THEN 1 ELSE 0 END),
  SUM(CASE WHEN received_at < %(hi)s AND (finished_at IS NULL OR finished_at >= %(hi)s) THEN 1 ELSE 0 END)
FROM dossiers_dossier WHERE due_at IS NOT NULL AND state <> 'submitted'
"""


def quarterly_instants(start: object, end: object) -> tuple[object, object]:
    import datetime as dt

    from tuphap.core.tz import midnight

    assert isinstance(start, dt.date) and isinstance(end, dt.date)  # noqa: S101 - the report's dates
    return midnight(start), midnight(end + dt.timedelta(days=1))


def server_cpu(pid: int) -> float:
    """CPU seconds (user and system) of a PostgreSQL server process on this machine (0 if not readable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_measure(runs: int) -> None:
    django_setup()
    from django.db import connection

    from tuphap.dossiers.models import ChangedDossier, Dossier
    from tuphap.reports.quarterly import data as quarterly

    year, quarter = QUARTER
    import datetime as dt

    from tuphap.core.tz import LOCAL_TZ

    as_of = dt.datetime(2026, 1, 1, tzinfo=LOCAL_TZ)
    sections = quarterly.section_parts
    quarterly.section_parts = lambda start, end: []  # type: ignore[assignment] # the other apps' parts: not measured
    with connection.cursor() as c:
        # the steady state autovacuum keeps: the queue the job emptied (every dossier passed through it)
        # leaves dead rows that a report's freshness check would otherwise scan
        c.execute("VACUUM ANALYZE")
        c.execute("SELECT pg_backend_pid()")
        backend = c.fetchone()[0]
    times = []
    report = None
    for _ in range(3):  # warm-up
        quarterly.build(year, quarter, as_of=as_of)
    # the work, whatever the machine's load: this process's CPU time and the server process's (its ticks)
    server0, client0 = server_cpu(backend), time.process_time()
    for _ in range(runs):
        t0 = time.perf_counter()
        report = quarterly.build(year, quarter, as_of=as_of)
        times.append((time.perf_counter() - t0) * 1000)
    cpu = (time.process_time() - client0 + server_cpu(backend) - server0) * 1000 / runs
    quarterly.section_parts = sections
    assert report is not None
    # the other apps' sections, the service index among them: cold (its counts classified from the quarter's
    # dossiers), then the quarter stored as the periodic job stores it (index_rollup), then warm (median)
    from tuphap.reports.index_rollup import store
    from tuphap.reports.models import IndexCount

    IndexCount.objects.filter(start=report.start, end=report.end).delete()
    t0 = time.perf_counter()
    parts = sections(report.start, report.end)
    cold_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    store([(report.start, report.end)], None)
    store_ms = (time.perf_counter() - t0) * 1000
    for _ in range(3):  # warm-up
        sections(report.start, report.end)
    warm = []
    for _ in range(runs):
        t0 = time.perf_counter()
        parts = sections(report.start, report.end)
        warm.append((time.perf_counter() - t0) * 1000)
    section_ms = statistics.median(warm)
    whole = []
    for _ in range(runs):  # the whole report with its sections, the index stored
        t0 = time.perf_counter()
        quarterly.build(year, quarter, as_of=as_of)
        whole.append((time.perf_counter() - t0) * 1000)
    n = Dossier.objects.count()
    queued = ChangedDossier.objects.count()
    # the same figures straight from the dossier table (one scan): received in the quarter, late among them
    # (an overdue appointment by as_of: late finish, or open and not paused before it), in progress at its end
    counts = report.total.counts
    lo, hi = quarterly_instants(report.start, report.end)
    with connection.cursor() as c:
        c.execute(DIRECT, {"lo": lo, "hi": hi, "a": as_of})
        direct = tuple(int(v or 0) for v in c.fetchone())
    mine = (counts.received, counts.received_late, counts.in_progress_within + counts.in_progress_overdue)
    if mine != direct:
        raise SystemExit(f"scale: the report's figures {mine} differ from the direct count {direct}")
    received = report.total.counts.received
    print(
        f"{n} {statistics.median(times):.2f} {cpu:.2f} {received} {report.total.counts.received_late} "
        f"{report.total.counts.in_progress_within + report.total.counts.in_progress_overdue} {len(report.points)} "
        f"{queued} {section_ms:.2f} {len(parts)} {cold_ms:.0f} {store_ms:.0f} {statistics.median(whole):.2f}",
        flush=True,
    )
    print(" ".join(measure_running(runs, backend)), flush=True)


def measure_running(runs: int, backend: int) -> list[str]:
    """The running quarter as of a fixed "now" inside the history: the report without the other apps' sections
    (as above), and its service index: classified live from the period's dossiers (nothing stored), the final
    part stored (``index_rollup.store_running``, as the job stores it once a day), then warm: the stored part
    plus what still moves (checked equal to the live classification). Medians; the figures of one line."""
    import datetime as dt

    from django.db import connection

    from tuphap.core.tz import LOCAL_TZ
    from tuphap.dossiers.models import Dossier
    from tuphap.reports.index_rollup import running_periods, store_running
    from tuphap.reports.index_selectors import (
        bounds,
        changed_since,
        computed_series,
        index_counts,
        moving_only,
        pending_changes,
        running_counts,
    )
    from tuphap.reports.models import IndexRunning
    from tuphap.reports.quarterly import data as quarterly

    year, quarter = RUNNING
    now = dt.datetime(*RUNNING_NOW, tzinfo=LOCAL_TZ)
    start, end = quarterly.quarter_bounds(year, quarter)
    sections = quarterly.section_parts
    quarterly.section_parts = lambda start, end: []  # type: ignore[assignment] # as above: measured apart
    for _ in range(3):  # warm-up
        quarterly.build(year, quarter, as_of=now)
    times = []
    server0, client0 = server_cpu(backend), time.process_time()
    for _ in range(runs):
        t0 = time.perf_counter()
        report = quarterly.build(year, quarter, as_of=now)
        times.append((time.perf_counter() - t0) * 1000)
    cpu = (time.process_time() - client0 + server_cpu(backend) - server0) * 1000 / runs
    quarterly.section_parts = sections
    counts = report.total.counts
    lo, hi = bounds(start, end, now=now)
    with connection.cursor() as c:
        c.execute(DIRECT, {"lo": lo, "hi": hi, "a": now})
        direct = tuple(int(v or 0) for v in c.fetchone())
    mine = (counts.received, counts.received_late, counts.in_progress_within + counts.in_progress_overdue)
    report_equal = "equal" if mine == direct else f"differs:{mine}!={direct}"

    def timed(fn: object) -> float:
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        return (time.perf_counter() - t0) * 1000

    def medians(fn: object, n: int) -> tuple[float, float]:
        """The median time of n runs, and the CPU time (client and server) a run."""
        server0, client0 = server_cpu(backend), time.process_time()
        median = statistics.median([timed(fn) for _ in range(n)])
        return median, (time.process_time() - client0 + server_cpu(backend) - server0) * 1000 / n

    def read() -> None:
        index_counts(start, end, now=now)

    IndexRunning.objects.filter(start=start, end=end).delete()
    read()  # warm-up
    live, live_cpu = medians(read, max(3, runs // 3))
    store_ms = timed(lambda: store_running(running_periods(now), None, now))
    for _ in range(3):  # warm-up
        read()
    warm, warm_cpu = medians(read, runs)
    used = bool(running_counts([(start, end)], None, now))
    same = index_counts(start, end, now=now) == computed_series([(lo, hi)], None)[0]
    cut = IndexRunning.objects.filter(start=start, end=end, unit_id=0).values_list("cut", flat=True).first()
    moving = Dossier.objects.filter(received_at__lt=hi).filter(moving_only(cut)).count() if cut is not None else -1
    moved = len(changed_since(cut, hi)) if cut is not None else -1
    period = Dossier.objects.filter(received_at__lt=hi).exclude(finished_at__lt=lo).count()
    pending = pending_changes(None)
    waiting = -1 if pending is None else len(pending.lives) + len(pending.feedback)
    return [
        f"{statistics.median(times):.2f}", f"{cpu:.2f}", f"{counts.received}", report_equal,
        f"{live:.2f}", f"{store_ms:.0f}", f"{warm:.2f}", str(used), str(same), str(moving), str(period), str(waiting),
        f"{live_cpu:.2f}", f"{warm_cpu:.2f}", str(moved),
    ]  # fmt: skip


# --------------------------------------------------------------------------- driver


def run(args: list[str], url: str) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tuphap.settings_test", "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, __file__, *args], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def cached(name: str, n: int) -> bool:
    """The cached database holds the N dossiers; brought up to date (migrations, then the aggregates' job
    for whatever they queued) when it does."""
    import psycopg

    try:
        with psycopg.connect(db_url(name), connect_timeout=3) as conn:
            row = conn.execute("SELECT COUNT(*) FROM dossiers_dossier").fetchone()
    except psycopg.Error:
        return False
    if row is None or row[0] != n:
        return False
    url = db_url(name)
    run(["--child", "migrate"], url)
    counted, fill = run(["--child", "refresh"], url).split()[-4:-2]
    if int(counted):
        print(f"scale: {name} reused; the aggregates' job counted {int(counted):,} queued dossiers in {fill} s")
    return True


def generate(name: str, n: int, workers: int) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    url = db_url(name)
    run(["--child", "setup"], url)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tuphap.settings_test", "DATABASE_URL": url}
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--child", "generate", "--n", str(n), "--part", f"{i}/{workers}"],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(workers)
    ]
    written, client, server = 0, 0.0, 0.0
    for p in procs:
        out, _ = p.communicate()
        if p.returncode:
            raise SystemExit(f"scale: generation failed ({name})")
        w, _wall, c, s = out.split()[-4:]
        written, client, server = written + int(w), client + float(c), server + float(s)
    gen = time.perf_counter() - start
    load = os.getloadavg()[0]
    counted, fill, fill_client, fill_server = run(["--child", "refresh"], url).split()[-4:]
    per = max(int(counted), 1)
    print(
        f"scale.generate[postgresql, {n:,} dossiers]: bulk path {written / gen:,.0f} dossiers/s ({written:,} in "
        f"{gen / 60:.1f} min, {workers} processes, load average {load:.1f}; CPU "
        f"{client * 1000 / max(written, 1):.3f} ms a dossier in the generators, "
        f"{server * 1000 / max(written, 1):.3f} ms in their server processes); aggregates filled by refresh() at "
        f"{int(counted) / float(fill):,.0f} dossiers/s ({float(fill) / 60:.1f} min; CPU "
        f"{float(fill_client) * 1000 / per:.3f} ms a dossier in the job, {float(fill_server) * 1000 / per:.3f} ms "
        f"in its server process); database {name} kept",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")  # the figure: --sizes 1000000,10000000
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--child", choices=["setup", "generate", "refresh", "measure", "migrate"])
    parser.add_argument("--n", type=int, default=0)
    parser.add_argument("--part", default="0/1")
    args = parser.parse_args()
    if args.child == "setup":
        return child_setup()
    if args.child == "generate":
        part, parts = (int(x) for x in args.part.split("/"))
        return child_generate(args.n, part, parts)
    if args.child == "refresh":
        return child_refresh()
    if args.child == "migrate":
        django_setup()
        from django.core.management import call_command

        return call_command("migrate", verbosity=0)
    if args.child == "measure":
        return child_measure(args.runs)
    try:
        import psycopg

        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001
        print(f"scale: PostgreSQL not reachable ({exc}); figures not measured")
        return
    figures: dict[int, float] = {}
    work: dict[int, float] = {}
    sections_ms: dict[int, float] = {}
    running_ms: dict[int, float] = {}
    running_index_ms: dict[int, float] = {}
    running_cpu: dict[int, float] = {}
    running_index_cpu: dict[int, float] = {}
    for n in sorted(int(s) for s in args.sizes.split(",")):
        name = f"{PREFIX}_{label(n)}"
        if args.regenerate or not cached(name, n):
            generate(name, n, args.workers)
        if args.generate_only:
            continue
        lines = run(["--child", "measure", "--runs", str(args.runs)], db_url(name)).splitlines()
        out, now_out = lines[-2].split(), lines[-1].split()
        count, median, cpu, received, late, running, points, queued, section_ms, sections, cold, stored, whole = out[
            -13:
        ]
        figures[n] = float(median)
        work[n] = float(cpu)
        print(
            f"scale.quarter[postgresql, {int(count):,} dossiers]: Q{QUARTER[1]}/{QUARTER[0]} report (quarterly.build "
            f"without other apps' sections) median {float(median):.1f} ms of {args.runs}; limit {LIMIT_MS:.0f} ms: "
            f"{float(median) / LIMIT_MS:.2f} of limit; CPU (client and server) {float(cpu):.1f} ms a report: "
            f"{float(cpu) / LIMIT_MS:.2f} of limit; received {int(received):,}, "
            f"late {int(late):,}, in progress at the end {int(running):,} (equal to a direct count of the "
            f"dossier table), {points} receiving points; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
            flush=True,
        )
        print(
            f"scale.sections[postgresql, {int(count):,} dossiers]: the {sections} sections of other apps (the service "
            f"index of Decision 766 among them) with the quarter's index stored: median {float(section_ms):.1f} ms "
            f"of {args.runs}: {float(section_ms) / LIMIT_MS:.2f} of the {LIMIT_MS:.0f} ms limit (not stored: "
            f"{cold} ms, {float(cold) / LIMIT_MS:.2f} of limit; storing the quarter: {stored} ms, once, by the "
            f"periodic job); the whole report with its sections median {float(whole):.1f} ms: "
            f"{float(whole) / LIMIT_MS:.2f} of limit",
            flush=True,
        )
        sections_ms[n] = float(section_ms)
        r_median, r_cpu, r_received, r_equal, r_live, r_store, r_warm, r_used, r_same, r_moving, r_period, r_wait = (
            now_out[:12]
        )
        r_live_cpu, r_warm_cpu = (float(v) for v in now_out[12:14])
        r_moved = int(now_out[14])
        running_ms[n], running_index_ms[n] = float(r_median), float(r_warm)
        running_cpu[n], running_index_cpu[n] = float(r_cpu), r_warm_cpu
        print(
            f"scale.running[postgresql, {int(count):,} dossiers]: Q{RUNNING[1]}/{RUNNING[0]} as of "
            f"{RUNNING_NOW[2]:02d}/{RUNNING_NOW[1]:02d}/{RUNNING_NOW[0]} {RUNNING_NOW[3]:02d}:00 "
            "(the running quarter): "
            f"report (quarterly.build without other apps' sections) median {float(r_median):.1f} ms of {args.runs}: "
            f"{float(r_median) / LIMIT_MS:.2f} of limit; CPU {float(r_cpu):.1f} ms: {float(r_cpu) / LIMIT_MS:.2f} of "
            f"limit; received {int(r_received):,} (against the direct count: {r_equal}); its service index: "
            f"classified live from the period's {int(r_period):,} dossiers {float(r_live):.1f} ms "
            f"({float(r_live) / LIMIT_MS:.2f} of limit; CPU {r_live_cpu:.1f} ms), the part stored once a day "
            f"by the job in {r_store} ms (its {int(r_moving):,} dossiers open or finished today as of midnight, each "
            f"apart), then the stored part with the {r_moved:,} that moved since reclassified "
            f"median {float(r_warm):.1f} ms of {args.runs}: {float(r_warm) / LIMIT_MS:.2f} of limit (CPU "
            f"{r_warm_cpu:.1f} ms: {r_warm_cpu / LIMIT_MS:.2f} of limit; stored part read: "
            f"{r_used}; equal to the live classification: {r_same}; changes waiting: {r_wait}); "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    if len(figures) > 1:
        small, big = min(figures), max(figures)
        print(
            f"scale.flat[postgresql]: quarter report at {big:,} / at {small:,} dossiers: "
            f"{figures[big] / figures[small]:.2f} in time, {work[big] / max(work[small], 0.001):.2f} in CPU "
            f"(flat: about 1); the sections with the index stored: "
            f"{sections_ms[big] / max(sections_ms[small], 0.001):.2f} in time; the running quarter's report "
            f"{running_ms[big] / max(running_ms[small], 0.001):.2f} in time, "
            f"{running_cpu[big] / max(running_cpu[small], 0.001):.2f} in CPU; its service index (stored part and "
            f"what moves) {running_index_ms[big] / max(running_index_ms[small], 0.001):.2f} in time, "
            f"{running_index_cpu[big] / max(running_index_cpu[small], 0.001):.2f} in CPU",
            flush=True,
        )


if __name__ == "__main__":
    main()
