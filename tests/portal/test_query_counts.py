"""Query counts of the portal's lists: the same for N articles (announcements) as for 2N.

Anonymous pages are measured with the page cache emptied before each request (a cached
page costs nothing and would hide an N+1), and as an editor (never cached). Articles
alternate between two categories and, for the editors' list, run through every state.
``most`` is the count on the busier engine today plus about two, room for other work
being merged, so that a new query per page is noticed too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tests.query_counts import assert_flat
from tuphap.portal import caching, services


def empty_caches() -> None:
    cache.clear()
    caching.clear()


#: about one new visitor in 256 also sweeps old presence rows (portal.counting): not the page's cost
SWEEP = r'^DELETE FROM "portal_presence"'


def visitor() -> Client:
    """A new visitor at each request (see ``tests.query_counts``)."""
    return Client()


def editor_client(editor: Any) -> Callable[[], Client]:
    def make() -> Client:
        client = Client()
        client.force_login(editor)
        return client

    return make


@pytest.fixture
def grow_articles(publish: Callable[..., Any], qa: Any, news: Any) -> Callable[[int], list[str]]:
    """n more published articles, one in two in each category."""
    made: list[Any] = []

    def grow(n: int) -> list[str]:
        titles = []
        for _ in range(n):
            k = len(made)
            article = publish(f"Bài viết phổ biến pháp luật số {k:02d}", category=qa if k % 2 else news)
            made.append(article)
            titles.append(article.title)
        return titles

    return grow


MOST = {"/": 16, "/tin-tuc/": 15, "/chuyen-muc/hoat-dong/": 16, "/rss.xml": 4, "/atom.xml": 4, "/sitemap.xml": 6}


@pytest.mark.parametrize("url", list(MOST))
def test_public_lists(grow_articles: Callable[[int], list[str]], url: str) -> None:
    def grow(n: int) -> list[str]:
        titles = grow_articles(n)
        if url == "/chuyen-muc/hoat-dong/":  # the other category is not listed there
            return [t for t in titles if int(t[-2:]) % 2 == 0]
        if url == "/sitemap.xml":  # addresses, not titles
            from tuphap.portal.models import Article

            return [a.slug for a in Article.objects.filter(title__in=titles)]
        return titles

    assert_flat(visitor, url, grow, most=MOST[url], before=empty_caches, ignore=SWEEP)


def test_public_search(grow_articles: Callable[[int], list[str]]) -> None:
    assert_flat(
        visitor, "/tim-kiem/", grow_articles, most=14, params={"q": "pho bien"}, before=empty_caches, ignore=SWEEP
    )


def test_other_articles_on_an_article_page(
    publish: Callable[..., Any], grow_articles: Callable[[int], list[str]]
) -> None:
    first = publish("Bài đầu tiên của chuyên mục")

    def grow(n: int) -> list[str]:
        return [t for t in grow_articles(n) if int(t[-2:]) % 2 == 0]  # the same category's

    assert_flat(visitor, f"/tin-tuc/{first.slug}/", grow, most=17, before=empty_caches, ignore=SWEEP)


def test_news_as_an_editor(editor: Any, grow_articles: Callable[[int], list[str]]) -> None:
    assert_flat(editor_client(editor), "/tin-tuc/", grow_articles, most=13, ignore=SWEEP)


def test_api_articles(grow_articles: Callable[[int], list[str]]) -> None:
    assert_flat(visitor, "/api/v1/portal/articles", grow_articles, most=4, before=empty_caches, ignore=SWEEP)


@pytest.fixture
def grow_any_state(editor: Any, news: Any, qa: Any) -> Callable[[int], list[str]]:
    """n more articles: drafts, published, published then taken down."""
    made: list[Any] = []

    def grow(n: int) -> list[str]:
        titles = []
        for _ in range(n):
            k = len(made)
            article = services.article_create(
                actor=editor, category=qa if k % 2 else news, title=f"Bài của biên tập viên {k:02d}", lead="Tóm tắt."
            )
            if k % 3:
                article = services.article_publish(actor=editor, article=article)
            if k % 3 == 2:
                article = services.article_unpublish(actor=editor, article=article)
            made.append(article)
            titles.append(article.title)
        return titles

    return grow


def test_editors_list(editor: Any, grow_any_state: Callable[[int], list[str]]) -> None:
    assert_flat(editor_client(editor), "/cong-thong-tin/", grow_any_state, most=8, ignore=SWEEP)


@pytest.fixture
def grow_announcements(editor: Any) -> Callable[[int], list[str]]:
    made: list[Any] = []

    def grow(n: int) -> list[str]:
        titles = []
        for _ in range(n):
            k = len(made)
            item = services.announcement_create(
                actor=editor,
                title=f"Thông báo tuyển dụng số {k:02d}",
                body="<p>Nội dung.</p>",
                pinned=k % 3 == 0,
                valid_from=dt.date(2020, 1, 1),
            )
            made.append(item)
            titles.append(item.title)
        return titles

    return grow


def test_public_announcements(grow_announcements: Callable[[int], list[str]]) -> None:
    assert_flat(visitor, "/thong-bao/", grow_announcements, most=14, before=empty_caches, ignore=SWEEP)


def test_editors_announcements(editor: Any, grow_announcements: Callable[[int], list[str]]) -> None:
    assert_flat(editor_client(editor), "/cong-thong-tin/thong-bao/", grow_announcements, most=7, ignore=SWEEP)
