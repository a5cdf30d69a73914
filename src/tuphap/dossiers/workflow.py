"""The dossier state machine as data (pure: no Django import).

States carry the national public-service portal's status codes (1–10) and
whether the legal clock runs, is paused or has stopped. ``TRANSITIONS`` says,
for each action, the states it may start from, the state it leads to (None:
unchanged) and the roles allowed to take it. Services look actions up here;
nothing else in the code decides whether a move is allowed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal

from tuphap.core.tz import LOCAL_TZ


class State(StrEnum):
    SUBMITTED = "submitted"
    RECEIVED = "received"
    REFUSED = "refused"
    IN_PROCESS = "in_process"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    AWAITING_PAYMENT = "awaiting_payment"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"
    RESOLVED = "resolved"
    RETURNED = "returned"


class Clock(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"


NATIONAL_CODE: Final[dict[State, int]] = {
    State.SUBMITTED: 1,
    State.RECEIVED: 2,
    State.REFUSED: 3,
    State.IN_PROCESS: 4,
    State.SUPPLEMENT_REQUESTED: 5,
    State.AWAITING_PAYMENT: 6,
    State.WITHDRAWN: 7,
    State.STOPPED: 8,
    State.RESOLVED: 9,
    State.RETURNED: 10,
}

CLOCK: Final[dict[State, Clock]] = {
    State.SUBMITTED: Clock.NOT_STARTED,
    State.RECEIVED: Clock.RUNNING,
    State.REFUSED: Clock.STOPPED,
    State.IN_PROCESS: Clock.RUNNING,
    State.SUPPLEMENT_REQUESTED: Clock.PAUSED,
    State.AWAITING_PAYMENT: Clock.PAUSED,
    State.WITHDRAWN: Clock.STOPPED,
    State.STOPPED: Clock.STOPPED,
    State.RESOLVED: Clock.STOPPED,
    State.RETURNED: Clock.STOPPED,
}

#: States in which a dossier is still being handled (it can become late).
OPEN_STATES: Final = frozenset(
    {State.SUBMITTED, State.RECEIVED, State.IN_PROCESS, State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT}
)
#: The open states of a received dossier: its clock has started and its appointment can still move.
RECEIVED_OPEN_STATES: Final = (State.RECEIVED, State.IN_PROCESS, State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT)
#: States that end the handling; the first time a dossier enters one is its finish time.
FINISH_STATES: Final = frozenset({State.REFUSED, State.WITHDRAWN, State.STOPPED, State.RESOLVED, State.RETURNED})

# Role names as in tuphap.orgs.roles.Role (kept as strings: this module is pure).
RECEPTION: Final = "reception"
SPECIALIST: Final = "specialist"
UNIT_HEAD: Final = "unit_head"
DIRECTOR: Final = "director"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[State]
    target: State | None  # None: the state does not change
    roles: frozenset[str]
    description: str


def _t(action: str, sources: set[State], target: State | None, roles: set[str], description: str) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles), description)


_HANDLERS = {SPECIALIST, UNIT_HEAD, DIRECTOR}
_PROCESSING = {State.RECEIVED, State.IN_PROCESS}

TRANSITIONS: Final[dict[str, Transition]] = {
    t.action: t
    for t in [
        _t("receive", {State.SUBMITTED}, State.RECEIVED, {RECEPTION}, "Tiếp nhận hồ sơ (mẫu 01)"),
        _t("refuse", {State.SUBMITTED}, State.REFUSED, {RECEPTION}, "Từ chối tiếp nhận (mẫu 03)"),
        _t("assign", _PROCESSING, State.IN_PROCESS, {UNIT_HEAD, DIRECTOR}, "Phân công xử lý"),
        _t("forward", {State.IN_PROCESS}, State.IN_PROCESS, {RECEPTION} | _HANDLERS, "Chuyển xử lý"),
        _t(
            "request_supplement",
            _PROCESSING,
            State.SUPPLEMENT_REQUESTED,
            {RECEPTION} | _HANDLERS,
            "Yêu cầu bổ sung (mẫu 02)",
        ),
        _t(
            "supplement_received",
            {State.SUPPLEMENT_REQUESTED},
            State.IN_PROCESS,
            {RECEPTION} | _HANDLERS,
            "Nhận hồ sơ bổ sung",
        ),
        _t("request_fee", _PROCESSING, State.AWAITING_PAYMENT, _HANDLERS, "Yêu cầu nộp phí, lệ phí"),
        _t("fee_paid", {State.AWAITING_PAYMENT}, State.IN_PROCESS, {RECEPTION} | _HANDLERS, "Đã nộp phí, lệ phí"),
        _t("extend", _PROCESSING, None, {UNIT_HEAD, DIRECTOR}, "Xin lỗi và hẹn lại (mẫu 04)"),
        _t("resolve", _PROCESSING, State.RESOLVED, _HANDLERS, "Có kết quả giải quyết"),
        _t(
            "stop",
            _PROCESSING | {State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT},
            State.STOPPED,
            {UNIT_HEAD, DIRECTOR},
            "Dừng giải quyết (mẫu 05)",
        ),
        _t(
            "withdraw",
            set(OPEN_STATES),
            State.WITHDRAWN,
            {RECEPTION, UNIT_HEAD, DIRECTOR},
            "Rút hồ sơ theo đề nghị của người nộp",
        ),
        _t("return", {State.RESOLVED, State.STOPPED}, State.RETURNED, {RECEPTION}, "Trả kết quả"),
        _t(
            "rate",
            {State.RESOLVED, State.RETURNED, State.STOPPED},
            None,
            {RECEPTION},
            "Ghi nhận đánh giá của người nộp",
        ),
    ]
}

ACTIONS: Final = tuple(TRANSITIONS)


class TransitionError(Exception):
    """The action is not allowed from this state (HTTP 409)."""

    def __init__(self, action: str, state: State | str, message: str | None = None) -> None:
        self.action = action
        self.state = State(state)
        super().__init__(
            message or f"Không thể thực hiện “{action}” khi hồ sơ đang ở trạng thái “{STATE_LABELS_VI[self.state]}”."
        )


STATE_LABELS_VI: Final[dict[State, str]] = {
    State.SUBMITTED: "Mới nộp, chưa kiểm tra",
    State.RECEIVED: "Đã tiếp nhận",
    State.REFUSED: "Từ chối tiếp nhận",
    State.IN_PROCESS: "Đang xử lý",
    State.SUPPLEMENT_REQUESTED: "Chờ bổ sung",
    State.AWAITING_PAYMENT: "Chờ nộp phí",
    State.WITHDRAWN: "Đã rút",
    State.STOPPED: "Dừng giải quyết",
    State.RESOLVED: "Đã có kết quả",
    State.RETURNED: "Đã trả kết quả",
}


def transition(action: str, state: State | str) -> Transition:
    """The transition for ``action`` from ``state``; TransitionError if not allowed."""
    try:
        t = TRANSITIONS[action]
    except KeyError:
        raise TransitionError(action, state, f"Hành động không tồn tại: “{action}”.") from None
    if State(state) not in t.sources:
        raise TransitionError(action, state)
    return t


@dataclass(frozen=True)
class Facts:
    """What the page knows of a dossier when it decides which actions to offer."""

    state: State
    has_due: bool = True  # an appointment was set (the clock has started)
    extended: bool = False  # the apology with a new appointment (form 04) was sent
    supplement_requested: bool = False  # the supplement request (form 02) was made
    rated: bool = False  # the applicant's rating was recorded


def spent(action: str, facts: Facts) -> bool:
    """Whether a once-only action was already taken (or cannot be yet): the
    extension (once, and only with an appointment to move), the supplement
    request (once; a further one is recorded only with ``again``, never
    offered) and the rating (once). The services refuse these with their
    own messages; pages do not offer them."""
    match action:
        case "extend":
            return facts.extended or not facts.has_due
        case "request_supplement":
            return facts.supplement_requested
        case "rate":
            return facts.rated
    return False


def allowed_actions(facts: Facts | State | str, roles: frozenset[str] | set[str]) -> list[str]:
    """The actions that holders of ``roles`` may take now: those the state
    allows to their roles, less the once-only actions already spent. A bare
    state stands for a dossier with an appointment and nothing spent yet."""
    f = facts if isinstance(facts, Facts) else Facts(State(facts))
    held = set(roles)
    return [a for a, t in TRANSITIONS.items() if f.state in t.sources and t.roles & held and not spent(a, f)]


# --------------------------------------------------------------------------- the fee paid online

#: States in which the fee may be paid online: an application made online while it waits for the
#: desk (paid at submission, before anyone asked), and a dossier whose fee the handler asked for.
FEE_PAYABLE: Final = frozenset({State.SUBMITTED, State.AWAITING_PAYMENT})
#: States that leave a fee paid online with nothing to pay for: the money is due back to the payer.
REFUND_STATES: Final = frozenset({State.REFUSED, State.WITHDRAWN})


def fee_payable(state: State | str, *, online: bool, paid: bool) -> bool:
    """Whether the applicant may pay the fee online now. Asked for by the handler
    (``awaiting_payment``): always. Before the desk receives (``submitted``): only an
    application made online (``online``), and only while nothing has been paid for it
    yet (``paid``: a payment confirmed by the gateway and not due back)."""
    s = State(state)
    if s == State.AWAITING_PAYMENT:
        return True
    return s == State.SUBMITTED and online and not paid


def refund_due(state: State | str) -> bool:
    """Whether a fee paid online for a dossier in ``state`` is due back to the payer: the desk
    refused the application or the applicant withdrew it (the refund itself is the gateway's)."""
    return State(state) in REFUND_STATES


def fee_settled_at_receipt(paid: int, fee: int) -> bool:
    """Whether a fee paid before receipt settles the fee of the version the dossier is received
    under: the same amount. Another amount (the fee changed between payment and receipt) does
    not: the paid amount is due back and the handler asks for the fee of the version in force."""
    return paid == fee


Timeliness = Literal["early", "on_time", "late"]


def timeliness(finished_at: dt.datetime, due_at: dt.datetime) -> Timeliness:
    """How a finish (of a dossier, or of one step of the control slip) fared
    against its appointment: trước hạn / đúng hạn / quá hạn.

    - ``late`` (quá hạn, trễ hạn): finished after the appointment instant, even
      by a second;
    - ``early`` (trước hạn): finished on a calendar day (in Vietnam's time)
      before the appointment's day; finishing earlier on the appointment's
      own day is not early;
    - ``on_time`` (đúng hạn): the rest, i.e. finished on the appointment's
      day, at or before its instant.

    The appointment is the one the law binds: set at receipt and moved by
    supplement pauses and calendar changes, never by an apology's extension
    (Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP until 30 June
    2025, Decree 118/2025/NĐ-CP since; see ``docs/domain/onestop.md``,
    "Measures"). Both instants must be aware.
    """
    if finished_at > due_at:
        return "late"
    if finished_at.astimezone(LOCAL_TZ).date() < due_at.astimezone(LOCAL_TZ).date():
        return "early"
    return "on_time"
