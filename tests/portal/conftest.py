"""Portal fixtures: an editor, categories and published articles, built through the services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache

from tuphap.orgs.roles import Role
from tuphap.portal import services


@pytest.fixture(autouse=True)
def _fresh_cache(settings: Any, tmp_path: Any) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


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
    def make(title: str = "Hội nghị tổng kết công tác tư pháp", *, category: Any = None, body: str = "<p>Nội dung.</p>", **kwargs: Any) -> Any:
        article = services.article_create(actor=editor, category=category or news, title=title, lead="Tóm tắt.", body=body, **kwargs)
        return services.article_publish(actor=editor, article=article)

    return make
