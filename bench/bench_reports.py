"""Reports benchmark.

With N dossiers in the database (1,000,000 by default; ``--dossiers`` for more
or fewer), on SQLite and PostgreSQL:
- filling the aggregates from scratch: dossiers per second;
- a quarter's counts from the aggregates against the direct GROUP BY over the
  dossier table, in the same run: median latencies and their ratio
  (goal: under 100 ms, flat as the table grows).
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
PG_BENCH = PG_ADMIN.rsplit("/", 1)[0] + "/tuphap_bench_reports"

DIRECT = """
SELECT
  SUM(CASE WHEN received_at >= %(s)s AND received_at < %(e)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN received_at >= %(s)s AND received_at < %(e)s AND (finished_at IS NULL OR finished_at > due_at) AND due_at < %(a)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN finished_at >= %(s)s AND finished_at < %(e)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN finished_at >= %(s)s AND finished_at < %(e)s AND finished_at > due_at THEN 1 ELSE 0 END),
  SUM(CASE WHEN received_at < %(e)s AND (finished_at IS NULL OR finished_at >= %(e)s) AND due_at < %(e)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN received_at < %(e)s AND (finished_at IS NULL OR finished_at >= %(e)s) AND due_at >= %(e)s THEN 1 ELSE 0 END)
FROM dossiers_dossier WHERE due_at IS NOT NULL
"""


def child(n: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuphap.settings_test")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.core.management import call_command
    from django.db import connection

    from tuphap.dossiers import services
    from tuphap.dossiers.catalogue import PROCEDURES
    from tuphap.orgs import services as orgs
    from tuphap.reports import aggregates
    from tuphap.reports.selectors import dossier_counts

    call_command("migrate", verbosity=0)
    agency = orgs.agency_upsert(actor=None, code="000.00.17.H09", name="Sở Tư pháp tỉnh Bình Thuận")
    units = {c: orgs.unit_upsert(actor=None, agency=agency, code=c, name=c) for c in ("hctp", "btp")}
    procs = [services.procedure_publish(actor=None, data=p, agency=agency, unit=units[p["unit"]], valid_from=dt.date(2015, 1, 1)) for p in PROCEDURES]
    vendor = connection.vendor
    from django.db import transaction

    from tuphap.dossiers.models import Dossier

    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    origin = dt.datetime(2021, 1, 1, 8, 0, tzinfo=tz)
    span = 5 * 365 * 86400
    start = time.perf_counter()
    batch = []
    for x in range(1, n + 1):
        rec = origin + dt.timedelta(seconds=x * span // n)
        fin = None if x % 50 == 0 else rec + dt.timedelta(days=9 if x % 100 == 1 else 3)
        p = procs[x % len(procs)]
        batch.append(Dossier(
            code=f"B-{x}", agency_id=agency.pk, procedure_id=p.pk, unit_id=p.unit_id, applicant_name="A", channel="online" if x % 3 == 0 else "desk",
            state="in_process" if fin is None else "resolved", received_at=rec, due_at=rec + dt.timedelta(days=7), finished_at=fin, version=1,
        ))
        if len(batch) == 10000:
            with transaction.atomic():
                Dossier.objects.bulk_create(batch)
            batch = []
    if batch:
        Dossier.objects.bulk_create(batch)
    load = time.perf_counter() - start
    start = time.perf_counter()
    counted = aggregates.rebuild()
    fill = time.perf_counter() - start
    quarter = (dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    as_of = dt.datetime(2026, 1, 1, tzinfo=tz)
    agg_times, direct_times = [], []
    for _ in range(15):
        t0 = time.perf_counter()
        counts = dossier_counts(*quarter, as_of=as_of)
        agg_times.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        with connection.cursor() as c:
            adapt = connection.ops.adapt_datetimefield_value
            c.execute(DIRECT, {"s": adapt(dt.datetime(2022, 1, 1, tzinfo=tz)), "e": adapt(dt.datetime(2022, 4, 1, tzinfo=tz)), "a": adapt(as_of)})
            row = c.fetchone()
        direct_times.append((time.perf_counter() - t0) * 1000)
    assert row is not None
    same = (counts.received, counts.received_late, counts.finished, counts.finished_late, counts.in_progress_overdue, counts.in_progress_within) == tuple(int(v or 0) for v in row)
    a, d = statistics.median(agg_times[3:]), statistics.median(direct_times[3:])
    print(
        f"reports[{vendor}, {n:,} dossiers]: quarter from aggregates {a:.1f} ms; direct GROUP BY {d:.1f} ms; ratio {a / d:.3f}; "
        f"goal < 100 ms: {a / 100:.2f} of limit; figures equal: {same}"
    )
    print(f"reports[{vendor}]: aggregates filled at {counted / fill:,.0f} dossiers/s ({counted:,} in {fill:.1f} s; loading the rows took {load:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    n = 20_000 if args.quick else args.dossiers
    if args.child:
        child(n)
        return
    tmp = tempfile.mkdtemp(prefix="tuphap-bench-reports-")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tuphap.settings_test", "TUPHAP_VAR_DIR": tmp, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
    subprocess.run([sys.executable, __file__, "--child", "--dossiers", str(n)], env=env, check=True)
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute("DROP DATABASE IF EXISTS tuphap_bench_reports WITH (FORCE)")
            conn.execute("CREATE DATABASE tuphap_bench_reports")
    except Exception as exc:  # noqa: BLE001
        print(f"reports: PostgreSQL not reachable ({exc}); PostgreSQL figures not measured")
        return
    subprocess.run([sys.executable, __file__, "--child", "--dossiers", str(n)], env={**env, "DATABASE_URL": PG_BENCH}, check=True)
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS tuphap_bench_reports WITH (FORCE)")


if __name__ == "__main__":
    main()
