"""History benchmarks (issue 20).

1. ``import_dossiers`` of history (the bulk path: ``dossiers.history_bulk``) on
   SQLite and PostgreSQL: a file of past dossiers (received, some paused for a
   supplement, resolved, most returned) imported into a fresh database, in
   dossiers per second, and as a ratio to a bare batched insert of the same
   dossiers (``Dossier.objects.bulk_create`` of the same rows, 2,000 a batch, in
   the same database); goal >= 1,000 dossiers/s.
2. ``manage.py demo`` on a fresh SQLite database, the whole history included
   (no background load): seconds, as a ratio to the 90 s limit.

``--quick`` imports fewer dossiers and skips the demo.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import bench_env, manage  # noqa: E402

PG_ADMIN = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
#: the PostgreSQL database of the import's figure (``BENCH_HISTORY_DB``: another name keeps a second run apart)
PG_NAME = os.environ.get("BENCH_HISTORY_DB", "tuphap_bench_history")
PG_BENCH = PG_ADMIN.rsplit("/", 1)[0] + "/" + PG_NAME
DEMO_LIMIT = 90.0
GOAL = 1000.0

SETUP = """
from tuphap.demo.management.commands.demo import load_organisation
from tuphap.dossiers import services
from tuphap.dossiers.catalogue import PROCEDURES, VALID_FROM
from tuphap.orgs.models import Agency, Unit
load_organisation()
agency = Agency.objects.get(code="000.00.17.H09")
units = {u.code: u for u in Unit.objects.filter(agency=agency)}
for data in PROCEDURES:
    services.procedure_publish(actor=None, data=data, agency=agency, unit=units[data["unit"]], valid_from=VALID_FROM)
"""

# A file of N past dossiers from the demo's plan of 2022-2024 (the department's mix and days), with their times
# worked out on the office clock: a supplement asked and received for some, the result on time, most returned.
WRITE_FILE = """
import csv, datetime as dt, sys
from tuphap.dossiers.demo.history import history_days, plan_day
from tuphap.dossiers.importing import COLUMNS
from tuphap.workdays.selectors import office_clock
n, path = {n}, {path!r}
clock = office_clock()
day, rows = dt.date(2022, 1, 1), []
def shift(start, seconds):
    return clock.instant_at(clock.office_seconds_at(start) + seconds)
while len(rows) < n:
    for p in plan_day(clock, day):
        t = p.received_at
        row = dict.fromkeys(COLUMNS, "")
        row.update(procedure_code=p.procedure, applicant_name=dict(p.applicant)["name"],
                   phone=dict(p.applicant)["phone"], channel=p.channel, received_at=t.isoformat())
        if p.supplement_after:
            asked = shift(t, 3600)
            back = shift(asked, p.supplement_wait)
            row.update(supplement_requested_at=asked.isoformat(), supplement_received_at=back.isoformat())
            t = back
        done = shift(t, 4 * 3600)
        row.update(resolved_at=done.isoformat(), outcome=p.outcome if p.outcome == "approved" else "")
        if p.return_after:
            row.update(returned_at=shift(done, p.return_after).isoformat())
        rows.append(row)
    day += dt.timedelta(days=1)
with open(path, "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, COLUMNS)
    w.writeheader()
    w.writerows(rows[:n])
print(len(rows[:n]))
"""

IMPORT = """
import time
from tuphap.core.models import AuditEvent
from tuphap.dossiers.importing import import_file
from tuphap.dossiers.models import Dossier, DossierEvent, DossierPause, SyncRecord
from pathlib import Path
start, cpu = time.perf_counter(), time.process_time()
report = import_file(Path({path!r}))
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
rows = sum(m.objects.count() for m in (Dossier, DossierEvent, DossierPause, SyncRecord)) + AuditEvent.objects.filter(
    object_type="dossiers.dossier").count()
print(report.imported, len(report.errors), cpu, elapsed, rows)
"""

BARE = """
import time
from django.db import transaction
from tuphap.dossiers.models import Dossier
source = list(Dossier.objects.all())
for d in source:
    d.pk = None
    d.code = "BARE-" + d.code
    d.import_key = None
start = time.perf_counter()
with transaction.atomic():
    Dossier.objects.bulk_create(source, batch_size=2000)
elapsed = time.perf_counter() - start
print(len(source), elapsed)
"""


def import_history(label: str, database_url: str | None, n: int) -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="tuphap-bench-history-"))
    env = bench_env(var_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    manage(env, "migrate", "--noinput")
    manage(env, "shell", "-c", SETUP)
    path = str(var_dir / "lich-su.csv")
    manage(env, "shell", "-c", WRITE_FILE.format(n=n, path=path))
    imported, errors, cpu, elapsed, rows = manage(env, "shell", "-c", IMPORT.format(path=path)).split()[-5:]
    count, bare_elapsed = manage(env, "shell", "-c", BARE).split()[-2:]
    rate = int(imported) / float(elapsed)
    bare = int(count) / float(bare_elapsed)
    print(
        f"history.import[{label}]: {rate:,.0f} dossiers/s ({int(imported):,} dossiers, {errors} bad rows, "
        f"{int(rows) / max(int(imported), 1):.1f} rows written per dossier, "
        f"{float(cpu) * 1000 / max(int(imported), 1):.3f} ms CPU a dossier in the importing process); "
        f"bare batched insert of the same "
        f"dossiers {bare:,.0f}/s; ratio {rate / bare:.2f}; goal >= {GOAL:,.0f}/s: {rate / GOAL:.2f} of goal; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def demo_time() -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="tuphap-bench-demo-"))
    env = bench_env(var_dir)
    manage(env, "compile_translations")
    manage(env, "migrate", "--noinput")
    start = time.perf_counter()
    out = manage(env, "demo")
    elapsed = time.perf_counter() - start
    line = next((x for x in out.splitlines() if x.startswith("Hồ sơ một cửa")), "")
    load = os.getloadavg()[0]
    print(
        f"history.demo[sqlite]: manage.py demo {elapsed:.1f} s on a fresh database, whole history included "
        f"({line.strip()}); limit {DEMO_LIMIT:.0f} s: {elapsed / DEMO_LIMIT:.2f} of limit; load average {load:.1f}"
    )


def reset_pg() -> str | None:
    import psycopg

    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_NAME}")
    except psycopg.Error as exc:
        print(f"history: PostgreSQL not reachable ({exc}); PostgreSQL figures not measured")
        return None
    return PG_BENCH


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=["import", "demo"], help="run one of the two benchmarks")
    args = parser.parse_args()
    n = 3_000 if args.quick else 20_000
    if args.only != "demo":
        import_history("sqlite", None, n)
        pg = reset_pg()
        if pg:
            import_history("postgresql", pg, n)
            reset_pg()
    if args.only != "import" and not args.quick:
        demo_time()


if __name__ == "__main__":
    main()
