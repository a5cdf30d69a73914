"""Pure rules of assigned tasks, plans and statistics (no Django import).

- A task's *state* is what people record (not started, in progress, done);
  its *status* is derived from the state, the deadline, the completion date
  and today: not started, in progress, done on time, done late, overdue.
  A deadline date counts whole: a task due on D is overdue from D + 1.
- A leader's conclusion (kết luận, thông báo kết luận) is entered once as
  text and split into one task per numbered item or bullet.
- Quarters and periods of the quarterly report.
- Rows of the violation-handling statistics (Decree 20/2016/NĐ-CP, the
  figures: decisions issued, fines imposed, fines collected, by field).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class State(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"


class DeadlineKind(StrEnum):
    NONE = "none"  # no deadline (regular, ongoing work)
    DATE = "date"  # a date written in the source
    WORKING_DAYS = "working_days"  # n working days from assignment (through workdays)
    CALENDAR_DAYS = "calendar_days"  # n calendar days from assignment


class RuleError(ValueError):
    """Invalid input to a rule; the message is shown to the user."""


def task_status(state: str, due_on: dt.date | None, completed_on: dt.date | None, today: dt.date) -> Status:
    """The status of a task on ``today``."""
    if state == State.DONE:
        if completed_on is None:
            raise RuleError("a done task needs its completion date")
        if due_on is None or completed_on <= due_on:
            return Status.DONE_ON_TIME
        return Status.DONE_LATE
    if due_on is not None and today > due_on:
        return Status.OVERDUE
    return Status.IN_PROGRESS if state == State.IN_PROGRESS else Status.NOT_STARTED


# state -> action -> next state; actions not listed do not change the state
TRANSITIONS: Mapping[str, Mapping[str, str]] = {
    State.NOT_STARTED: {"start": State.IN_PROGRESS, "complete": State.DONE},
    State.IN_PROGRESS: {"complete": State.DONE},
    State.DONE: {"reopen": State.IN_PROGRESS},
}
ACTIONS = ("start", "note", "complete", "reopen", "reschedule")
STATE_FREE_ACTIONS = frozenset({"note", "reschedule"})  # allowed while not done
ACTION_STATES: Mapping[str, frozenset[str]] = {
    "start": frozenset({State.NOT_STARTED}),
    "complete": frozenset({State.NOT_STARTED, State.IN_PROGRESS}),
    "reopen": frozenset({State.DONE}),
    "note": frozenset({State.NOT_STARTED, State.IN_PROGRESS}),
    "reschedule": frozenset({State.NOT_STARTED, State.IN_PROGRESS}),
}


def next_state(state: str, action: str) -> str:
    """The state after ``action``; RuleError when the action is not allowed in ``state``."""
    if action not in ACTION_STATES:
        raise RuleError(f"unknown action {action!r}")
    if state not in ACTION_STATES[action]:
        raise RuleError(f"action {action!r} is not allowed in state {state!r}")
    return TRANSITIONS.get(state, {}).get(action, state)


def due_date(
    kind: str,
    *,
    assigned_on: dt.date,
    due_on: dt.date | None = None,
    days: int | None = None,
    add_working_days: Callable[[dt.date, int], dt.date] | None = None,
) -> dt.date | None:
    """The deadline of a task from its kind: a date, or days from assignment.

    ``add_working_days(day, n)`` is the office clock's (the n-th working day
    strictly after ``day``); the assignment day itself is not counted.
    """
    if kind == DeadlineKind.NONE:
        return None
    if kind == DeadlineKind.DATE:
        if due_on is None:
            raise RuleError("a date deadline needs its date")
        if due_on < assigned_on:
            raise RuleError("the deadline is before the assignment")
        return due_on
    if kind in (DeadlineKind.WORKING_DAYS, DeadlineKind.CALENDAR_DAYS):
        if days is None or days < 1 or days > 3650:
            raise RuleError("the number of days must be between 1 and 3650")
        if add_working_days is None:
            raise RuleError("days from assignment need the office clock")
        if kind == DeadlineKind.CALENDAR_DAYS:
            return rule_due(assigned_on, days, "calendar_days", add_working_days)
        return add_working_days(assigned_on, days)
    raise RuleError(f"unknown deadline kind {kind!r}")


def remind_kind(state: str, due_on: dt.date | None, today: dt.date, warn_until: dt.date) -> str | None:
    """Which reminder a task needs today: "overdue", "due_soon" (due on or
    before ``warn_until``, the last day of the warning window) or None."""
    if state == State.DONE or due_on is None:
        return None
    if due_on < today:
        return "overdue"
    if due_on <= warn_until:
        return "due_soon"
    return None


class PlanStatus(StrEnum):
    DRAFTING = "drafting"
    OVERDUE = "overdue"  # not submitted, deadline passed
    SUBMITTED = "submitted"
    SUBMITTED_LATE = "submitted_late"
    ISSUED = "issued"


def plan_status(
    submitted_on: dt.date | None, issued_on: dt.date | None, due_on: dt.date | None, today: dt.date
) -> PlanStatus:
    """Where a plan stands: drafting (or overdue), submitted (late or not), issued."""
    if issued_on is not None:
        return PlanStatus.ISSUED
    if submitted_on is not None:
        return PlanStatus.SUBMITTED_LATE if due_on is not None and submitted_on > due_on else PlanStatus.SUBMITTED
    if due_on is not None and today > due_on:
        return PlanStatus.OVERDUE
    return PlanStatus.DRAFTING


def rule_due(
    basis_issued_on: dt.date, amount: int, unit: str, add_working_days: Callable[[dt.date, int], dt.date]
) -> dt.date:
    """The deadline of a rule counted from its basis: the day of the basis is not
    counted (Civil Code 2015, art. 147); a calendar deadline falling on a day
    off moves to the next working day (art. 148)."""
    if unit == "calendar_days":
        return add_working_days(basis_issued_on + dt.timedelta(days=amount), 0)
    if unit == "working_days":
        return add_working_days(basis_issued_on, amount)
    raise RuleError(f"unknown unit {unit!r}")


# --------------------------------------------------------------------------- conclusions

_ITEM_RE = re.compile(r"^\s*(?:(?:\d{1,3}|[a-zđ])[.)]|[-–•*+])\s+", re.IGNORECASE)


def split_conclusion(text: str) -> list[str]:
    """The items of a leader's conclusion, one task each.

    Items start with ``1.``, ``2)``, ``a)``, ``-`` or ``•``; lines that do not
    start an item continue the previous one. Text without any marker gives
    one item per non-empty line.
    """
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    if not any(_ITEM_RE.match(line) for line in lines):
        return [" ".join(line.split()) for line in lines if line.strip()]
    items: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        match = _ITEM_RE.match(line)
        if match:
            items.append(line[match.end() :].strip())
        elif items:
            items[-1] = f"{items[-1]} {line.strip()}"
        # text before the first item (a heading) is dropped
    return [" ".join(item.split()) for item in items if item.strip()]


# --------------------------------------------------------------------------- periods


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter."""
    if quarter not in (1, 2, 3, 4):
        raise RuleError("the quarter must be 1, 2, 3 or 4")
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - dt.timedelta(days=1)
    return start, end


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def check_period(start: dt.date | None, end: dt.date | None) -> None:
    if start is not None and end is not None and end < start:
        raise RuleError("the end of the period is before its start")


