"""The bulk path for history against the services: the same history written
both ways gives the same dossiers, events, pauses, codes, sync records, audit
and report figures; and the import's agency in force, batches, bad lines and
idempotency on the bulk path.

Each comparison writes the history through the services inside a savepoint,
takes a snapshot of every row, rolls back, writes the same history on the
bulk path and compares.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tests.dossiers.conftest import LLTP, NATIONALITY
from tuphap.core.models import AuditEvent
from tuphap.dossiers import history_bulk, importing
from tuphap.dossiers.catalogue import PROCEDURES
from tuphap.dossiers.demo import loader
from tuphap.dossiers.demo.history import plan_day, quarter_days
from tuphap.dossiers.models import (
    ChangedDossier,
    CodeCounter,
    Dossier,
    DossierEvent,
    DossierPause,
    Feedback,
    SyncRecord,
)
from tuphap.orgs import services as orgs
from tuphap.reports.quarterly import build
from tuphap.reports.services import aggregates_refresh
from tuphap.workdays.core import OfficeClock
from tuphap.workdays.seed import default_calendar

MERGED = "000.00.17.H38"


class Rollback(Exception):
    pass


@pytest.fixture
def merged_department(department: Any, units: dict[str, Any]) -> Any:
    """The Bình Thuận department until 30/6/2025, the merged Lâm Đồng department from 1/7/2025."""
    department = orgs.agency_upsert(
        actor=None,
        code=department.code,
        name=department.name,
        parent=department.parent,
        valid_to=dt.date(2025, 6, 30),
    )
    merged = orgs.agency_upsert(
        actor=None, code=MERGED, name="Sở Tư pháp tỉnh Lâm Đồng", valid_from=dt.date(2025, 7, 1)
    )
    orgs.agency_set_successor(actor=None, agency=department, successor=merged)
    # where dossiers are received, with their dates (the post's point entered only from 2022: none before)
    for code, kind, agency, start, end in (
        ("tinh-bt", "provincial_centre", department, None, dt.date(2025, 6, 30)),
        ("tinh-ld", "provincial_centre", merged, dt.date(2025, 7, 1), None),
        ("cong-dvc", "online", department, None, None),
        ("buu-dien", "public_post", department, dt.date(2022, 1, 1), None),
    ):
        orgs.receiving_point_upsert(
            actor=None, code=code, kind=kind, name=f"Nơi {code}", agency=agency, valid_from=start, valid_to=end
        )
    for data in PROCEDURES:
        loader.services.procedure_publish(
            actor=None, data=data, agency=department, unit=units[data["unit"]], valid_from=dt.date(2015, 1, 1)
        )
    return merged


def _utc(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        return dt.datetime.fromisoformat(value).astimezone(dt.UTC)
    if isinstance(value, dict):
        return {k: _utc(v) for k, v in value.items()}
    return value


def snapshot() -> dict[str, Any]:
    """Every row the history wrote, by the dossier's import key (ids and write times left out)."""
    key_of = dict(Dossier.objects.values_list("pk", "import_key"))
    dossiers = {
        d["import_key"]: {k: _utc(v) for k, v in d.items() if k not in {"id", "created_at"}}
        for d in Dossier.objects.values()
    }
    events = sorted(
        (
            key_of[e["dossier_id"]],
            e["seq"],
            tuple(sorted((k, repr(_utc(v))) for k, v in e.items() if k not in {"id", "dossier_id"})),
        )
        for e in DossierEvent.objects.values()
    )
    seq_of = dict(DossierEvent.objects.values_list("pk", "seq"))
    pauses = sorted(
        (key_of[p.dossier_id], p.kind, _utc(p.started_at), _utc(p.ended_at)) for p in DossierPause.objects.all()
    )
    syncs = sorted(
        (key_of[s.dossier_id], seq_of[s.event_id], s.status_code, repr(_utc(s.payload)), s.exported_at)
        for s in SyncRecord.objects.all()
    )
    audits = sorted(
        (a.action, a.object_repr, a.actor_id, a.actor_name, repr(_utc(a.before)), repr(_utc(a.after)), a.ip)
        for a in AuditEvent.objects.filter(object_type="dossiers.dossier")
    )
    counters = sorted(CodeCounter.objects.values_list("agency__code", "day", "last"))
    feedback = sorted(
        (
            key_of.get(f["dossier_id"]),
            tuple(sorted((k, repr(_utc(v))) for k, v in f.items() if k not in {"id", "dossier_id", "reference"})),
        )
        for f in Feedback.objects.values()
    )
    return {
        "feedback": feedback,
        "dossiers": dossiers,
        "events": events,
        "pauses": pauses,
        "syncs": syncs,
        "audits": audits,
        "counters": counters,
    }


