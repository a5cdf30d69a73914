"""What the race and crash tests share: the desk they work at, the historical
dossiers they import, and the consistency checks of dossiers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from tuphap.core.services import api_token_create
from tuphap.dossiers import services
from tuphap.dossiers.catalogue import PROCEDURES
from tuphap.dossiers.models import Dossier, DossierEvent
from tuphap.orgs.roles import Role

NATIONALITY = "2.001895.000.00.00.H09"  # 5 working days, unit hctp
NOTARY = "1.001877.000.00.00.H09"  # 5 working days, unit btp


def build_desk(department: Any, units: dict[str, Any], make_staff: Any) -> dict[str, Any]:
    """The catalogue, a reception officer, two unit heads and a specialist, with API tokens."""
    for data in PROCEDURES:
        if data["code"] in {NATIONALITY, NOTARY}:
            services.procedure_publish(
                actor=None, data=data, agency=department, unit=units[data["unit"]], valid_from=dt.date(2015, 1, 1)
            )
    people = {
        "motcua": make_staff("motcua", Role.RECEPTION),
        "tp0": make_staff("tp0", Role.UNIT_HEAD),
        "tp1": make_staff("tp1", Role.UNIT_HEAD),
        "cv": make_staff("cv", Role.SPECIALIST),
    }
    return {
        "agency": department,
        "users": people,
        "tokens": {name: api_token_create(actor=None, username=name) for name in people},
    }


def numbers_by_day(codes: list[str]) -> dict[str, list[int]]:
    """``<agency>-<YYMMDD>-<NNNN>`` codes grouped by day, their numbers sorted."""
    days: dict[str, list[int]] = {}
    for code in codes:
        _agency, day, number = code.rsplit("-", 2)
        days.setdefault(day, []).append(int(number))
    return {day: sorted(numbers) for day, numbers in days.items()}


def assert_control_slips(dossiers: list[Dossier]) -> int:
    """Every dossier's events are numbered 1..version without a hole and end in its state; the count compared."""
    events: dict[int, list[DossierEvent]] = {}
    for event in DossierEvent.objects.filter(dossier__in=dossiers).order_by("dossier_id", "seq"):
        events.setdefault(event.dossier_id, []).append(event)
    for d in dossiers:
        mine = events.get(d.pk, [])
        assert [e.seq for e in mine] == list(range(1, d.version + 1)), (d.code, [e.seq for e in mine], d.version)
        assert mine[-1].to_state == d.state and mine[0].action in {"receive", "submit"}, d.code
        for before, after in zip(mine, mine[1:], strict=False):
            assert after.from_state == before.to_state, (d.code, before.action, after.action)
    return sum(len(v) for v in events.values())


def dossier_rows(n: int) -> list[dict[str, str]]:
    """Historical dossiers: every third with a code of the old program, some supplemented, most finished."""
    rows = []
    base = dt.datetime(2022, 3, 7, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    for i in range(n):
        received = base + dt.timedelta(days=i // 10, minutes=7 * i)
        finished = i % 4 != 3
        asked = i % 5 == 0
        rows.append(
            {
                "code": f"CU-2022-{i:04d}" if i % 3 == 0 else "",
                "procedure_code": NOTARY if i % 2 else NATIONALITY,
                "agency_code": "",
                "applicant_name": f"Lê Văn {i}",
                "phone": "0912345678",
                "channel": "desk",
                "received_at": received.strftime("%Y-%m-%d %H:%M"),
                "supplement_requested_at": (received + dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
                if asked
                else "",
                "supplement_received_at": (received + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M") if asked else "",
                "resolved_at": (received + dt.timedelta(days=3)).strftime("%Y-%m-%d %H:%M") if finished else "",
                "returned_at": (received + dt.timedelta(days=4)).strftime("%Y-%m-%d %H:%M")
                if finished and i % 2 == 0
                else "",
                "outcome": "approved" if finished else "",
            }
        )
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def expected_actions(row: dict[str, str]) -> list[str]:
    actions = ["receive"]
    if row["supplement_requested_at"]:
        actions += ["request_supplement", "supplement_received"]
    if row["resolved_at"]:
        actions.append("resolve")
    if row["returned_at"]:
        actions.append("return")
    return actions
