"""The service index (Bộ chỉ số phục vụ người dân, doanh nghiệp) of Decision
766/QĐ-TTg, as the department can compute it from its own dossiers and
feedback (pure: no Django import).

Three steps, each a pure function:

* ``classify(facts, start, end)``: what one dossier contributes to a period
  (which numerators and denominators it is in);
* ``IndexCounts``: the sums over the period's dossiers and feedback;
* ``components(counts, rules)``: each component's rate and points, and
  ``total``; ``rules_for(day)`` gives the rules in force on a day (versioned
  by the period they apply to: a rule that changes is a new ``IndexRules``
  with its first day, never an edit of an old one).

Sources and what is unverified: ``docs/domain/service-index.md``. The points of
the five groups (18, 20, 22, 22, 18) are verified; the split of a group between
the rates the department can measure, and points proportional to the rate,
are our reading (marked ``verified=False``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Final

SOURCE_766: Final = "Quyết định 766/QĐ-TTg ngày 23/6/2022, Phụ lục (Bộ chỉ số phục vụ người dân, doanh nghiệp)"
UNCONFIRMED: Final = "chưa xác nhận"


@dataclass(frozen=True)
class DossierFacts:
    """What the index needs of one dossier (from the dossier's recorded facts)."""

    received_at: dt.datetime
    due_at: dt.datetime | None  # the appointment as re-timed by pauses (never by an apology's extension)
    finished_at: dt.datetime | None
    channel: str  # desk | online | post
    synced_at: dt.datetime | None  # first received by the national portal
    electronic_result: bool
    components_required: int
    digitised_components: int
    fee_due: int  # VND, the procedure's fee at receipt
    online_payment: bool
    rating: str  # good | acceptable | poor | ""
    supplement_pauses: tuple[tuple[dt.datetime, dt.datetime | None], ...] = ()
    feedback_at: tuple[dt.datetime, ...] = ()  # when feedback about this dossier was received


@dataclass
class IndexCounts:
    """Integer counts of one period: each component's numerator and denominator."""

    received: int = 0
    synced: int = 0
    handled: int = 0  # finished in the period, or unfinished at its end and not waiting for a supplement asked once
    on_time: int = 0
    finished: int = 0
    online_complete: int = 0  # finished, online, synchronised and with an electronic result
    fee_carrying: int = 0  # received, of a procedure that carried a fee at receipt
    paid_online: int = 0
    digitised: int = 0  # finished, every required component digitised and an electronic result
    dossier_satisfied: int = 0  # finished, not late, not rated poor, no feedback about it
    feedback: int = 0  # feedback received in the period
    feedback_due: int = 0  # of those: answered, or unanswered past their due date at the period's end
    feedback_on_time: int = 0
    feedback_satisfied: int = 0  # not declared dissatisfied, not answered late, not overdue

    def __add__(self, other: IndexCounts) -> IndexCounts:
        return IndexCounts(**{name: getattr(self, name) + getattr(other, name) for name in _COUNT_NAMES})

    def add(self, other: IndexCounts) -> None:
        """Add ``other`` in place (the sum over a period's dossiers, without a new object per dossier)."""
        mine, theirs = self.__dict__, other.__dict__
        for name in _COUNT_NAMES:
            value = theirs[name]
            if value:
                mine[name] += value


_COUNT_NAMES: Final = tuple(f.name for f in fields(IndexCounts))


@dataclass(frozen=True)
class FeedbackFacts:
    received_at: dt.datetime
    due_at: dt.datetime
    answered_at: dt.datetime | None
    sender_satisfied: bool | None


@dataclass(frozen=True)
class ComponentRule:
    name: str
    group: str  # Vietnamese, the group of Decision 766
    label: str  # Vietnamese
    max_points: float
    numerator: str  # an IndexCounts field
    denominator: str  # an IndexCounts field
    definition: str  # Vietnamese: what the numerator and denominator count
    source: str
    verified: bool  # the points split and the definition confirmed in a text


@dataclass(frozen=True)
class IndexRules:
    version: str
    valid_from: dt.date
    valid_to: dt.date | None
    components: tuple[ComponentRule, ...]
    source: str

    @property
    def max_total(self) -> float:
        return sum(c.max_points for c in self.components)


@dataclass(frozen=True)
class Component:
    name: str
    group: str
    label: str
    points: float | None  # None: no denominator in the period
    max_points: float
    numerator: int
    denominator: int
    rate: float | None
    definition: str
    source: str
    verified: bool


@dataclass(frozen=True)
class Index:
    version: str
    components: tuple[Component, ...]
    total: float
    max_total: float  # the points of the components that had data in the period
    source: str = field(default=SOURCE_766)


def _c(
    name: str, group: str, label: str, points: float, num: str, den: str, definition: str, verified: bool
) -> ComponentRule:
    return ComponentRule(name, group, label, points, num, den, definition, SOURCE_766, verified)


G_PUBLIC, G_PROGRESS, G_DIGITAL, G_ONLINE, G_SATISFACTION = (
    "Công khai, minh bạch",
    "Tiến độ, kết quả giải quyết",
    "Số hóa hồ sơ",
    "Cung cấp dịch vụ trực tuyến",
    "Mức độ hài lòng",
)

RULES_766_2022: Final = IndexRules(
    version="766/2022",
    valid_from=dt.date(2022, 8, 1),  # the national system runs officially from 01/8/2022 (Decision 766)
    valid_to=None,
    source=SOURCE_766,
    components=(
        _c(
            "synchronised",
            G_PUBLIC,
            "Tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia",
            18,
            "synced",
            "received",
            "hồ sơ tiếp nhận trong kỳ đã được Cổng Dịch vụ công quốc gia nhận / hồ sơ tiếp nhận trong kỳ",
            False,
        ),
        _c(
            "on_time",
            G_PROGRESS,
            "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn",
            20,
            "on_time",
            "handled",
            (
                "hồ sơ hoàn thành trong kỳ hoặc chưa xong ở cuối kỳ, trừ hồ sơ đang chờ bổ sung (yêu cầu một lần); "
                "trễ: hoàn thành hoặc quá hạn sau thời điểm hẹn, hoặc bị yêu cầu bổ sung từ lần thứ hai"
            ),
            False,
        ),
        _c(
            "digitised",
            G_DIGITAL,
            "Tỷ lệ số hóa hồ sơ và kết quả giải quyết",
            22,
            "digitised",
            "finished",
            "hồ sơ hoàn thành trong kỳ có đủ mọi thành phần được số hóa và có kết quả điện tử / hồ sơ hoàn thành",
            False,
        ),
        _c(
            "online",
            G_ONLINE,
            "Tỷ lệ hồ sơ trực tuyến",
            11,
            "online_complete",
            "finished",
            (
                "hồ sơ hoàn thành trong kỳ nộp trực tuyến, đã đồng bộ lên Cổng Dịch vụ công quốc gia và có kết quả "
                "điện tử / hồ sơ hoàn thành"
            ),
            False,
        ),
        _c(
            "online_payment",
            G_ONLINE,
            "Tỷ lệ hồ sơ thanh toán trực tuyến",
            11,
            "paid_online",
            "fee_carrying",
            "hồ sơ tiếp nhận trong kỳ đã nộp phí, lệ phí trực tuyến / hồ sơ tiếp nhận của thủ tục có thu phí, lệ phí",
            False,
        ),
        _c(
            "feedback_on_time",
            G_SATISFACTION,
            "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn",
            6,
            "feedback_on_time",
            "feedback_due",
            "phản ánh, kiến nghị tiếp nhận trong kỳ đã trả lời đúng hạn / đã trả lời hoặc đã quá hạn ở cuối kỳ",
            False,
        ),
        _c(
            "feedback_satisfied",
            G_SATISFACTION,
            "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị",
            6,
            "feedback_satisfied",
            "feedback",
            "phản ánh, kiến nghị tiếp nhận trong kỳ trừ số không hài lòng hoặc xử lý quá hạn / số tiếp nhận",
            False,
        ),
        _c(
            "dossier_satisfied",
            G_SATISFACTION,
            "Tỷ lệ hài lòng trong tiếp nhận, giải quyết thủ tục hành chính",
            6,
            "dossier_satisfied",
            "finished",
            (
                "hồ sơ hoàn thành trong kỳ trừ số bị đánh giá không hài lòng, có phản ánh, kiến nghị hoặc giải quyết "
                "quá hạn / hồ sơ hoàn thành"
            ),
            False,
        ),
    ),
)

#: every version, oldest first; a period uses the one in force on its first day
RULES: Final[tuple[IndexRules, ...]] = (RULES_766_2022,)


def rules_for(day: dt.date) -> IndexRules | None:
    """The rules in force on ``day`` (None before the index existed)."""
    for rules in reversed(RULES):
        if rules.valid_from <= day and (rules.valid_to is None or day <= rules.valid_to):
            return rules
    return None


def _in(at: dt.datetime | None, start: dt.datetime, end: dt.datetime) -> bool:
    return at is not None and start <= at < end


def classify(f: DossierFacts, start: dt.datetime, end: dt.datetime) -> IndexCounts:
    """One dossier's contribution to the period [start, end) (aware instants)."""
    c = IndexCounts()
    if f.received_at >= end:
        return c
    if _in(f.received_at, start, end):
        c.received = 1
        c.synced = int(f.synced_at is not None)  # as the portal holds it when the period is read
        if f.fee_due > 0:
            c.fee_carrying = 1
            c.paid_online = int(f.online_payment)
    asked = [p for p in f.supplement_pauses if p[0] < end]
    asked_twice = len(asked) > 1
    finished_in = _in(f.finished_at, start, end)
    unfinished_at_end = f.finished_at is None or f.finished_at >= end
    if finished_in:
        late = f.due_at is not None and f.finished_at is not None and f.finished_at > f.due_at
        c.handled = 1
        c.on_time = int(not late and not asked_twice)
        c.finished = 1
        c.online_complete = int(f.channel == "online" and f.synced_at is not None and f.electronic_result)
        c.digitised = int(f.electronic_result and f.digitised_components >= max(f.components_required, 1))
        has_feedback = any(at < end for at in f.feedback_at)
        c.dossier_satisfied = int(not late and f.rating != "poor" and not has_feedback)
    elif unfinished_at_end:
        waiting = any(s <= end and (e is None or e > end) for s, e in asked)
        if waiting and not asked_twice:
            return c  # left out of the on-time rate while waiting for a supplement asked for once
        overdue = not waiting and f.due_at is not None and f.due_at < end
        c.handled = 1
        c.on_time = int(not overdue and not asked_twice)
    return c


def classify_feedback(f: FeedbackFacts, start: dt.datetime, end: dt.datetime) -> IndexCounts:
    c = IndexCounts()
    if not _in(f.received_at, start, end):
        return c
    c.feedback = 1
    answered = f.answered_at is not None and f.answered_at < end
    late = (answered and f.answered_at > f.due_at) or (not answered and f.due_at < end)  # type: ignore[operator]
    if answered or f.due_at < end:
        c.feedback_due = 1
        c.feedback_on_time = int(not late)
    c.feedback_satisfied = int(not late and f.sender_satisfied is not False)
    return c


def components(counts: IndexCounts, rules: IndexRules) -> Index:
    """Each component's rate and points (points = max × rate, two decimals), and the total."""
    out = []
    for rule in rules.components:
        num, den = getattr(counts, rule.numerator), getattr(counts, rule.denominator)
        rate = None if den == 0 else num / den
        points = None if rate is None else round(rule.max_points * rate, 2)
        out.append(
            Component(
                rule.name,
                rule.group,
                rule.label,
                points,
                rule.max_points,
                num,
                den,
                rate,
                rule.definition,
                rule.source,
                rule.verified,
            )
        )
    measured = [c for c in out if c.points is not None]
    return Index(
        version=rules.version,
        components=tuple(out),
        total=round(sum(c.points for c in measured if c.points is not None), 2),
        max_total=sum(c.max_points for c in measured),
        source=rules.source,
    )


def lowering(f: DossierFacts, start: dt.datetime, end: dt.datetime) -> list[str]:
    """Why a dossier lowers the period's index (component names), for the list of dossiers to look at."""
    c = classify(f, start, end)
    reasons = []
    if c.handled and not c.on_time:
        reasons.append("on_time")
    if c.finished and not c.digitised:
        reasons.append("digitised")
    if c.received and not c.synced:
        reasons.append("synchronised")
    if c.finished and f.channel == "online" and not c.online_complete:
        reasons.append("online")
    if c.fee_carrying and not c.paid_online:
        reasons.append("online_payment")
    if c.finished and not c.dossier_satisfied:
        reasons.append("dossier_satisfied")
    return reasons
