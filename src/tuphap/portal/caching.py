"""The portal's page cache: rendered HTML per page, language and content generation.

Every content change (publish, unpublish, edit, announcement) bumps the
generation after its transaction commits, so cached pages of the old
generation are never served again by this process (or by any process when the
cache is shared, i.e. Redis). With the per-process memory cache, other
processes see a change when their entries expire (``PAGE_SECONDS``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.utils import translation

PAGE_SECONDS = 60
STATS_SECONDS = 30
GENERATION_KEY = "portal:generation"


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY, 1)
    return int(value)


def bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def page_key(*parts: object) -> str:
    return ":".join(["portal:page", translation.get_language() or "vi", str(generation()), *map(str, parts)])


def cached_html(key: str, render: Callable[[], str], seconds: int = PAGE_SECONDS) -> str:
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, seconds)
    return str(html)


def cached_value(key: str, compute: Callable[[], object], seconds: int = PAGE_SECONDS) -> Any:
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value
