"""Reads of the portal: public lists, the article page, search, visitor statistics."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from tuphap.core.tz import local_day
from tuphap.portal import counting
from tuphap.portal.models import (
    Announcement,
    Article,
    ArticleImage,
    ArticleRevision,
    Category,
    ImageChange,
    PortalOptions,
    VisitDay,
)
from tuphap.portal.text import fold

LIST_FIELDS = ("id", "slug", "title", "lead", "published_at", "views", "category__slug", "category__name")


def articles_visible(*, category: Category | None = None, at: dt.datetime | None = None) -> QuerySet[Article]:
    """Published articles, newest first, without their bodies."""
    qs = Article.objects.visible(at).select_related("category").only(*LIST_FIELDS, "category_id")
    if category is not None:
        qs = qs.filter(category=category)
    return qs.order_by("-published_at", "-id")


def latest_by_category(*, per_category: int = 5, at: dt.datetime | None = None) -> list[tuple[Category, list[Article]]]:
    """The home page's blocks: the latest articles of each category (two queries)."""
    categories = list(Category.objects.filter(on_home=True))
    ranked = (
        Article.objects.visible(at)
        .filter(category__on_home=True)
        .select_related("category")
        .only(*LIST_FIELDS, "category_id")
        .annotate(
            rank=Window(RowNumber(), partition_by=F("category_id"), order_by=[F("published_at").desc(), F("id").desc()])
        )
        .filter(rank__lte=per_category)
        .order_by("category_id", "rank")
    )
    by_category: dict[int, list[Article]] = {}
    for article in ranked:
        by_category.setdefault(article.category_id, []).append(article)
    return [(category, by_category[category.pk]) for category in categories if category.pk in by_category]


_article_ids: dict[str, int] = {}


def article_id(slug: str, *, fresh: bool = False) -> int | None:
    """The id of the article at a slug, remembered by this process (slugs do not
    change; ``fresh`` looks it up again, e.g. when the remembered article is gone)."""
    if not fresh and slug in _article_ids:
        return _article_ids[slug]
    found = Article.objects.filter(slug=slug).values_list("id", flat=True).first()
    if found is None:
        _article_ids.pop(slug, None)
    elif len(_article_ids) < 100_000:
        _article_ids[slug] = found
    return found


def article_page_row(slug: str) -> dict[str, Any] | None:
    """What the article page needs to answer: id, visibility, freshness."""
    return (
        Article.objects.filter(slug=slug)
        .values("id", "status", "published_at", "updated_at", "views", "category_id")
        .first()
    )


def images_shown() -> QuerySet[ArticleImage]:
    """The photos the public sees (``ArticleImageQuerySet.shown``), in display order."""
    return ArticleImage.objects.shown().order_by("position", "id")


def article_full(pk: int) -> Article:
    return (
        Article.objects.select_related("category", "author")
        .prefetch_related(Prefetch("images", queryset=images_shown()))
        .get(pk=pk)
    )


def publisher_of(article: Article) -> str:
    """The name of the department that published the article: the one in force
    on its publication day (an article published in 2024 keeps "Sở Tư pháp
    tỉnh Bình Thuận" after the 2025 merger); today's for an unpublished one."""
    from tuphap.orgs.selectors import department_on

    day = timezone.localdate(article.published_at) if article.published_at else timezone.localdate()
    agency = department_on(day)
    return agency.name if agency is not None else ""


def article_has_pending_changes(article: Article) -> bool:
    """Whether a change of the article (text, category or photos) awaits approval."""
    return (
        ArticleRevision.objects.filter(article=article).exists()
        or ArticleImage.objects.filter(article=article).awaiting_approval().exists()
    )


def article_changes(article: Article) -> dict[str, Any] | None:
    """What a director sees before approving a change of a published article: each
    changed field with its published and proposed value, and the photos added
    or removed (None: no change awaits approval)."""
    revision = ArticleRevision.objects.filter(article=article).select_related("category", "proposed_by").first()
    images = list(ArticleImage.objects.filter(article=article).awaiting_approval())
    if revision is None and not images:
        return None
    fields = []
    if revision is not None:
        for name in ("category", "title", "lead", "byline", "body"):
            published, proposed = getattr(article, name), getattr(revision, name)
            if published != proposed:
                fields.append(
                    {"label": Article._meta.get_field(name).verbose_name, "published": published, "proposed": proposed}
                )
    return {
        "revision": revision,
        "fields": fields,
        "added": [i for i in images if i.pending == ImageChange.ADD],
        "removed": [i for i in images if i.pending == ImageChange.REMOVE],
    }


def other_articles(*, article_id: int, category_id: int, at: dt.datetime | None = None) -> QuerySet[Article]:
    """ "Tin khác": the other published articles of the category, newest first."""
    return articles_visible(at=at).filter(category_id=category_id).exclude(pk=article_id)


def announcements_current(*, day: dt.date | None = None) -> QuerySet[Announcement]:
    """Announcements valid on the day (Asia/Ho_Chi_Minh), pinned first."""
    return Announcement.objects.current(day or local_day(timezone.now())).order_by("-pinned", "-valid_from", "-id")


def announcement_is_current(item: Announcement, *, day: dt.date | None = None) -> bool:
    """Whether the announcement is valid on the day (Asia/Ho_Chi_Minh): what the public may read."""
    day = day or local_day(timezone.now())
    return item.valid_from <= day and (item.valid_to is None or item.valid_to >= day)


def articles_search(query: str, *, at: dt.datetime | None = None) -> QuerySet[Article]:
    """News search: every word of the query, with or without diacritics."""
    words = [w for w in fold(query).split() if len(w) > 1][:8]
    qs = articles_visible(at=at)
    if not words:
        return qs.none()
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return qs


def visitor_stats(*, now: dt.datetime | None = None) -> dict[str, int]:
    """ "Thống kê truy cập" as portal.md defines it: online now (distinct visitors
    seen in the last 5 minutes); visits today, this ISO week (Monday first) and
    this calendar month in Asia/Ho_Chi_Minh; all time (imported total + visits)."""
    now = now or timezone.now()
    counting.flush(now=now)  # with Redis: the visits counted there first (nothing to do without)
    today = local_day(now)
    monday = today - dt.timedelta(days=today.weekday())
    first = today.replace(day=1)
    sums = VisitDay.objects.filter(day__lte=today).aggregate(
        today=Sum("visits", filter=Q(day=today)),
        week=Sum("visits", filter=Q(day__gte=monday)),
        month=Sum("visits", filter=Q(day__gte=first)),
        total=Sum("visits"),
    )
    online = counting.online_count(now)
    imported = PortalOptions.objects.order_by("pk").values_list("visits_imported", flat=True).first() or 0
    return {
        "online": online,
        "today": sums["today"] or 0,
        "week": sums["week"] or 0,
        "month": sums["month"] or 0,
        "total": imported + (sums["total"] or 0),
    }


def articles_for_staff(*, status: str = "", query: str = "") -> QuerySet[Article]:
    """The editors' list: every article, drafts and pending first by last change
    (``has_revision``, ``has_photo_changes``: a change of the published article
    awaits approval)."""
    qs = (
        Article.objects.select_related("category", "author")
        .defer("body", "search_text")
        .annotate(
            has_revision=Exists(ArticleRevision.objects.filter(article=OuterRef("pk"))),
            has_photo_changes=Exists(ArticleImage.objects.filter(article=OuterRef("pk")).awaiting_approval()),
        )
        .order_by("-updated_at", "-id")
        .in_status(status)
    )
    if query:
        for word in fold(query).split()[:8]:
            qs = qs.filter(search_text__contains=word)
    return qs