def report_figures(quarters: list[tuple[int, int]], as_of: dt.datetime) -> list[Any]:
    aggregates_refresh(actor=None)
    assert not ChangedDossier.objects.exists()
    out = []
    for year, quarter in quarters:
        report = build(year, quarter, as_of=as_of)
        rows = [
            (r.label, r.counts, r.values) for r in [report.total, *report.months, *report.units, *report.procedures]
        ]
        out.append((year, quarter, rows))
    return out


def both_ways(write_services: Any, write_bulk: Any, quarters: list[tuple[int, int]], as_of: dt.datetime) -> Any:
    try:
        with transaction.atomic():
            write_services()
            through_services = snapshot(), report_figures(quarters, as_of)
            raise Rollback
    except Rollback:
        pass
    assert not Dossier.objects.exists() and not CodeCounter.objects.exists()
    write_bulk()
    bulk = snapshot(), report_figures(quarters, as_of)
    return through_services, bulk


def _days_with(clock: OfficeClock, predicate: Any, days: list[dt.date], n: int = 1) -> list[dt.date]:
    found = [day for day in days if any(predicate(p) for p in plan_day(clock, day))]
    return found[:n]


def test_the_demo_history_is_the_same_through_the_services_and_in_bulk(merged_department: Any) -> None:
    clock = OfficeClock(default_calendar())
    q1 = [d for d in quarter_days(2022, 1) if clock.is_working_day(d)]
    years = [d for y in (2022, 2023) for q in (1, 2, 3, 4) for d in quarter_days(y, q) if clock.is_working_day(d)]
    days = sorted(
        {
            *_days_with(clock, lambda p: p.late, q1, 2),
            *_days_with(clock, lambda p: p.second_supplement, years),
            *_days_with(clock, lambda p: p.outcome == "rejected", years),
            *_days_with(clock, lambda p: p.rating == "poor" and p.return_after, years),
            dt.date(2025, 2, 28),  # the last day of LLTP at the department
            dt.date(2025, 3, 3),  # the first working day after it
            dt.date(2025, 6, 30),  # the Bình Thuận department's last day
            dt.date(2025, 7, 1),  # the merged department's first
        }
    )
    # the last working days: dossiers still open, paused, due later
    today = timezone.localdate()
    recent = [today - dt.timedelta(days=i) for i in range(1, 12) if clock.is_working_day(today - dt.timedelta(days=i))]
    now = timezone.now()
    planned = [p for day in [*days, *recent[:3]] for p in loader.planned_days(day, day, now)]
    assert len(planned) > 150

    def services_way() -> None:
        for day in [*days, *recent[:3]]:
            loader.load_history_through_services(now, day, day)

    def bulk_way() -> None:
        for day in [*days, *recent[:3]]:
            loader.load_history(now, day, day)

    quarters = sorted({(d.year, (d.month - 1) // 3 + 1) for d in [*days, *recent[:3]]})
    (snap_services, figures_services), (snap_bulk, figures_bulk) = both_ways(services_way, bulk_way, quarters, now)
    assert snap_bulk["dossiers"] == snap_services["dossiers"]
    assert snap_bulk["events"] == snap_services["events"]
    assert snap_bulk["pauses"] == snap_services["pauses"]
    assert snap_bulk["syncs"] == snap_services["syncs"]
    assert snap_bulk["audits"] == snap_services["audits"]
    assert snap_bulk["counters"] == snap_services["counters"]
    assert snap_bulk["feedback"] == snap_services["feedback"]
    assert figures_bulk == figures_services
    # the facts of today's main: receiving points by channel and day, the national portal's sync 5 minutes
    # after receipt, the service index's components and fee, and feedback after a poor rating
    points = set(Dossier.objects.values_list("channel", "receiving_point__code").distinct())
    assert {("online", "cong-dvc"), ("desk", "tinh-bt"), ("desk", "tinh-ld")} <= points
    assert not {(c, p) for c, p in points if c == "desk" and p not in {"tinh-bt", "tinh-ld"}}
    for d in Dossier.objects.all()[:50]:
        assert d.synced_to_national_at == d.received_at + dt.timedelta(minutes=5)
        assert (d.components_required, d.fee_due) == (len(d.procedure.components or []), d.procedure.fee)
    assert Feedback.objects.filter(dossier__rating="poor").exists()
    # what the history holds: every kind of step, both agencies, and no LLTP after 28/2/2025
    actions = {e[1] for e in DossierEvent.objects.values_list("dossier_id", "action")}
    assert {"receive", "request_supplement", "supplement_received", "extend", "resolve", "return", "rate"} <= actions
    late = [d for d in Dossier.objects.exclude(finished_at=None) if d.finished_at > d.due_at]
    assert late and all(d.extensions == 1 for d in late if d.received_at.date() < dt.date(2022, 4, 1))
    agencies = dict(Dossier.objects.values_list("received_at__date", "agency__code").distinct())
    assert agencies[dt.date(2025, 6, 30)] == "000.00.17.H09" and agencies[dt.date(2025, 7, 1)] == MERGED
    assert Dossier.objects.filter(code__startswith=MERGED + "-250701-").exists()
    assert not Dossier.objects.filter(procedure__code=LLTP, received_at__date__gt=dt.date(2025, 3, 1)).exists()
    assert Dossier.objects.filter(procedure__code=LLTP, received_at__date=dt.date(2025, 2, 28)).exists()
    assert Dossier.objects.filter(state__in=["received", "in_process", "supplement_requested"]).exists()
    assert sum(loader.load_history(now, day, day) for day in days) == 0  # loaded once: the import keys


HEADER = ",".join(importing.COLUMNS) + "\n"


def _csv(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "lich-su.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


ROWS = [
    f",{NATIONALITY},,Nguyễn Văn A,0912345678,desk,2025-06-30T09:00,2025-07-01T10:00,2025-07-03T14:00,2025-07-08T10:00,2025-07-09T08:00,approved",  # noqa: E501
    f",{NATIONALITY},,Trần Thị B,0912345679,online,2025-07-01T08:00,,,2025-07-02T09:00,,rejected",
    f"CU-2019-0007,{LLTP},000.00.17.H09,Lê Văn C,0900000000,desk,2019-05-06T09:00,,,2019-05-20T09:00,2019-05-21T09:00,",
    f",{LLTP},,Phạm Văn D,0900000001,post,2024-12-30T15:00,,,,,",  # open: still running
    f",{NATIONALITY},,Sai Thứ Tự,0912345678,desk,2024-03-07T09:00,,,2024-03-01T09:00,,",  # bad: order
    f",{NATIONALITY},,Chờ Bổ Sung,0912345678,desk,2024-03-07T09:00,2024-03-08T09:00,,2024-03-12T09:00,,",  # bad
    ",9.999,,Sai Thủ Tục,0912345678,desk,2024-03-07T09:00,,,,,",  # bad: no such procedure
    f",{NATIONALITY},999.99.99.H99,Sai Cơ Quan,0912345678,desk,2024-03-07T09:00,,,,,",  # bad: no such agency
    f",{NATIONALITY},,Nguyễn Văn A,0912345678,desk,2025-06-30T09:00,,,,,",  # row 2 again: skipped
]


def test_an_import_is_the_same_through_the_services_and_in_bulk(merged_department: Any, tmp_path: Path) -> None:
    path = _csv(tmp_path, ROWS)
    reports = {}

    def services_way() -> None:
        reports["services"] = importing.import_file(path, through_services=True)

    def bulk_way() -> None:
        reports["bulk"] = importing.import_file(path)

    now = timezone.now()
    quarters = [(2019, 2), (2024, 4), (2025, 2), (2025, 3)]
    (snap_services, figures_services), (snap_bulk, figures_bulk) = both_ways(services_way, bulk_way, quarters, now)
    assert snap_bulk == snap_services
    assert figures_bulk == figures_services
    assert reports["bulk"] == reports["services"]
    assert (reports["bulk"].imported, reports["bulk"].skipped) == (4, 1)
    assert [line for line, _ in reports["bulk"].errors] == [6, 7, 8, 9]
    assert "resolved_at" in reports["bulk"].errors[1][1] and "agency_code" in reports["bulk"].errors[3][1]
    # an empty agency_code: the agency in force at receipt; a given code is kept (legacy)
    codes = dict(Dossier.objects.values_list("applicant_name", "code"))
    assert codes["Nguyễn Văn A"].startswith("000.00.17.H09-250630-")
    assert codes["Trần Thị B"] == MERGED + "-250701-0001"
    assert codes["Lê Văn C"] == "CU-2019-0007"
    assert Dossier.objects.get(code="CU-2019-0007").agency.code == "000.00.17.H09"
    again = importing.import_file(path)
    assert (again.imported, again.skipped, len(again.errors)) == (0, 5, 4)


FACT_ROWS = [
    # a late supplement request (6 working days after receipt), synced, 3 components digitised, paid online,
    # an electronic result
    f",{NATIONALITY},,Có Đồng Bộ,0912345680,online,2025-08-04T09:00,2025-08-12T09:00,2025-08-13T09:00,2025-08-20T09:00,,approved,2025-08-04T09:05,3,1,có",  # noqa: E501
    f",{NATIONALITY},,Không Có Gì,0912345681,desk,2025-08-04T10:00,2025-08-05T09:00,2025-08-06T09:00,,,,,,0,không",
    f",{NATIONALITY},,Đồng Bộ Sớm,0912345682,desk,2025-08-04T10:00,,,,,,2025-08-04T09:00,,,",  # bad: synced first
    f",{NATIONALITY},,Số Sai,0912345683,desk,2025-08-04T10:00,,,,,,,ba,,",  # bad: not a number
    f",{NATIONALITY},,Cờ Sai,0912345684,desk,2025-08-04T10:00,,,,,,,,,có lẽ",  # bad: not yes/no
]


def test_the_service_index_columns_are_the_same_through_the_services_and_in_bulk(
    merged_department: Any, tmp_path: Path
) -> None:
    path = _csv(tmp_path, FACT_ROWS)
    reports = {}

    def services_way() -> None:
        reports["services"] = importing.import_file(path, through_services=True)

    def bulk_way() -> None:
        reports["bulk"] = importing.import_file(path)

    now = timezone.now()
    (snap_services, figures_services), (snap_bulk, figures_bulk) = both_ways(services_way, bulk_way, [(2025, 3)], now)
    assert snap_bulk == snap_services
    assert figures_bulk == figures_services
    assert reports["bulk"] == reports["services"]
    assert reports["bulk"].imported == 2
    assert [(line, msg.split(":")[0]) for line, msg in reports["bulk"].errors] == [
        (4, "synced_at"),
        (5, "digitised_components"),
        (6, "paid_online"),
    ]
    facts = Dossier.objects.get(applicant_name="Có Đồng Bộ")
    assert facts.synced_to_national_at == dt.datetime(2025, 8, 4, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert (facts.digitised_components, facts.electronic_result, facts.online_payment) == (3, True, True)
    assert facts.late_supplement_request and facts.receiving_point.code == "cong-dvc"
    plain = Dossier.objects.get(applicant_name="Không Có Gì")
    assert plain.synced_to_national_at is None and not plain.late_supplement_request
    assert (plain.digitised_components, plain.online_payment, plain.receiving_point.code) == (0, False, "tinh-ld")
    late = DossierEvent.objects.get(dossier=facts, action="request_supplement")
    assert (late.data["late"], late.data["window_days"]) == (True, 3)


def _late_steps(d: loader.Played, received: dt.datetime) -> None:
    """A supplement asked late, an apology sent on the appointment's day (late notice), resolved late."""
    d.request_supplement(items=["Tờ khai"], at=received + dt.timedelta(days=7))
    d.supplement_received(at=received + dt.timedelta(days=8))
    due = d.due_at
    d.extend(reason="Cần xác minh thêm", new_due_at=due + dt.timedelta(days=7), at=due - dt.timedelta(hours=1))
    d.resolve(outcome="approved", at=due + dt.timedelta(days=2), electronic_result=True)
    d.return_(at=due + dt.timedelta(days=3))
    d.rate(rating="poor", at=due + dt.timedelta(days=3, minutes=10))


def test_late_notices_and_late_supplement_requests_are_the_same_through_the_services_and_in_bulk(
    merged_department: Any,
) -> None:
    received = [dt.datetime(2025, 6, 2, 9, tzinfo=dt.UTC), dt.datetime(2025, 8, 4, 9, tzinfo=dt.UTC)]  # both regimes

    def services_way() -> None:
        lookups = history_bulk.Lookups()
        with loader.services.quiet():
            for i, at in enumerate(received):
                agency = lookups.agency_in_force(lookups.procedure(NATIONALITY, at.date()).agency, at.date())
                dossier = loader.services.dossier_receive(
                    actor=None,
                    procedure_code=NATIONALITY,
                    applicant={"name": f"Người {i}"},
                    channel="post",
                    received_at=at,
                    agency=agency,
                    import_key=f"late-{i}",
                )
                _late_steps(loader.ThroughServices(dossier), at)

    def bulk_way() -> None:
        lookups = history_bulk.Lookups()
        batch = []
        for i, at in enumerate(received):
            procedure = lookups.procedure(NATIONALITY, at.date())
            agency = lookups.agency_in_force(procedure.agency, at.date())
            past = history_bulk.PastDossier(
                procedure=procedure,
                agency=agency,
                clock=lookups.clock(agency),
                channel="post",
                received_at=at,
                applicant={"name": f"Người {i}"},
                import_key=f"late-{i}",
                receiving_point=lookups.receiving_point("post", at.date()),
            )
            _late_steps(past, at)
            batch.append(past)
        history_bulk.write_batch(batch)

    (snap_services, figures_services), (snap_bulk, figures_bulk) = both_ways(
        services_way, bulk_way, [(2025, 2), (2025, 3)], timezone.now()
    )
    assert snap_bulk == snap_services
    assert figures_bulk == figures_services
    flags = set(Dossier.objects.values_list("late_notice", "late_supplement_request", "receiving_point__code"))
    assert flags == {(True, True, "buu-dien")}
    extend = DossierEvent.objects.filter(action="extend").first()
    assert extend is not None and (extend.data["late_notice"], extend.data["lead_days"]) == (True, 1)


def test_bulk_batches_are_numbered_after_live_intake_and_kept_gap_free(
    merged_department: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Codes continue the day's counter (a dossier received live first), across batches, without gaps."""
    loader.services.dossier_receive(
        actor=None,
        procedure_code=NATIONALITY,
        applicant={"name": "Người Đến Trước"},
        received_at=dt.datetime(2024, 5, 6, 8, tzinfo=dt.UTC),
    )
    monkeypatch.setattr(importing, "BATCH", 3)
    rows = [
        f",{NATIONALITY},,Người {i:02d},09123456{i:02d},desk,2024-05-06T{9 + i // 6:02d}:{(i * 7) % 60:02d},,,,,"
        for i in range(10)
    ]
    progress: list[int] = []
    out = importing.import_file(_csv(tmp_path, rows), progress.append)
    assert (out.imported, out.errors) == (10, []) and progress[-1] == 10
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    assert codes == [f"000.00.17.H09-240506-{n:04d}" for n in range(1, 12)]
    assert CodeCounter.objects.get(day=dt.date(2024, 5, 6)).last == 11
    assert history_bulk.BATCH >= 1000


def test_the_command_reports_lines_and_counts_on_the_bulk_path(merged_department: Any, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_dossiers", str(_csv(tmp_path, ROWS)), stdout=out, stderr=err)
    assert "Đã nhập 4 hồ sơ; bỏ qua 1 hồ sơ đã có; 4 dòng lỗi" in out.getvalue()
    assert [line.split(":")[0] for line in err.getvalue().splitlines()] == ["Dòng 6", "Dòng 7", "Dòng 8", "Dòng 9"]


def test_a_batch_the_database_refuses_is_written_row_by_row(merged_department: Any, tmp_path: Path) -> None:
    """A legacy code that the day's counter will give again: the batch fails whole (nothing half
    written), then each row on its own: the others are kept, the clashing one is reported by its line."""
    rows = [
        f"000.00.17.H09-240506-0001,{NATIONALITY},,Hồ Sơ Cũ,0912345601,desk,2024-05-06T08:00,,,,,",
        f",{NATIONALITY},,Người Mới,0912345602,desk,2024-05-06T09:00,,,,,",
        f",{NATIONALITY},,Người Khác,0912345603,desk,2024-05-07T09:00,,,,,",
    ]
    out = importing.import_file(_csv(tmp_path, rows))
    assert (out.imported, out.skipped) == (2, 0)
    assert [line for line, _ in out.errors] == [3]
    assert set(Dossier.objects.values_list("applicant_name", flat=True)) == {"Hồ Sơ Cũ", "Người Khác"}
    # the refused row's number went back with it: the counter of its day is as before, the next day's at 1
    assert not CodeCounter.objects.filter(day=dt.date(2024, 5, 6)).exists()
    assert CodeCounter.objects.get(day=dt.date(2024, 5, 7)).last == 1
    assert DossierEvent.objects.count() == 2 and SyncRecord.objects.count() == 2
