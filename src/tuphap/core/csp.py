"""The Content Security Policy's nonce for pages rendered without a template
context (printable documents, the 500 page): their own ``<style>`` carries it."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csp import get_nonce


def nonce(request: HttpRequest) -> str:
    """This request's nonce ('' without the CSP middleware); using it puts it in the header."""
    value = get_nonce(request)
    return str(value) if value is not None else ""
