"""Service index benchmark: a month's index and a six-month trend read straight from the dossiers.

The index (``reports.index_selectors``) reads the period's dossiers, their supplement pauses and
feedback (four queries) and classifies each dossier in Python. With ``--per-month`` dossiers in
each of six months (5,000 by default: about nine times the department's real volume of some 550 a
month), bulk inserted (this measures the read, not intake), on SQLite (``--pg`` adds
PostgreSQL), it prints the median latency of one month's index and of the six-month trend, and
their ratio to the limits (a month under 1 s, the trend under 3 s). Ratios below 1 pass.
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
LIMITS = {"month": 1.0, "trend": 3.0}  # seconds


def child(per_month: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuphap.settings_test")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    import datetime as dt
    import logging
    from zoneinfo import ZoneInfo

    from django.core.management import call_command
    from django.db import connection

    from tuphap.dossiers import services
    from tuphap.dossiers.catalogue import PROCEDURES
    from tuphap.dossiers.models import Dossier, DossierPause
    from tuphap.orgs import services as orgs
    from tuphap.reports.index_selectors import index_trend, recent_periods, service_index

    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)
    agency = orgs.agency_upsert(actor=None, code="000.00.17.H09", name="Sở Tư pháp")
    units = {c: orgs.unit_upsert(actor=None, agency=agency, code=c, name=c) for c in ("hctp", "btp")}
    procs = [
        services.procedure_publish(
            actor=None, data=p, agency=agency, unit=units[p["unit"]], valid_from=dt.date(2015, 1, 1)
        )
        for p in PROCEDURES
    ]
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    months = [dt.date(2026, m, 1) for m in range(5, 11)]
    for m, first in enumerate(months):
        origin = dt.datetime.combine(first, dt.time(8), tzinfo=tz)
        batch = []
        for x in range(per_month):
            rec = origin + dt.timedelta(seconds=x * 27 * 86400 // per_month)
            p = procs[x % len(procs)]
            done = x % 50 != 0
            batch.append(
                Dossier(
                    code=f"B{m}-{x:07d}",
                    agency_id=agency.pk,
                    procedure_id=p.pk,
                    unit_id=p.unit_id,
                    applicant_name="A",
                    channel=("online", "desk", "desk", "post")[x % 4],
                    state="returned" if done else "in_process",
                    received_at=rec,
                    due_at=rec + dt.timedelta(days=7),
                    finished_at=rec + dt.timedelta(days=(9 if x % 97 == 0 else 3)) if done else None,
                    synced_to_national_at=rec + dt.timedelta(minutes=5) if x % 40 else None,
                    electronic_result=x % 5 != 0,
                    components_required=2,
                    digitised_components=2 if x % 7 else 1,
                    fee_due=p.fee,
                    online_payment=x % 4 == 0 and x % 3 != 0,
                    rating="poor" if x % 211 == 0 else "",
                    supplement_requests=1 if x % 33 == 0 else 0,
                )
            )
        Dossier.objects.bulk_create(batch, batch_size=2000)
    waiting = Dossier.objects.filter(supplement_requests=1).values_list("pk", "received_at")
    DossierPause.objects.bulk_create(
        [DossierPause(dossier_id=pk, kind="supplement", started_at=at + dt.timedelta(days=1)) for pk, at in waiting],
        batch_size=2000,
    )

    def median(fn: object, runs: int = 5) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            fn()  # type: ignore[operator]
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    october = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    index = service_index(*october)
    assert index is not None  # noqa: S101
    month = median(lambda: service_index(*october))
    periods = recent_periods(october[1], 6, quarter=False)
    trend = median(lambda: index_trend(periods), runs=3)
    vendor = connection.vendor
    print(f"service index ({vendor}, {per_month:,} dossiers a month, total {index.total}/{index.max_total}):")
    for label, seconds, limit in (("one month", month, LIMITS["month"]), ("six-month trend", trend, LIMITS["trend"])):
        print(f"  {label:16} {seconds * 1000:8.1f} ms   ratio to the {limit:.0f} s limit: {seconds / limit:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-month", type=int, default=5_000)
    parser.add_argument("--pg", action="store_true", help="also on PostgreSQL")
    parser.add_argument("--pg-db", default="tuphap_bench_index")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.per_month)
        return
    tmp = tempfile.mkdtemp(prefix="tuphap-bench-index-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tuphap.settings_test",
        "TUPHAP_VAR_DIR": tmp,
        "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
    }
    command = [sys.executable, __file__, "--child", "--per-month", str(args.per_month)]
    subprocess.run(command, env=env, check=True)  # noqa: S603 - this script
    Path(tmp, "bench.sqlite3").unlink(missing_ok=True)
    if not args.pg:
        return
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {args.pg_db} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {args.pg_db}")
    try:
        pg_env = {**env, "DATABASE_URL": PG_ADMIN.rsplit("/", 1)[0] + "/" + args.pg_db}
        subprocess.run(command, env=pg_env, check=True)  # noqa: S603 - this script
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {args.pg_db} WITH (FORCE)")


if __name__ == "__main__":
    main()
