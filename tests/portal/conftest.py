"""Portal fixtures: an editor, categories and published articles, built through the services."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache

from tuphap.orgs.roles import Role
from tuphap.portal import caching, services


@pytest.fixture(autouse=True)
def _fresh_cache(settings: Any, tmp_path: Any) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    caching.clear()
    yield
    cache.clear()
    caching.clear()


@pytest.fixture
def editor(make_staff: Callable[..., Any]) -> Any:
    return make_staff("bientap", Role.EDITOR)


@pytest.fixture
def news(db: Any) -> Any:
    return services.category_upsert(actor=None, slug="hoat-dong", name="Hoạt động của Sở", position=1)


@pytest.fixture
def qa(db: Any) -> Any:
    return services.category_upsert(actor=None, slug="hoi-dap-phap-luat", name="Hỏi đáp pháp luật", position=2)


@pytest.fixture
def publish(editor: Any, news: Any) -> Callable[..., Any]:
    def make(
        title: str = "Hội nghị tổng kết công tác tư pháp",
        *,
        category: Any = None,
        body: str = "<p>Nội dung.</p>",
        **kwargs: Any,
    ) -> Any:
        article = services.article_create(
            actor=editor, category=category or news, title=title, lead="Tóm tắt.", body=body, **kwargs
        )
        return services.article_publish(actor=editor, article=article)

    return make


TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_counters(settings: Any) -> Iterator[Any]:
    """Count in Redis: the real server at TEST_REDIS_URL, under a key prefix of this
    test's own (parallel runs do not meet); a Redis that does not answer fails the test."""
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.fail(f"this test needs Redis at {TEST_REDIS_URL} (set TEST_REDIS_URL): {exc}")
    prefix = f"tuphap-test:{uuid.uuid4().hex}:"
    settings.REDIS_URL = TEST_REDIS_URL
    settings.PORTAL_COUNTER_PREFIX = prefix
    client.prefix = prefix  # type: ignore[attr-defined]
    yield client
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)
