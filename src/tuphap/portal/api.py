"""Public, read-only API of the portal: /api/v1/portal/… (no authentication).

Reading an article through the API does not count a view: views count when
the article page ``/tin-tuc/{slug}/`` is served.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Schema
from ninja.errors import HttpError

from tuphap.api import PUBLIC_PAGE_SIZE, Router, errors
from tuphap.portal import counting, selectors
from tuphap.portal.models import Article, Category, is_visible

router = Router(tags=["portal"])


class ArticleItem(Schema):
    slug: str
    title: str
    category: str
    category_name: str
    published_at: dt.datetime
    views: int
    lead: str
    url: str


class ArticlePage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[ArticleItem]


class ImageOut(Schema):
    url: str
    caption: str
    width: int
    height: int


class ArticleDetail(ArticleItem):
    body: str
    byline: str
    images: list[ImageOut]


class StatsOut(Schema):
    online: int
    today: int
    week: int
    month: int
    total: int


class ListFilters(Schema):
    category: str | None = None
    page: int = 1


def _item(article: Article) -> dict[str, Any]:
    return {
        "slug": article.slug,
        "title": article.title,
        "category": article.category.slug,
        "category_name": article.category.name,
        "published_at": article.published_at,
        "views": article.views,
        "lead": article.lead,
        "url": article.get_absolute_url(),
    }


@router.public_get(
    "/articles",
    response={200: ArticlePage, **errors(404, 422)},
    summary="Published articles, newest first, paged",
)
def articles(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    counting.flush()  # with Redis: the views counted there first
    category = None
    if filters.category:
        category = Category.objects.filter(slug=filters.category).first()
        if category is None:
            raise HttpError(404, _("No such category."))
    qs = selectors.articles_visible(category=category)
    count = qs.count()
    pages = max(1, -(-count // PUBLIC_PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    start = (page - 1) * PUBLIC_PAGE_SIZE
    items = [_item(a) for a in qs[start : start + PUBLIC_PAGE_SIZE]] if count else []
    return {"count": count, "page": page, "pages": pages, "page_size": PUBLIC_PAGE_SIZE, "items": items}


@router.public_get(
    "/articles/{slug}",
    response={200: ArticleDetail, **errors(404)},
    summary="One published article with its views",
)
def article(request: HttpRequest, slug: str) -> dict[str, Any]:
    counting.flush()  # with Redis: the views counted there first
    row = selectors.article_page_row(slug)
    if row is None or not is_visible(row):
        raise HttpError(404, _("No such article, or it is not published."))
    full = selectors.article_full(row["id"])
    return {
        **_item(full),
        "body": full.body,
        "byline": full.byline,
        "images": [
            {"url": i.image.url, "caption": i.caption, "width": i.width, "height": i.height} for i in full.images.all()
        ],
    }


@router.public_get("/stats", response=StatsOut, summary="Visitor statistics: online, today, week, month, total")
def stats(request: HttpRequest) -> dict[str, int]:
    return selectors.visitor_stats()
