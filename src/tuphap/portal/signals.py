"""Every change of the public content retires the cached public pages.

The page cache's keys carry the content generation (``caching``), which
``caching.content_changed`` changes inside the transaction of the change.
It is called from the model layer, so that no path can forget it: the
services, the Django admin (forms, ``delete_selected``, list edits), a shell
or a command. Saves and deletions send signals (deleting through a queryset
too, as these models have receivers); updates and bulk writes through the
querysets, which send none, send ``models.content_written``
(``models.ContentQuerySet``). Writes that only move a counter (``views``)
change no page and retire nothing. What changes with the clock alone (a
scheduled article reaching its time, a new day) bounds how long a page is
kept instead (``caching.cached_page``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.signals import post_delete, post_save

from tuphap.portal.caching import content_changed
from tuphap.portal.models import CONTENT_MODELS, content_written


def _saved(sender: Any, instance: Any, *, using: str, update_fields: Any = None, **kwargs: Any) -> None:
    content_changed(using, update_fields)


def _deleted(sender: Any, instance: Any, *, using: str, **kwargs: Any) -> None:
    content_changed(using)


def _written(sender: Any, *, using: str, fields: Iterable[str] | None = None, **kwargs: Any) -> None:
    content_changed(using, fields)


def connect() -> None:
    for model in CONTENT_MODELS:
        post_save.connect(_saved, sender=model, dispatch_uid=f"portal-content-saved-{model._meta.label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"portal-content-deleted-{model._meta.label}")
    content_written.connect(_written, dispatch_uid="portal-content-written")
