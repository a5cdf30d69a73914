"""The text rules of the portal's fields, in one table.

Every text of the portal (articles and their proposed changes, announcements,
categories, photo captions) goes through ``tuphap.core.text``: NFC, invisible
characters removed, control and direction characters refused with a message
that names the character. The services check what they are given
(``checked``); the models' ``clean()`` (``clean_text_fields``) does the same
for what saves through model forms (the Django admin, the editors' forms).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from tuphap.core.text import TextError, clean_block, clean_line

LINE, BLOCK, NAME = "line", "block", "name"

#: (model, field) -> (kind, maximum length)
RULES: dict[tuple[str, str], tuple[str, int | None]] = {
    ("Category", "name"): (LINE, 120),
    ("Category", "description"): (LINE, 300),
    ("Article", "title"): (LINE, 250),
    ("Article", "lead"): (BLOCK, 1000),
    ("Article", "body"): (BLOCK, None),
    ("Article", "byline"): (NAME, 150),
    ("ArticleRevision", "title"): (LINE, 250),
    ("ArticleRevision", "lead"): (BLOCK, 1000),
    ("ArticleRevision", "body"): (BLOCK, None),
    ("ArticleRevision", "byline"): (NAME, 150),
    ("ArticleImage", "caption"): (LINE, 300),
    ("Announcement", "title"): (LINE, 250),
    ("Announcement", "body"): (BLOCK, None),
}


def _clean(kind: str, value: Any, max_length: int | None) -> str:
    if kind == BLOCK:
        return clean_block(value, max_length=max_length)
    return clean_line(value, max_length=max_length, name=kind == NAME)


def checked(model: str, **values: Any) -> dict[str, str]:
    """The cleaned values of ``model``'s fields, or a ValidationError naming each bad field."""
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field, value in values.items():
        kind, max_length = RULES[(model, field)]
        try:
            cleaned[field] = _clean(kind, value, max_length)
        except TextError as exc:
            errors[field] = str(exc)
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_text_fields(instance: Any) -> None:
    """For a model's ``clean()``: its text fields cleaned in place, or a ValidationError."""
    model = type(instance).__name__
    fields = [field for (name, field) in RULES if name == model]
    for field, value in checked(model, **{field: getattr(instance, field) for field in fields}).items():
        setattr(instance, field, value)
