"""Fixtures of the legal documents tests: data built through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tuphap.lawdocs import services
from tuphap.orgs.roles import Role


@pytest.fixture
def specialist(make_staff: Callable[..., Any]) -> Any:
    return make_staff("chuyenvien", Role.SPECIALIST)


@pytest.fixture
def make_doc(db: Any) -> Callable[..., Any]:
    def make(
        number: str, title: str = "Quyết định mẫu", *, effective: str = "2020-01-01", text: str = "", **fields: Any
    ) -> Any:
        effective_from = dt.date.fromisoformat(effective)
        fields.setdefault("issued_on", effective_from - dt.timedelta(days=10))
        fields.setdefault("doc_type", "decision")
        fields.setdefault("issuer", "Ủy ban nhân dân tỉnh Bình Thuận")
        document, _outcome = services.document_save(
            actor=None, number=number, title=title, effective_from=effective_from, text=text, **fields
        )
        return document

    return make


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