# --------------------------------------------------------------------------- statistics


class Field(StrEnum):
    """Fields (lĩnh vực) of administrative-violation handling statistics."""

    TRAFFIC = "traffic"
    PUBLIC_ORDER = "public_order"
    ENVIRONMENT = "environment"
    LAND_CONSTRUCTION = "land_construction"
    TRADE = "trade"
    HEALTH = "health"
    TAX_FINANCE = "tax_finance"
    JUSTICE = "justice"
    OTHER = "other"


FIELD_NAMES_VI: Mapping[str, str] = {
    Field.TRAFFIC: "Giao thông",
    Field.PUBLIC_ORDER: "An ninh, trật tự, an toàn xã hội",
    Field.ENVIRONMENT: "Tài nguyên, môi trường",
    Field.LAND_CONSTRUCTION: "Đất đai, xây dựng",
    Field.TRADE: "Thương mại, quản lý thị trường",
    Field.HEALTH: "Y tế, an toàn thực phẩm",
    Field.TAX_FINANCE: "Thuế, tài chính",
    Field.JUSTICE: "Tư pháp",
    Field.OTHER: "Lĩnh vực khác",
}


def fold(text: str) -> str:
    """Lower case without Vietnamese diacritics (đ→d) and extra spaces."""
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return " ".join(re.sub(r"[^0-9a-zA-Z]+", " ", text).lower().split())


