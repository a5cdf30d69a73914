"""Fixtures of the workplans tests: data built through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tuphap.orgs.roles import Role
from tuphap.workplans import services

D = dt.date.fromisoformat


@pytest.fixture
def specialist(make_staff: Callable[..., Any]) -> Any:
    """A specialist of the civil-status unit (hctp)."""
    return make_staff("chuyenvien", Role.SPECIALIST)


@pytest.fixture
def other_specialist(make_staff: Callable[..., Any]) -> Any:
    """A specialist of another unit (btp)."""
    return make_staff("chuyenvienbtp", Role.SPECIALIST, unit="btp")


@pytest.fixture
def unit_head(make_staff: Callable[..., Any]) -> Any:
    user = make_staff("truongphong", Role.UNIT_HEAD)
    user.email = "truongphong@example.invalid"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def source(department: Any, director: Any) -> Any:
    return services.task_source_create(
        actor=director,
        agency=department,
        kind="conclusion",
        number="86/TB-UBND",
        issued_on=D("2022-04-12"),
        issuer="UBND tỉnh",
        title="Kết luận của Chủ tịch UBND tỉnh về kết quả công tác quý I/2022",
    )


@pytest.fixture
def make_task(source: Any, units: dict[str, Any], director: Any) -> Callable[..., Any]:
    def make(content: str = "Rà soát văn bản", unit: str | None = "hctp", **kwargs: Any) -> Any:
        kwargs.setdefault("deadline_kind", "date")
        if kwargs["deadline_kind"] == "date":
            kwargs.setdefault("due_on", D("2022-05-31"))
        return services.task_create(
            actor=director, source=source, content=content, lead_unit=units[unit] if unit else None, **kwargs
        )

    return make
