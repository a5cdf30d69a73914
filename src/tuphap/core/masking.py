"""Personal data as screens and logs may show it to those who need no more
(docs/privacy.md): pure Python, used by the apps' pages and APIs and by the
notification outbox's logs."""

from __future__ import annotations


def mask_id(value: str) -> str:
    """Show only the last three characters of an ID number."""
    return "*" * max(len(value) - 3, 0) + value[-3:] if value else ""


def mask_phone(value: str) -> str:
    """Show only the last four digits of a phone number."""
    return "*" * max(len(value) - 4, 0) + value[-4:] if value else ""


def mask_email(value: str) -> str:
    """Show the first character of the mailbox and the domain: ``a***@example.vn``."""
    box, at, domain = (value or "").partition("@")
    return f"{box[:1]}***{at}{domain}" if value else ""


def mask_contact(value: str) -> str:
    """A phone number or an email address as logs may show it."""
    return mask_email(value) if "@" in (value or "") else mask_phone(value)
