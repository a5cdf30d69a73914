"""Demo data of the one-stop desk: the catalogue and a realistic history.

The history from 2021 is planned day by day by ``demo.history`` and applied
through the services (the real calendar computes every appointment).
``manage.py demo`` loads Q1/2022 (the quarter the department published:
1.635 received, 11 late) and the last weeks at once; the rest of the history
is loaded by the background worker (``load_history``), day by day, while the
site is already served. Until it has finished, every report says that its
figures are incomplete (``dossiers.HistoryLoad``).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone

from tuphap.core.tz import LOCAL_TZ as TZ
from tuphap.dossiers import services
from tuphap.dossiers.catalogue import PROCEDURES, versions
from tuphap.dossiers.demo.history import (
    APOLOGY_REASONS,
    DAY,
    FIRST_DAY,
    PUBLISHED,
    SUPPLEMENT_ITEMS,
    PlannedDossier,
    applicant,
    history_days,
    plan_day,
    quarter_days,
)
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.procedures import catalogue_publish
from tuphap.orgs.models import Agency, Unit
from tuphap.workdays.core import OfficeClock
from tuphap.workdays.selectors import office_clock

log = logging.getLogger(__name__)
RECENT = 60
HISTORY_KEY = "demo-history"
HISTORY_LABEL = "hồ sơ mẫu một cửa từ 01/01/2021"
YIELD_SECONDS = 0.15  # between two days of history: SQLite's busy handler polls every 100 ms


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
        clock = office_clock(agency)
        now = timezone.now()
        with services.quiet():
            for year, quarter in PUBLISHED:
                for day in quarter_days(year, quarter):
                    apply_day(clock, day, now)
            _recent(random.Random(20220331), people)  # noqa: S311 - demo data, not security
    pending = schedule_history()
    stdout.write(f"Hồ sơ một cửa: {len(PROCEDURES)} thủ tục, {Dossier.objects.count()} hồ sơ mẫu.")
    if pending:
        stdout.write(
            "  Lịch sử hồ sơ từ 01/01/2021 đến nay đang được nạp ở nền (tiến trình nền của `make demo`/`make serve`);"
            " trong lúc đó các báo cáo ghi rõ số liệu chưa đầy đủ."
        )


# --------------------------------------------------------------------------- the history, applied


def _shift(clock: OfficeClock, start: dt.datetime, office_seconds: int) -> dt.datetime:
    """The instant ``office_seconds`` of office time after ``start``."""
    return clock.instant_at(clock.office_seconds_at(start) + max(office_seconds, 0))


def apply_planned(clock: OfficeClock, p: PlannedDossier, now: dt.datetime) -> Dossier:
    """One planned dossier through the services, up to ``now`` (later steps wait: the dossier stays open)."""
    d = services.dossier_receive(
        actor=None,
        procedure_code=p.procedure,
        applicant=p.applicant_dict(),
        channel=p.channel,
        received_at=p.received_at,
        import_key=p.key,
        flags={"scanned_components": p.scanned, "online_payment": p.online_payment},
    )
    assert d.due_at is not None  # noqa: S101 - a received dossier has its appointment
    # the national portal takes the receipt at the next export run, a few minutes later (service index)
    Dossier.objects.filter(pk=d.pk).update(synced_to_national_at=p.received_at + dt.timedelta(minutes=5))
    cursor = p.received_at
    if p.supplement_after:
        ask = _shift(clock, cursor, min(p.supplement_after, clock.elapsed(cursor, d.due_at) // 2))
        if ask > now:
            return d
        items = [SUPPLEMENT_ITEMS[len(p.key) % 2 if p.procedure.startswith("2.") else 3]]
        d = services.dossier_request_supplement(
            actor=None, dossier=d, items=items, reason="Hồ sơ chưa đầy đủ thành phần", at=ask
        )
        back = _shift(clock, ask, p.supplement_wait)
        if back > now:
            return d
        d = services.dossier_supplement_received(actor=None, dossier=d, at=back)
        cursor = back
        if p.second_supplement:
            assert d.due_at is not None  # noqa: S101
            ask = _shift(clock, cursor, max(1800, clock.elapsed(cursor, d.due_at) // 3))
            if ask > now:
                return d
            d = services.dossier_request_supplement(
                actor=None,
                dossier=d,
                items=["Bản sao có chứng thực giấy tờ đã nộp"],
                again=True,
                reason="Giấy tờ bổ sung là bản chụp, chưa được chứng thực",
                at=ask,
            )
            back = _shift(clock, ask, p.supplement_wait // 2 + 3600)
            if back > now:
                return d
            d = services.dossier_supplement_received(actor=None, dossier=d, at=back)
            cursor = back
    due = d.due_at
    assert due is not None  # noqa: S101
    if p.late:
        finish = _shift(clock, due, p.late_by)
        apology = clock.instant_at(clock.office_seconds_at(due) - DAY - DAY // 2)
        if p.apology and cursor < apology <= now:
            services.dossier_extend(
                actor=None,
                dossier=d,
                reason=APOLOGY_REASONS[p.late_by % len(APOLOGY_REASONS)],
                new_due_at=_shift(clock, due, p.late_by + DAY),
                at=apology,
            )
    else:
        finish = _shift(clock, cursor, int(p.finish_share * clock.elapsed(cursor, due)))
    if finish > now:
        return d
    rejected = p.outcome == "rejected"
    d = services.dossier_resolve(
        actor=None,
        dossier=d,
        outcome=p.outcome,
        reason="Không đủ điều kiện theo quy định" if rejected else "",
        electronic_result=p.electronic_result,
        at=finish,
    )
    last = finish
    if p.return_after:
        last = _shift(clock, finish, p.return_after)
        if last > now:
            return d
        d = services.dossier_return(actor=None, dossier=d, at=last)
    if p.rating:
        rated = last + dt.timedelta(minutes=10)
        if rated <= now:
            d = services.dossier_rate(actor=None, dossier=d, rating=p.rating, at=rated)
            if p.rating == "poor":  # an unhappy applicant also writes in; the department answers within days
                _feedback(clock, d, rated + dt.timedelta(hours=1), now)
    return d


def _feedback(clock: OfficeClock, d: Dossier, at: dt.datetime, now: dt.datetime) -> None:
    from tuphap.dossiers import feedback

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


def apply_day(clock: OfficeClock, day: dt.date, now: dt.datetime) -> int:
    """The planned dossiers of one day, in one transaction; nothing if the day is already loaded."""
    planned = plan_day(clock, day)
    if not planned:
        return 0
    with transaction.atomic():
        if Dossier.objects.filter(import_key=planned[0].key).exists():
            return 0
        for p in planned:
            apply_planned(clock, p, now)
    return len(planned)


def schedule_history() -> bool:
    """Note the history still to load and ask the worker to load it; False when it is all loaded."""
    from tuphap.dossiers.models import HistoryLoad

    state, _created = HistoryLoad.objects.get_or_create(
        key=HISTORY_KEY,
        defaults={
            "label": HISTORY_LABEL,
            "first_day": FIRST_DAY,
            "last_day": timezone.localdate() - dt.timedelta(days=1),
        },
    )
    if state.finished_at is not None:
        return False
    transaction.on_commit(_enqueue_history)
    return True


def _enqueue_history() -> None:
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=load_history.module_path, status="READY").exists():
        return
    load_history.enqueue()


def load_history_now(*, progress: Any = None) -> int:
    """Load the rest of the history (resumes after the last day loaded); the number of dossiers loaded."""
    from tuphap.dossiers.models import HistoryLoad

    state = HistoryLoad.objects.filter(key=HISTORY_KEY).first()
    if state is None or state.finished_at is not None:
        return 0
    clock = office_clock(_department())
    now = timezone.now()
    start = state.done_through + dt.timedelta(days=1) if state.done_through else state.first_day
    loaded = 0
    with services.quiet():
        for day in history_days(start, state.last_day):
            with transaction.atomic():
                HistoryLoad.objects.select_for_update().filter(pk=state.pk).first()  # one loader at a time
                count = apply_day(clock, day, now)
                HistoryLoad.objects.filter(pk=state.pk).update(done_through=day)
            loaded += count
            if count and connection.vendor == "sqlite":
                # SQLite has one writer: leave the lock free for a moment, or a waiting
                # request (a login, a report's refresh) could wait past its timeout
                time.sleep(YIELD_SECONDS)
            if progress is not None and day.day == 1:
                progress(day, loaded)
    HistoryLoad.objects.filter(pk=state.pk).update(finished_at=timezone.now(), done_through=state.last_day)
    log.info("demo history loaded: %s dossiers", loaded)
    return loaded


@task()
def load_history() -> int:
    """The background job ``manage.py demo`` enqueues: the demo history from 2021."""
    return load_history_now()


def _working_instant(rng: random.Random, day: dt.date) -> dt.datetime:
    minute = rng.randint(0, 7 * 60)
    hour, minute = divmod(7 * 60 + minute + (120 if minute > 270 else 0), 60)
    return dt.datetime(day.year, day.month, day.day, min(hour, 16), minute, tzinfo=TZ)


def _recent(rng: random.Random, people: dict[str, Any]) -> None:
    """The last weeks: dossiers in every state, for the inboxes and the warnings."""
    from django.utils import timezone

    now = timezone.now()
    clock = office_clock()
    today = timezone.localdate()
    days: list[dt.date] = []
    day = today
    while len(days) < 12:
        if clock.is_working_day(day):
            days.append(day)
        day -= dt.timedelta(days=1)
    specialist, head = people.get("chuyenvien"), people.get("truongphong")
    for i in range(RECENT):
        day = days[i % len(days)]
        received = _working_instant(rng, day)
        if received > now:
            received = now - dt.timedelta(minutes=5 + i)
        procedure = rng.choice(
            [
                p
                for p in PROCEDURES
                if p["unit"] == "hctp" and p["fee"] and p["valid_to"] is None and "online" in p["channels"]
            ]
        )["code"]  # citizens' procedures in force today, at the desk or online
        dossier = services.dossier_receive(
            actor=None,
            procedure_code=procedure,
            applicant=dict(applicant(rng)),
            channel=rng.choice(["desk", "online"]),
            received_at=received,
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
