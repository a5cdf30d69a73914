"""Reports benchmark: the read path of a quarter's report.

With N dossiers in the database (1,000,000 by default; ``--big`` for
10,000,000, ``--dossiers`` for any number), on SQLite and PostgreSQL, at two
sizes (N/10, then N) so that flatness shows:

- a quarter's counts from the aggregates (``reports.selectors.dossier_counts``,
  after ``figures_freshness``, the queue's count, as a report does) against the direct GROUP BY over
  the dossier table, in the same run: median latencies and their ratio
  (goal: under 100 ms, flat as the table grows); the figures must be equal;
- filling the aggregates with the real job (``aggregates.refresh()`` over the
  queue of changed dossiers): dossiers per second.

The dossier rows (and their queue rows and supplement pauses) are bulk
inserted, not received through the services: this measures the read path and
the fill job, not intake (``bench_dossiers.py`` measures intake). Appointments
are receipt + 7 days (no calendar), 2 % stay open, 1 % finish late, 3 % wait
for a supplement once (a tenth of them still waiting).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")

# the same counts as dossier_counts, straight from the dossier table; %(s)s..%(e)s the quarter, %(a)s the as-of
# instant; "overdue from" is the appointment unless finished on time or paused before it
_OVERDUE_FROM_BEFORE = """(due_at < %(x)s AND ((finished_at IS NOT NULL AND finished_at > due_at)
     OR (finished_at IS NULL AND NOT (paused_at IS NOT NULL AND paused_at <= due_at))))"""
DIRECT = f"""
SELECT
  SUM(CASE WHEN received_at >= %(s)s AND received_at < %(e)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN received_at >= %(s)s AND received_at < %(e)s
    AND {_OVERDUE_FROM_BEFORE.replace("%(x)s", "%(a)s")} THEN 1 ELSE 0 END),
  SUM(CASE WHEN finished_at >= %(s)s AND finished_at < %(e)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN finished_at >= %(s)s AND finished_at < %(e)s AND finished_at > due_at THEN 1 ELSE 0 END),
  SUM(CASE WHEN received_at < %(e)s AND (finished_at IS NULL OR finished_at >= %(e)s)
    AND {_OVERDUE_FROM_BEFORE.replace("%(x)s", "%(e)s")} THEN 1 ELSE 0 END),
  SUM(CASE WHEN received_at < %(e)s AND (finished_at IS NULL OR finished_at >= %(e)s) THEN 1 ELSE 0 END)
