"""Per-request context that services read (the client's IP for audit events)."""

from __future__ import annotations

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("tuphap_current_ip", default=None)
