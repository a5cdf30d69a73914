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
