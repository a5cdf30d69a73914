"""Demo data of the one-stop desk: the catalogue and a realistic history.

The history from 2021 to today is planned day by day by ``demo.history`` and
written through the bulk path (``dossiers.history_bulk``): the same rules as
the services decide every appointment, pause, lateness, code and event, and
the rows are written in batches, so ``manage.py demo`` has the whole history
before it returns (no background load, no "incomplete" notice). Each dossier
is received by the agency in force that day (the Bình Thuận department until
30 June 2025, the merged Lâm Đồng department from 1 July 2025) and, from
1 March 2025, drawn from the procedures in force that day (no LLTP).

``apply_planned`` plays one planned dossier on either path: on a
:class:`~tuphap.dossiers.history_bulk.PastDossier` (bulk) or through the
services (:class:`ThroughServices`, the reference the tests compare with).
The last weeks (``_recent``) are live dossiers through the services: handlers,
a supplement awaited, results to hand over; none of them overdue.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from tuphap.core.tz import LOCAL_TZ as TZ
from tuphap.dossiers import services
from tuphap.dossiers.catalogue import PROCEDURES, versions
from tuphap.dossiers.demo.history import (
    APOLOGY_REASONS,
    DAY,
    FIRST_DAY,
    LLTP_LAST_DAY,
    SUPPLEMENT_ITEMS,
    MixEntry,
    PlannedDossier,
    applicant,
    history_days,
    plan_day,
    procedure_mix,
)
from tuphap.dossiers.history_bulk import BATCH, Lookups, PastDossier, write_batch
from tuphap.dossiers.models import Dossier, Procedure
from tuphap.dossiers.procedures import catalogue_publish
from tuphap.orgs.models import Agency, Unit
from tuphap.workdays.core import OfficeClock
from tuphap.workdays.selectors import office_clock

log = logging.getLogger(__name__)
RECENT = 60


def _department() -> Agency:
    return Agency.objects.get(code=settings.TUPHAP_AGENCY_CODE)


def load(stdout: Any) -> None:
    agency = _department()
    units = {u.code: u for u in Unit.objects.filter(agency=agency)}
    catalogue_publish(actor=None, agency=agency, units=units, entries=versions())
    if not Dossier.objects.filter(import_key__startswith="demo-").exists():
        user_model = get_user_model()
        people = {
            u.username: u
            for u in user_model.objects.filter(username__in=["motcua", "chuyenvien", "truongphong", "giamdoc"])
        }
        now = timezone.now()
        load_history(now, FIRST_DAY, timezone.localdate())
        with services.quiet():
            _recent(random.Random(20220331), people, now)  # noqa: S311 - demo data, not security
    _finish_an_earlier_background_load()
    stdout.write(
        f"Hồ sơ một cửa: {len(PROCEDURES)} thủ tục, {Dossier.objects.count()} hồ sơ mẫu"
        " (lịch sử từ 01/01/2021 đến nay)."
    )


def _finish_an_earlier_background_load() -> None:
    """A demo database made before the bulk path may hold a history half loaded by the background
    worker (``HistoryLoad`` "demo-history" unfinished): load the rest now (loaded days are skipped by
    their import keys) and close the load, so that no report says its figures are incomplete."""
    from tuphap.dossiers.models import HistoryLoad

    state = HistoryLoad.objects.filter(key="demo-history", finished_at=None).first()
    if state is None:
        return
    load_history(timezone.now(), state.first_day, timezone.localdate())
    HistoryLoad.objects.filter(pk=state.pk).update(finished_at=timezone.now(), done_through=timezone.localdate())


# --------------------------------------------------------------------------- the history, applied


class Played(Protocol):
    """A dossier being played: a ``PastDossier`` or ``ThroughServices``."""

    @property
    def due_at(self) -> dt.datetime: ...

    def request_supplement(
        self, *, items: Sequence[str], at: dt.datetime, reason: str = "", again: bool = False
    ) -> None: ...

    def supplement_received(self, *, at: dt.datetime, note: str = "") -> None: ...

    def extend(self, *, reason: str, new_due_at: dt.datetime, at: dt.datetime) -> None: ...

    def resolve(self, *, outcome: str, at: dt.datetime, reason: str = "", electronic_result: bool = False) -> None: ...

    def return_(self, *, at: dt.datetime) -> None: ...

    def rate(self, *, rating: str, at: dt.datetime) -> None: ...


class ThroughServices:
    """The services, one transaction per step: the path of live dossiers, and the reference for the bulk path."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier

    @property
    def due_at(self) -> dt.datetime:
        assert self.dossier.due_at is not None  # noqa: S101 - a received dossier has its appointment
        return self.dossier.due_at

    def _play(self, service: Callable[..., Dossier], **params: Any) -> None:
        """One step through its service (``services.dossier_…``), as the system (actor None)."""
        self.dossier = service(actor=None, dossier=self.dossier, **params)

    def request_supplement(
        self, *, items: Sequence[str], at: dt.datetime, reason: str = "", again: bool = False
    ) -> None:
        self._play(services.dossier_request_supplement, items=list(items), reason=reason, again=again, at=at)

    def supplement_received(self, *, at: dt.datetime, note: str = "") -> None:
        self._play(services.dossier_supplement_received, note=note, at=at)

    def extend(self, *, reason: str, new_due_at: dt.datetime, at: dt.datetime) -> None:
        self._play(services.dossier_extend, reason=reason, new_due_at=new_due_at, at=at)

    def resolve(self, *, outcome: str, at: dt.datetime, reason: str = "", electronic_result: bool = False) -> None:
        self._play(services.dossier_resolve, outcome=outcome, reason=reason, electronic_result=electronic_result, at=at)

    def return_(self, *, at: dt.datetime) -> None:
        self._play(services.dossier_return, at=at)

    def rate(self, *, rating: str, at: dt.datetime) -> None:
        self._play(services.dossier_rate, rating=rating, at=at)


