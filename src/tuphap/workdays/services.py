"""Writes on the working calendar (placeholder until the pure core lands)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser


def calendar_seed(*, actor: AbstractBaseUser | None) -> int:
    return 0
