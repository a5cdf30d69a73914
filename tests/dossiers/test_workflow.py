import datetime as dt

import pytest

from tuphap.dossiers import workflow
from tuphap.dossiers.workflow import State


def test_national_codes_are_one_to_ten() -> None:
    assert sorted(workflow.NATIONAL_CODE.values()) == list(range(1, 11))
    assert set(workflow.NATIONAL_CODE) == set(State)


def test_every_action_has_sources_and_roles() -> None:
    for t in workflow.TRANSITIONS.values():
        assert t.sources and t.roles, t.action


def test_allowed_actions_by_role() -> None:
    assert workflow.allowed_actions(State.RECEIVED, {"unit_head"}) == [
        "assign",
        "request_supplement",
        "request_fee",
        "extend",
        "resolve",
        "stop",
        "withdraw",
    ]
    assert "assign" not in workflow.allowed_actions(State.RECEIVED, {"specialist"})
    assert "resolve" in workflow.allowed_actions(State.IN_PROCESS, {"specialist"})  # the handler records the result
    assert workflow.allowed_actions(State.RETURNED, {"reception"}) == ["rate"]
    assert workflow.allowed_actions(State.WITHDRAWN, {"reception", "unit_head", "director", "specialist"}) == []


def test_transition_errors_are_vietnamese() -> None:
    import pytest

    with pytest.raises(workflow.TransitionError, match="Đã trả kết quả"):
        workflow.transition("resolve", State.RETURNED)
    with pytest.raises(workflow.TransitionError, match="không tồn tại"):
        workflow.transition("fly", State.RECEIVED)


def test_clock_states() -> None:
    assert workflow.CLOCK[State.SUPPLEMENT_REQUESTED] == workflow.Clock.PAUSED
    assert workflow.CLOCK[State.IN_PROCESS] == workflow.Clock.RUNNING
    assert workflow.CLOCK[State.RESOLVED] == workflow.Clock.STOPPED


# --------------------------------------------------------------------------- early / on time / late (one rule)

_VN = dt.timezone(dt.timedelta(hours=7))
_DUE = dt.datetime(2022, 3, 14, 9, 0, tzinfo=_VN)  # a Monday, 09:00 in Vietnam


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        (_DUE, "on_time"),  # the exact appointment instant
        (_DUE - dt.timedelta(microseconds=1), "on_time"),
        (_DUE.replace(hour=0, minute=0), "on_time"),  # the same day, earlier: not early
        (_DUE + dt.timedelta(seconds=1), "late"),  # a second later
        (_DUE.replace(hour=23, minute=59), "late"),  # later the same day
        (_DUE - dt.timedelta(days=1), "early"),
        (dt.datetime(2022, 3, 13, 23, 59, 59, tzinfo=_VN), "early"),  # the last second of the day before
        (_DUE - dt.timedelta(days=400), "early"),
        (_DUE + dt.timedelta(days=3), "late"),
    ],
)
def test_timeliness_at_the_boundaries(finished: dt.datetime, expected: str) -> None:
    assert workflow.timeliness(finished, _DUE) == expected


def test_timeliness_compares_days_in_vietnam_not_in_utc() -> None:
    # 06:30 in Vietnam is still the previous day in UTC: the same Vietnamese day is not early
    due = dt.datetime(2022, 3, 14, 6, 30, tzinfo=_VN)
    same_day_utc = dt.datetime(2022, 3, 13, 17, 5, tzinfo=dt.UTC)  # 00:05 on the 14th in Vietnam
    assert workflow.timeliness(same_day_utc, due) == "on_time"
    # 23:30 UTC on the 13th is 06:30 on the 14th in Vietnam, a day before a due date on the 15th
    assert workflow.timeliness(same_day_utc, due + dt.timedelta(days=1)) == "early"
    # the appointment in UTC and the finish in Vietnam's offset compare as instants
    assert workflow.timeliness(due + dt.timedelta(seconds=1), due.astimezone(dt.UTC)) == "late"


def test_the_control_slip_and_the_reports_judge_by_the_same_rule() -> None:
    from tuphap.dossiers.documents import build
    from tuphap.reports import aggregates

    assert build.step_timeliness(_DUE, None) == ""
    assert build.step_timeliness(_DUE + dt.timedelta(seconds=1), _DUE) == "late"
    assert aggregates.classify(_DUE, None) == ""
    assert aggregates.classify(_DUE, _DUE - dt.timedelta(days=1)) == "early"


# --------------------------------------------------------------------------- what a page offers


def test_allowed_actions_leave_out_the_once_only_actions_already_taken() -> None:
    head = {"unit_head"}
    fresh = workflow.Facts(State.IN_PROCESS)
    assert workflow.allowed_actions(fresh, head) == workflow.allowed_actions(State.IN_PROCESS, head)
    assert {"extend", "request_supplement"} <= set(workflow.allowed_actions(fresh, head))
    extended = workflow.Facts(State.IN_PROCESS, extended=True)
    assert "extend" not in workflow.allowed_actions(extended, head)
    assert "request_supplement" in workflow.allowed_actions(extended, head)
    no_due = workflow.Facts(State.IN_PROCESS, has_due=False)
    assert "extend" not in workflow.allowed_actions(no_due, head)
    asked = workflow.Facts(State.RECEIVED, supplement_requested=True)
    assert "request_supplement" not in workflow.allowed_actions(asked, head)
    assert "extend" in workflow.allowed_actions(asked, head)
    assert workflow.allowed_actions(workflow.Facts(State.RETURNED), {"reception"}) == ["rate"]
    assert workflow.allowed_actions(workflow.Facts(State.RETURNED, rated=True), {"reception"}) == []
    # the facts never add what the state or the role forbids
    assert workflow.allowed_actions(workflow.Facts(State.RETURNED), {"specialist"}) == []
    assert workflow.spent("resolve", workflow.Facts(State.IN_PROCESS, extended=True, rated=True)) is False


def test_role_names_of_the_pure_core_are_the_roles() -> None:
    from tuphap.orgs.roles import Role

    assert {workflow.RECEPTION, workflow.SPECIALIST, workflow.UNIT_HEAD, workflow.DIRECTOR} <= {r.value for r in Role}
    assert set().union(*(t.roles for t in workflow.TRANSITIONS.values())) <= {r.value for r in Role}


def test_the_dispatcher_covers_every_action_with_parameters_its_service_takes() -> None:
    from tuphap.core.keywords import accepted
    from tuphap.dossiers.actions import ACTIONS

    assert set(ACTIONS) == set(workflow.ACTIONS)
    for action, taken in ACTIONS.items():
        names, _required = accepted(taken.service)  # a typed bundle's keys (PEP 692) count as its keywords
        assert {"actor", "dossier", "expected_version", *taken.params} <= names, action