def _shift(clock: OfficeClock, start: dt.datetime, office_seconds: int) -> dt.datetime:
    """The instant ``office_seconds`` of office time after ``start``."""
    return clock.instant_at(clock.office_seconds_at(start) + max(office_seconds, 0))


def receive_planned(lookups: Lookups, p: PlannedDossier, *, bulk: bool) -> tuple[Played, OfficeClock]:
    """The planned dossier received by the agency in force that day, on the bulk path or through the services."""
    day = p.received_at.astimezone(TZ).date()
    procedure = lookups.procedure(p.procedure, day)
    agency = lookups.agency_in_force(procedure.agency, day)
    clock = lookups.clock(agency)
    flags = {"scanned_components": p.scanned, "online_payment": p.online_payment}
    # the national portal takes the receipt at the next export run, a few minutes later (service index)
    synced = p.received_at + dt.timedelta(minutes=5)
    if bulk:
        past = PastDossier(
            procedure=procedure,
            agency=agency,
            clock=clock,
            channel=p.channel,
            received_at=p.received_at,
            applicant=p.applicant_dict(),
            import_key=p.key,
            flags=flags,
            receiving_point=lookups.receiving_point(p.channel, day),
            facts={"synced_to_national_at": synced},
        )
        return past, clock
    dossier = services.dossier_receive(
        actor=None,
        procedure_code=p.procedure,
        applicant=p.applicant_dict(),
        channel=p.channel,
        received_at=p.received_at,
        agency=agency,
        import_key=p.key,
        flags=flags,
    )
    dossier.synced_to_national_at = synced
    Dossier.objects.filter(pk=dossier.pk).update(synced_to_national_at=synced)
    return ThroughServices(dossier), clock