_FIELD_LOOKUP: dict[str, str] = {}
for _code, _name in FIELD_NAMES_VI.items():
    _FIELD_LOOKUP[fold(_code)] = _code
    _FIELD_LOOKUP[fold(_name)] = _code
_FIELD_LOOKUP.update(
    {
        "giao thong duong bo": Field.TRAFFIC,
        "an ninh trat tu": Field.PUBLIC_ORDER,
        "moi truong": Field.ENVIRONMENT,
        "dat dai": Field.LAND_CONSTRUCTION,
        "xay dung": Field.LAND_CONSTRUCTION,
        "thuong mai": Field.TRADE,
        "y te": Field.HEALTH,
        "thue": Field.TAX_FINANCE,
        "khac": Field.OTHER,
    }
)


def field_code(text: str) -> str | None:
    """The field code for a code or a Vietnamese name (diacritics optional)."""
    return _FIELD_LOOKUP.get(fold(text))


# columns of the XLSX template, in order (the first row holds these headers)
STAT_COLUMNS: Sequence[str] = ("year", "quarter", "reporter", "field", "decisions", "fines_imposed", "fines_collected")
STAT_HEADERS_VI: Sequence[str] = (
    "Năm",
    "Quý",
    "Đơn vị báo cáo",
    "Lĩnh vực",
    "Số quyết định xử phạt",
    "Tiền phạt (đồng)",
    "Đã thu (đồng)",
)


@dataclass(frozen=True)
class StatRow:
    year: int
    quarter: int
    reporter: str
    field: str
    decisions: int
    fines_imposed: int
    fines_collected: int


def _whole(value: Any, name: str, errors: list[str], *, low: int = 0, high: int = 10**15) -> int:
    if value is None or value == "":
        errors.append(f"{name}: trống")
        return 0
    if isinstance(value, bool):
        errors.append(f"{name}: “{'TRUE' if value else 'FALSE'}” không phải số nguyên")
        return 0
    if isinstance(value, float):
        if not value.is_integer():
            errors.append(f"{name}: “{value}” không phải số nguyên")
            return 0
        value = int(value)
    if isinstance(value, str):
        cleaned = value.strip().replace(".", "").replace(",", "").replace(" ", "")
        sign = -1 if cleaned.startswith("-") else 1
        cleaned = cleaned.removeprefix("-")
        if not (cleaned.isascii() and cleaned.isdigit()):  # isdigit() alone takes "²" and full-width digits
            errors.append(f"{name}: “{value}” không phải số nguyên")
            return 0
        value = sign * int(cleaned)
    if not isinstance(value, int):
        errors.append(f"{name}: “{value}” không phải số nguyên")
        return 0
    if value < low or value > high:
        errors.append(f"{name}: {value} ngoài khoảng {low}–{high}")
    return value


def parse_stat_row(values: Sequence[Any]) -> tuple[StatRow | None, list[str]]:
    """One row of the statistics sheet: the row, or None and the errors (in Vietnamese)."""
    errors: list[str] = []
    cells = list(values) + [None] * (len(STAT_COLUMNS) - len(values))
    year = _whole(cells[0], "Năm", errors, low=2000, high=2100)
    quarter = _whole(cells[1], "Quý", errors, low=1, high=4)
    reporter = " ".join(str(cells[2] or "").split())
    if not reporter:
        errors.append("Đơn vị báo cáo: trống")
    elif len(reporter) > 255:
        errors.append("Đơn vị báo cáo: dài quá 255 ký tự")
    field = field_code(str(cells[3] or ""))
    if field is None:
        errors.append(f"Lĩnh vực: “{cells[3] or ''}” không có trong danh mục")
    decisions = _whole(cells[4], "Số quyết định", errors)
    imposed = _whole(cells[5], "Tiền phạt", errors)
    collected = _whole(cells[6], "Đã thu", errors)
    if errors:
        return None, errors
    return StatRow(year, quarter, reporter, str(field), decisions, imposed, collected), []


def is_blank_row(values: Sequence[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)
