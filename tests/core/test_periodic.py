"""The periodic jobs: registered by the apps, run one by one (a failure stops
nothing else), daily jobs once per working day from 07:00."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tuphap.core import apps_registry
from tuphap.core.models import JobRun
from tuphap.core.periodic import EVERY_MINUTE, ONCE_A_WORKING_DAY, Job, run_jobs
from tuphap.core.tz import LOCAL_TZ


def local(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def boom(at: dt.datetime) -> str:
    raise RuntimeError("SMTP down")


def test_the_apps_register_their_jobs_and_the_outbox_runs_last(db: Any) -> None:
    jobs = {job.name: job.cadence for job in apps_registry.periodic_jobs()}
    assert jobs == {
        "dossier-deadline-warnings": ONCE_A_WORKING_DAY,
        "online-drafts-purge": ONCE_A_WORKING_DAY,
        "task-deadline-reminders": ONCE_A_WORKING_DAY,
        "citizen-codes-purge": ONCE_A_WORKING_DAY,
        "citizen-accounts-purge": ONCE_A_WORKING_DAY,
        "aggregates": EVERY_MINUTE,
        "portal-counters": EVERY_MINUTE,
        "outbox": EVERY_MINUTE,
        "idempotency-purge": EVERY_MINUTE,
    }
    assert list(jobs)[-2:] == ["outbox", "idempotency-purge"]
    is_working_day = apps_registry.periodic_working_day()
    assert is_working_day(dt.date(2022, 5, 4)) and not is_working_day(dt.date(2022, 5, 2))  # 2/5/2022: day off
    with pytest.raises(ValueError, match="cadence"):
        Job(name="x", cadence="hourly", run=boom)


def test_a_failing_job_does_not_stop_the_others(db: Any, monkeypatch: Any, caplog: Any) -> None:
    ran = []
    jobs = [
        Job(name="first", cadence=EVERY_MINUTE, run=boom),
        Job(name="second", cadence=EVERY_MINUTE, run=lambda at: ran.append(at) or "2 done"),
        Job(name="third", cadence=EVERY_MINUTE, run=lambda at: ""),
    ]
    monkeypatch.setattr("tuphap.core.management.commands.periodic.periodic_jobs", lambda: jobs)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 periodic job.* failed: first"):
        call_command("periodic", stdout=out, stderr=err)
    assert len(ran) == 1
    assert out.getvalue() == "second: 2 done\n"  # one line per job that did something; nothing for "third"
    assert err.getvalue() == "first: FAILED (RuntimeError: SMTP down)\n"
    assert "periodic job first failed" in caplog.text and "Traceback" in caplog.text


def test_a_daily_job_runs_once_per_working_day_from_seven_and_not_on_a_day_off(db: Any) -> None:
    calls: list[dt.datetime] = []
    job = Job(name="daily", cadence=ONCE_A_WORKING_DAY, run=lambda at: calls.append(at) or "")
    is_working_day = apps_registry.periodic_working_day()

    def run(at: str) -> Any:
        [outcome] = run_jobs([job], at=local(at), is_working_day=is_working_day)
        return outcome

    assert run("2022-05-04T06:59").skipped  # a Wednesday, before 07:00
    assert not run("2022-05-04T07:00").skipped and run("2022-05-04T07:01").skipped and run("2022-05-04T16:00").skipped
    assert JobRun.objects.get(name="daily").last_day == dt.date(2022, 5, 4)
    assert run("2022-05-05T09:30").skipped is False  # the next working day
    assert run("2022-05-07T09:30").skipped and run("2022-05-02T09:30").skipped  # a Saturday; a public holiday
    assert [c.astimezone(LOCAL_TZ).date() for c in calls] == [dt.date(2022, 5, 4), dt.date(2022, 5, 5)]


def test_a_failed_daily_job_is_tried_again_at_the_next_run(db: Any, caplog: Any) -> None:
    attempts: list[dt.datetime] = []

    def flaky(at: dt.datetime) -> str:
        attempts.append(at)
        if len(attempts) < 3:
            raise ConnectionError("database busy")
        return "ok"

    job = Job(name="flaky", cadence=ONCE_A_WORKING_DAY, run=flaky)
    first = run_jobs([job], at=local("2022-05-04T07:00"))
    assert first[0].failed and not JobRun.objects.filter(name="flaky").exists()  # a first run leaves no claim
    assert run_jobs([job], at=local("2022-05-04T07:01"))[0].failed
    assert run_jobs([job], at=local("2022-05-04T07:02"))[0].summary == "ok"
    assert run_jobs([job], at=local("2022-05-04T07:03"))[0].skipped
    JobRun.objects.filter(name="flaky").update(last_day=dt.date(2022, 5, 3))
    attempts.clear()  # fails twice again: the claim goes back to the previous day, not away
    assert run_jobs([job], at=local("2022-05-05T07:00"))[0].failed
    assert JobRun.objects.get(name="flaky").last_day == dt.date(2022, 5, 3)