def apply_planned(clock: OfficeClock, p: PlannedDossier, now: dt.datetime, d: Played) -> dt.datetime | None:
    """Play one received planned dossier up to ``now`` (later steps wait: the dossier stays open); the time of
    a poor rating given by ``now`` (the applicant then writes in: ``feedback_planned``), else None."""
    cursor = p.received_at
    if p.supplement_after:
        ask = _shift(clock, cursor, min(p.supplement_after, clock.elapsed(cursor, d.due_at) // 2))
        if ask > now:
            return None
        items = [SUPPLEMENT_ITEMS[len(p.key) % 2 if p.procedure.startswith("2.") else 3]]
        d.request_supplement(items=items, reason="Hồ sơ chưa đầy đủ thành phần", at=ask)
        back = _shift(clock, ask, p.supplement_wait)
        if back > now:
            return None
        d.supplement_received(at=back)
        cursor = back
        if p.second_supplement:
            ask = _shift(clock, cursor, max(1800, clock.elapsed(cursor, d.due_at) // 3))
            if ask > now:
                return None
            d.request_supplement(
                items=["Bản sao có chứng thực giấy tờ đã nộp"],
                again=True,
                reason="Giấy tờ bổ sung là bản chụp, chưa được chứng thực",
                at=ask,
            )
            back = _shift(clock, ask, p.supplement_wait // 2 + 3600)
            if back > now:
                return None
            d.supplement_received(at=back)
            cursor = back
    due = d.due_at
    if p.late:
        finish = _shift(clock, due, p.late_by)
        apology = clock.instant_at(clock.office_seconds_at(due) - DAY - DAY // 2)
        if p.apology and cursor < apology <= now:
            d.extend(
                reason=APOLOGY_REASONS[p.late_by % len(APOLOGY_REASONS)],
                new_due_at=_shift(clock, due, p.late_by + DAY),
                at=apology,
            )
    else:
        finish = _shift(clock, cursor, int(p.finish_share * clock.elapsed(cursor, due)))
    if finish > now:
        return None
    rejected = p.outcome == "rejected"
    d.resolve(
        outcome=p.outcome,
        reason="Không đủ điều kiện theo quy định" if rejected else "",
        electronic_result=p.electronic_result,
        at=finish,
    )
    last = finish
    if p.return_after:
        last = _shift(clock, finish, p.return_after)
        if last > now:
            return None
        d.return_(at=last)
    if p.rating:
        rated = last + dt.timedelta(minutes=10)
        if rated <= now:
            d.rate(rating=p.rating, at=rated)
            if p.rating == "poor":  # an unhappy applicant also writes in; the department answers within days
                return rated
    return None


def feedback_planned(clock: OfficeClock, d: Dossier, rated: dt.datetime, now: dt.datetime) -> None:
    """The applicant who rated the dossier poor at ``rated`` writes in an hour later, through the feedback
    services (after the dossier is written); the department answers within days."""
    from tuphap.dossiers import feedback

    at = rated + dt.timedelta(hours=1)
    item = feedback.feedback_submit(
        actor=None,
        kind="reflection",
        content="Thời gian chờ nhận kết quả lâu hơn tôi mong đợi, đề nghị Sở xem xét.",
        sender_name=d.applicant_name,
        dossier_code=d.code,
        at=at,
    )
    answered = _shift(clock, at, DAY + len(d.code) % 3 * DAY)
    if answered <= now:
        feedback.feedback_answer(
            actor=None,
            feedback=item,
            answer="Sở đã kiểm tra quy trình giải quyết hồ sơ và nhắc nhở bộ phận liên quan.",
            at=answered,
        )


class Mixes:
    """The procedure mix of each day after LLTP: the department's procedures in force that day, by field."""

    def __init__(self) -> None:
        self._rows = list(Procedure.objects.values_list("code", "field", "channels", "valid_from", "valid_to"))
        self._mixes: dict[frozenset[tuple[str, str, tuple[str, ...]]], tuple[MixEntry, ...]] = {}

    def on(self, day: dt.date) -> tuple[MixEntry, ...] | None:
        if day <= LLTP_LAST_DAY:
            return None
        in_force = frozenset(
            (code, field, tuple(channels or ()))
            for code, field, channels, valid_from, valid_to in self._rows
            if valid_from <= day and (valid_to is None or day <= valid_to)
        )
        if in_force not in self._mixes:
            self._mixes[in_force] = procedure_mix(sorted(in_force))
        return self._mixes[in_force]


def planned_days(first: dt.date, last: dt.date, now: dt.datetime) -> list[PlannedDossier]:
    """The plan of the days from ``first`` to ``last``, received by ``now``."""
    clock = office_clock(_department())
    mixes = Mixes()
    return [p for day in history_days(first, last) for p in plan_day(clock, day, mixes.on(day)) if p.received_at <= now]


def load_history(
    now: dt.datetime, first: dt.date, last: dt.date, *, progress: Callable[[dt.date, int], None] | None = None
) -> int:
    """The history of the days from ``first`` to ``last`` up to ``now``, on the bulk path; the dossiers written
    (a day already loaded is skipped: the import keys). The feedback of poor ratings follows each batch,
    through the feedback services."""
    lookups = Lookups()
    written = 0
    batch: list[tuple[PastDossier, OfficeClock, dt.datetime | None]] = []
    planned = planned_days(first, last, now)
    for i, p in enumerate(planned):
        past, clock = receive_planned(lookups, p, bulk=True)
        assert isinstance(past, PastDossier)  # noqa: S101 - bulk=True
        batch.append((past, clock, apply_planned(clock, p, now, past)))
        if len(batch) >= BATCH or i == len(planned) - 1:
            result = write_batch(b[0] for b in batch)
            written += len(result.written)
            fresh = {id(w) for w in result.written}
            with services.quiet():
                for past_dossier, past_clock, rated in batch:
                    if rated is not None and id(past_dossier) in fresh:
                        feedback_planned(past_clock, past_dossier.dossier, rated, now)
            batch = []
            if progress is not None:
                progress(p.received_at.date(), written)
    log.info("demo history loaded: %s dossiers", written)
    return written


def load_history_through_services(now: dt.datetime, first: dt.date, last: dt.date) -> int:
    """The same history through the services, one dossier at a time (the reference of the bulk path)."""
    lookups = Lookups()
    planned = planned_days(first, last, now)
    with services.quiet():
        for p in planned:
            played, clock = receive_planned(lookups, p, bulk=False)
            rated = apply_planned(clock, p, now, played)
            if rated is not None:
                assert isinstance(played, ThroughServices)  # noqa: S101 - bulk=False
                feedback_planned(clock, played.dossier, rated, now)
    return len(planned)


def _working_instant(rng: random.Random, day: dt.date) -> dt.datetime:
    minute = rng.randint(0, 7 * 60)
    hour, minute = divmod(7 * 60 + minute + (120 if minute > 270 else 0), 60)
    return dt.datetime(day.year, day.month, day.day, min(hour, 16), minute, tzinfo=TZ)


def _recent(rng: random.Random, people: dict[str, Any], now: dt.datetime) -> None:
    """The last weeks: live dossiers in every state, for the inboxes and the warnings, none of them overdue
    (each is received late enough for its appointment to lie ahead)."""
    today = timezone.localdate()
    clock = office_clock()
    days: list[dt.date] = []
    day = today
    while len(days) < 12:
        if clock.is_working_day(day):
            days.append(day)
        day -= dt.timedelta(days=1)
    lookups = Lookups()
    mix = Mixes().on(today) or ()
    specialist, head = people.get("chuyenvien"), people.get("truongphong")
    profile = getattr(specialist, "staff_profile", None)
    # citizens' procedures in force today that take online dossiers (and a fee), of the specialist's unit
    # so that the head can assign them to the specialist
    online = [code for code, _, channels in mix if not channels or "online" in channels]
    citizens = [
        code
        for code in online
        if lookups.procedure(code, today).fee
        and (profile is None or lookups.procedure(code, today).unit_id == profile.unit_id)
    ] or online
    if not citizens:  # no procedure of the department in force today
        return
    for i in range(RECENT):
        procedure = lookups.procedure(rng.choice(sorted(citizens)), today)
        agency = lookups.agency_in_force(procedure.agency, today)
        agency_clock = lookups.clock(agency)
        received = now
        # the day drawn, or a later one if the appointment of a dossier received that day has passed
        for day in reversed(days[: i % len(days) + 1]):
            received = min(_working_instant(rng, day), now - dt.timedelta(minutes=5 + i))
            due = agency_clock.due_at(received, procedure.time_limit_amount, procedure.time_limit_unit)
            if due > now + dt.timedelta(hours=4):
                break
            received = now - dt.timedelta(minutes=5 + i)
        channels = [c for c in ("desk", "online") if not procedure.channels or c in procedure.channels]
        dossier = services.dossier_receive(
            actor=None,
            procedure_code=procedure.code,
            applicant=dict(applicant(rng)),
            channel=rng.choice(channels or list(procedure.channels)),
            received_at=received,
            agency=agency,
            import_key=f"demo-recent-{i:03d}",
        )
        step = i % 6
        if step >= 1 and head is not None and specialist is not None:
            services.dossier_assign(actor=head, dossier=dossier, handler=specialist)
        if step == 2:
            services.dossier_request_supplement(
                actor=specialist,
                dossier=dossier,
                items=["Bản chụp giấy tờ chứng minh nơi cư trú"],
                reason="Thiếu thành phần",
            )
        if step >= 4 and head is not None:
            services.dossier_resolve(actor=head, dossier=dossier, outcome="approved")
        if step == 5:
            services.dossier_return(actor=people.get("motcua"), dossier=dossier)
