"""Errors that services raise and the HTTP layer maps to status codes.

- ``django.core.exceptions.ValidationError``: invalid input (422 in the API,
  errors next to the field in forms)
- ``django.core.exceptions.PermissionDenied``: not allowed for this role (403)
- ``ConflictError``: not allowed in this state, a once-only rule, or a lost
  race (409)
"""

from __future__ import annotations


class ConflictError(Exception):
    """The request is valid but conflicts with the object's current state."""

    code = "conflict"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