FROM dossiers_dossier WHERE due_at IS NOT NULL AND state <> 'submitted'
"""  # noqa: S608 - constant SQL


def child(total: int, sizes: list[int]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuphap.settings_test")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    import datetime as dt
    import logging
    from zoneinfo import ZoneInfo

    from django.core.management import call_command
    from django.db import connection, transaction

    from tuphap.dossiers import services
    from tuphap.dossiers.catalogue import PROCEDURES
    from tuphap.dossiers.models import ChangedDossier, Dossier, DossierPause
    from tuphap.orgs import services as orgs
    from tuphap.reports.selectors import dossier_counts, figures_freshness
    from tuphap.reports.services import aggregates_refresh

    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)
    agency = orgs.agency_upsert(actor=None, code="000.00.17.H09", name="Sở Tư pháp tỉnh Bình Thuận")
    units = {c: orgs.unit_upsert(actor=None, agency=agency, code=c, name=c) for c in ("hctp", "btp")}
    procs = [
        services.procedure_publish(
            actor=None, data=p, agency=agency, unit=units[p["unit"]], valid_from=dt.date(2015, 1, 1)
        )
        for p in PROCEDURES
    ]
    vendor = connection.vendor
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    origin = dt.datetime(2021, 1, 1, 8, 0, tzinfo=tz)
    span = 5 * 365 * 86400  # 2021 to 2025: the quarter measured is 2022Q1
    quarter = (dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    q_start, q_end = dt.datetime(2022, 1, 1, tzinfo=tz), dt.datetime(2022, 4, 1, tzinfo=tz)
    as_of = dt.datetime(2026, 1, 1, tzinfo=tz)

    adapt = connection.ops.adapt_datetimefield_value
    columns = [f for f in Dossier._meta.local_concrete_fields if not f.primary_key]
    template = Dossier(
        code="",
        agency_id=agency.pk,
        procedure_id=procs[0].pk,
        unit_id=procs[0].unit_id,
        applicant_name="A",
        channel="desk",
        state="resolved",
        received_at=origin,
        version=1,
        created_at=dt.datetime.now(tz=dt.UTC),
    )
    constant = {f.attname: f.get_db_prep_save(getattr(template, f.attname), connection) for f in columns}
    varying = (
        "code",
        "procedure_id",
        "unit_id",
        "channel",
        "state",
        "received_at",
        "due_at",
        "finished_at",
        "paused_at",
        "supplement_requests",
    )
    insert = (
        f"INSERT INTO {Dossier._meta.db_table} ({', '.join(connection.ops.quote_name(f.column) for f in columns)}) "  # noqa: S608 - model table
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    queue = (
        f"INSERT INTO {ChangedDossier._meta.db_table} (dossier_id, created_at) "  # noqa: S608 - model tables
        f"SELECT id, %s FROM {Dossier._meta.db_table} WHERE id > %s ORDER BY id"
    )

    def rows(first: int, last: int) -> None:
        """Dossiers first..last (1-based) of ``total``, spread evenly over the five years (a permutation of
        the receipt slots), so that the smaller table is a sample of the larger one over the same years."""
        batch: list[tuple[object, ...]] = []
        pauses: list[tuple[str, dt.datetime, dt.datetime | None]] = []
        for x in range(first, last + 1):
            rec = origin + dt.timedelta(seconds=(x * 7919 % total) * span // total)
            due = rec + dt.timedelta(days=7)
            kind = x % 100
            paused_at = None
            if kind in (0, 50):  # open
                fin = None
            elif kind == 1:  # late
                fin = rec + dt.timedelta(days=9)
            else:
                fin = rec + dt.timedelta(days=3 + x % 3)
            if kind in (3, 5, 7):  # a supplement: asked 8 hours after receipt, 26 hours waited
                asked = rec + dt.timedelta(hours=8)
                if x % 1000 == 7:  # still waiting
                    fin, paused_at = None, asked
                    pauses.append((f"B-{x}", asked, None))
                else:
                    due += dt.timedelta(hours=26)
                    pauses.append((f"B-{x}", asked, asked + dt.timedelta(hours=26)))
            p = procs[x % len(procs)]
            values = dict(
                code=f"B-{x}",
                procedure_id=p.pk,
                unit_id=p.unit_id,
                channel="online" if x % 3 == 0 else "desk",
                state="in_process" if fin is None else "resolved",
                received_at=adapt(rec),
                due_at=adapt(due),
                finished_at=adapt(fin),
                paused_at=adapt(paused_at),
                supplement_requests=1 if kind in (3, 5, 7) else 0,
            )
            batch.append(tuple(values[f.attname] if f.attname in varying else constant[f.attname] for f in columns))
            if len(batch) == 20000 or x == last:
                with transaction.atomic(), connection.cursor() as c:
                    c.execute(f"SELECT COALESCE(MAX(id), 0) FROM {Dossier._meta.db_table}")  # noqa: S608 - model table
                    before = c.fetchone()[0]
                    c.executemany(insert, batch)
                    c.execute(queue, [adapt(dt.datetime.now(tz=dt.UTC)), before])
                    ids = dict(
                        Dossier.objects.filter(code__in=[code for code, _s, _e in pauses]).values_list("code", "pk")
                    )
                    DossierPause.objects.bulk_create(
                        [
                            DossierPause(dossier_id=ids[code], kind="supplement", started_at=s, ended_at=e)
                            for code, s, e in pauses
                        ]
                    )
                batch, pauses = [], []

    params = {"s": adapt(q_start), "e": adapt(q_end), "a": adapt(as_of)}
    loaded = 0
    for size in sizes:
        start = time.perf_counter()
        rows(loaded + 1, size)
        load = time.perf_counter() - start
        start = time.perf_counter()
        counted = aggregates_refresh()
        fill = time.perf_counter() - start
        with connection.cursor() as c:
            c.execute("ANALYZE")
        agg_times, direct_times, agg_cpu, direct_cpu = [], [], [], []
        for _ in range(12):
            t0, c0 = time.perf_counter(), time.process_time()
            figures_freshness()  # a report says how fresh its figures are
            counts = dossier_counts(*quarter, as_of=as_of)
            agg_times.append((time.perf_counter() - t0) * 1000)
            agg_cpu.append((time.process_time() - c0) * 1000)
            t0, c0 = time.perf_counter(), time.process_time()
            with connection.cursor() as c:
                c.execute(DIRECT, params)
                row = c.fetchone()
            direct_times.append((time.perf_counter() - t0) * 1000)
            direct_cpu.append((time.process_time() - c0) * 1000)
        assert row is not None
        mine = (
            counts.received,
            counts.received_late,
            counts.finished,
            counts.finished_late,
            counts.in_progress_overdue,
            counts.in_progress_within + counts.in_progress_overdue,
        )
        same = mine == tuple(int(v or 0) for v in row)
        a, d = statistics.median(agg_times[2:]), statistics.median(direct_times[2:])
        # SQLite works in this process: its CPU time is the work done, whatever the other load on the machine
        cpu = (
            f" (CPU {statistics.median(agg_cpu[2:]):.1f} ms against {statistics.median(direct_cpu[2:]):.1f} ms)"
            if vendor == "sqlite"
            else ""
        )
        print(
            f"reports[{vendor}, {size:,} dossiers]: quarter from aggregates {a:.1f} ms; direct GROUP BY {d:.1f} ms; "
            f"ratio {a / d:.3f}{cpu}; "
            f"goal < 100 ms: {a / 100:.2f} of limit; figures equal: {same} (received {counts.received:,}, late "
            f"{counts.received_late:,}, "
            f"waiting {counts.in_progress_waiting}); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
            flush=True,
        )
        if not same:
            print(f"  aggregates {mine} / direct {row}", flush=True)
        print(
            f"reports[{vendor}, {size:,} dossiers]: aggregates filled by refresh() at {counted / fill:,.0f} dossiers/s "
            f"({counted:,} in {fill:.1f} s; bulk-inserting the rows took {load:.1f} s)",
            flush=True,
        )
        loaded = size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--big", action="store_true", help="10,000,000 dossiers")
    parser.add_argument("--quick", action="store_true", help="20,000 dossiers")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--pg-db", default="tuphap_bench_reports", help="PostgreSQL database to create and drop")
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--sizes", default="")
    args = parser.parse_args()
    n = 20_000 if args.quick else 10_000_000 if args.big else args.dossiers
    if args.child:
        child(n, [int(s) for s in args.sizes.split(",")])
        return
    sizes = f"{n // 10},{n}"
    tmp = tempfile.mkdtemp(prefix="tuphap-bench-reports-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tuphap.settings_test",
        "TUPHAP_VAR_DIR": tmp,
        "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
    }
    command = [sys.executable, __file__, "--child", "--dossiers", str(n), "--sizes", sizes]
    if args.only != "postgresql":
        subprocess.run(command, env=env, check=True)
        Path(tmp, "bench.sqlite3").unlink(missing_ok=True)
    if args.only == "sqlite":
        return
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {args.pg_db} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {args.pg_db}")
    except Exception as exc:  # noqa: BLE001
        print(f"reports: PostgreSQL not reachable ({exc}); PostgreSQL figures not measured")
        return
    try:
        subprocess.run(command, env={**env, "DATABASE_URL": PG_ADMIN.rsplit("/", 1)[0] + "/" + args.pg_db}, check=True)
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {args.pg_db} WITH (FORCE)")


if __name__ == "__main__":
    main()
