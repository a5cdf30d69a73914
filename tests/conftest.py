"""Shared fixtures: data is built through the real services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tuphap.orgs import services as orgs
from tuphap.orgs.roles import Role

PASSWORD = "mat-khau-thu-nghiem-1"


@pytest.fixture
def department(db: Any) -> Any:
    parent = orgs.agency_upsert(actor=None, code="000.00.00.H09", name="Ủy ban nhân dân tỉnh Bình Thuận")
    return orgs.agency_upsert(actor=None, code="000.00.17.H09", name="Sở Tư pháp tỉnh Bình Thuận", parent=parent)


@pytest.fixture
def units(department: Any) -> dict[str, Any]:
    return {
        "hctp": orgs.unit_upsert(actor=None, agency=department, code="hctp", name="Phòng Hành chính tư pháp"),
        "btp": orgs.unit_upsert(actor=None, agency=department, code="btp", name="Phòng Bổ trợ tư pháp"),
    }


@pytest.fixture
def make_staff(units: dict[str, Any]) -> Callable[..., Any]:
    def make(username: str, *roles: Role, unit: str | None = "hctp", superuser: bool = False) -> Any:
        return orgs.staff_upsert(
            actor=None,
            username=username,
            full_name=f"Cán Bộ {username.title()}",
            roles=roles,
            unit=units[unit] if unit else None,
            password=PASSWORD,
            superuser=superuser,
        )

    return make


@pytest.fixture
def reception(make_staff: Callable[..., Any]) -> Any:
    return make_staff("motcua", Role.RECEPTION)


@pytest.fixture
def director(make_staff: Callable[..., Any]) -> Any:
    return make_staff("giamdoc", Role.DIRECTOR, unit=None)


@pytest.fixture
def admin_user(make_staff: Callable[..., Any]) -> Any:
    return make_staff("quantri", Role.ADMIN, superuser=True)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Every test starts with empty rate-limit counters (the suite makes all its
    requests from one address, faster than any person)."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    cache = caches["ratelimit"]
    if isinstance(cache, LocMemCache):
        cache.clear()
    else:  # Redis (REDIS_URL set): only our counters, never FLUSHDB
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        for key in client.scan_iter(match=f"{cache.key_prefix}:*"):
            client.delete(key)


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> None:
    """Every test starts with no page rendered by an earlier one: the portal's
    in-process page cache is keyed by a content generation that restarts at the
    same number in every test database, and the department's name by the day."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import timezone

    from tuphap.portal.caching import pages

    pages.clear()
    cache.delete(f"tuphap:agency-name:{settings.TUPHAP_AGENCY_CODE}:{timezone.localdate():%Y%m%d}")
