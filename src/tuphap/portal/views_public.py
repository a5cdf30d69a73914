"""The portal's public pages: counted, cached.

Public pages follow one recipe (``_serve``): count the request (visitor cookie,
visit, article view), then take the rendered page from the cache (anonymous
visitors: rendered without the request, so no session is touched and the HTML
is the same for everyone), then fill in the live numbers (the article's views,
the statistics box). Staff with a session get the same page rendered for them
in the back office's layout, uncached. The editors' pages are in
``views_editors.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tuphap.core.context_processors import department_name
from tuphap.core.params import page_param
from tuphap.core.ratelimit import rate_limited
from tuphap.orgs.permissions import can, public
from tuphap.portal import caching, counting, selectors
from tuphap.portal.models import Announcement, Article, ArticleImage, Category

PUBLIC_LAYOUT = "portal/layout_public.html"
STAFF_LAYOUT = "base.html"
VIEWS_MARK = b"<!--portal:views-->"
STATS_MARK = b"<!--portal:stats-->"
PER_PAGE = 10

# Pages of other apps that the portal links to when they exist (first name that resolves).
PUBLIC_LINKS = [
    (
        ("dossiers:procedures", "dossiers:catalogue", "dossiers:procedure_list"),
        gettext_lazy("Administrative procedures"),
    ),
    (("dossiers:lookup", "dossiers:status", "dossiers:track"), gettext_lazy("Dossier look-up")),
    (("lawdocs:list", "lawdocs:index", "lawdocs:search", "lawdocs:documents"), gettext_lazy("Legal documents")),
]


def _page_number(request: HttpRequest) -> int:
    if not request.META.get("QUERY_STRING"):
        return 1
    number = page_param(request)
    return number if number < 1000 else 1  # cached per page: a bounded number of pages


def _is_staff_request(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def public_links() -> list[dict[str, str]]:
    links = []
    for names, label in PUBLIC_LINKS:
        for name in names:
            try:
                links.append({"url": reverse(name), "label": str(label)})
                break
            except NoReverseMatch:
                continue
    return links


def stats_html(generation: int | None = None) -> bytes:
    """The statistics box, kept STATS_SECONDS per process (the numbers are a short-lived cache)."""
    key = ("stats", translation.get_language(), caching.generation() if generation is None else generation)
    return caching.pages.get_or_set(
        key,
        lambda: render_to_string("portal/_stats.html", {"stats": selectors.visitor_stats()}).encode(),
        caching.STATS_SECONDS,
    )


def _serve(
    request: HttpRequest,
    *,
    template: str,
    context: Callable[[], dict[str, Any]],
    key: tuple[Any, ...] | None,
    article_id: int | None = None,
    slug: str | None = None,
) -> HttpResponse:
    """Count the request, then answer from the page cache (anonymous visitors) or
    render for the staff member, then put the live numbers in."""
    tracking = counting.track_request(
        request, article_id=article_id, slug=slug
    )  # counted before any cache answers; NotVisible: 404
    if _is_staff_request(request):
        html = render_to_string(template, {**context(), "layout": STAFF_LAYOUT}, request=request).encode()
    elif key is None:
        html = render_to_string(template, {**context(), **_public_context()}).encode()
    else:
        if article_id is not None:
            key = (*key, tracking.version)
        html = caching.cached_page(
            caching.page_key(tracking.generation, *key),
            lambda: render_to_string(template, {**context(), **_public_context()}),
        )
    if tracking.views is not None:
        html = html.replace(VIEWS_MARK, _grouped(tracking.views), 1)
    if STATS_MARK in html:
        html = html.replace(STATS_MARK, stats_html(tracking.generation), 1)
    response = HttpResponse(html)
    counting.set_visitor_cookie(response, tracking)
    response["Cache-Control"] = "no-cache"  # browsers and proxies come back: the server counts every request
    return response


@cache
def _separator(language: str | None) -> str:
    return str(get_format("THOUSAND_SEPARATOR", language))


def _grouped(number: int) -> bytes:
    """``number_format(number, force_grouping=True)`` for a count (1.635), in a few microseconds."""
    return f"{number:,}".replace(",", _separator(translation.get_language())).encode()


def _public_context() -> dict[str, Any]:
    return {"layout": PUBLIC_LAYOUT, "tuphap_name": settings.TUPHAP_SITE_NAME, "department_name": department_name()}


def sidebar() -> dict[str, Any]:
    return {"announcements": list(selectors.announcements_current()[:6]), "public_links": public_links()}


# --- Public pages ------------------------------------------------------------


@public
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    def context() -> dict[str, Any]:
        latest = list(selectors.articles_visible()[:5])
        return {
            "featured": latest[:1],
            "latest": latest[1:],
            "blocks": selectors.latest_by_category(per_category=5),
            **sidebar(),
        }

    return _serve(request, template="portal/home.html", context=context, key=("home",))


@public
@require_GET
def category(request: HttpRequest, slug: str) -> HttpResponse:
    cat = get_object_or_404(Category, slug=slug)
    number = _page_number(request)

    def context() -> dict[str, Any]:
        page = Paginator(selectors.articles_visible(category=cat), PER_PAGE).get_page(number)
        return {"category": cat, "page": page, **sidebar()}

    return _serve(request, template="portal/category.html", context=context, key=("category", cat.pk, number))


@public
@require_GET
def news(request: HttpRequest) -> HttpResponse:
    """All published news, newest first, with numbered pages."""
    number = _page_number(request)

    def context() -> dict[str, Any]:
        return {"page": Paginator(selectors.articles_visible(), PER_PAGE).get_page(number), **sidebar()}

    return _serve(request, template="portal/news.html", context=context, key=("news", number))


@public
@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    number = _page_number(request)
    for fresh in (False, True):
        article_id = selectors.article_id(slug, fresh=fresh)
        if article_id is None:
            break

        def context(article_id: int = article_id) -> dict[str, Any]:
            full = selectors.article_full(article_id)
            others = Paginator(
                selectors.other_articles(article_id=full.pk, category_id=full.category_id), PER_PAGE
            ).get_page(number)
            return {
                "article": full,
                "publisher": selectors.publisher_of(full),
                "others": others,
                "views_mark": mark_safe(VIEWS_MARK.decode()),  # noqa: S308 - a fixed marker
                **sidebar(),
            }

        try:
            return _serve(
                request,
                template="portal/article.html",
                context=context,
                key=("article", article_id, number),
                article_id=article_id,
                slug=slug,
            )
        except counting.NotVisible:
            continue  # not published; or the slug now names another article: look it up again once
    raise Http404


@public
@require_GET
def announcements(request: HttpRequest) -> HttpResponse:
    number = _page_number(request)

    def context() -> dict[str, Any]:
        page = Paginator(selectors.announcements_current(), 20).get_page(number)
        return {"page": page, "public_links": public_links()}

    return _serve(request, template="portal/announcements.html", context=context, key=("announcements", number))


@public
@require_GET
def announcement(request: HttpRequest, pk: int) -> HttpResponse:
    """An announcement in its validity; outside it (expired, or not yet valid) a
    404 as for one that does not exist, except for staff who may review the
    portal (a preview, never cached)."""
    item = get_object_or_404(Announcement, pk=pk)
    if not selectors.announcement_is_current(item) and not (
        _is_staff_request(request) and can(request.user, "portal.review")
    ):
        raise Http404

    def context() -> dict[str, Any]:
        return {"announcement": item, **sidebar()}

    return _serve(request, template="portal/announcement.html", context=context, key=("announcement", pk))


@public
@require_GET
@rate_limited("news_search")
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    number = _page_number(request)

    def context() -> dict[str, Any]:
        page = Paginator(selectors.articles_search(query), PER_PAGE).get_page(number) if query else None
        return {"query": query, "page": page, **sidebar()}

    return _serve(request, template="portal/search.html", context=context, key=None)


@public
@require_GET
def stats_island(request: HttpRequest) -> HttpResponse:
    """The statistics box alone (HTMX refresh); counts nothing, cached for a few seconds."""
    response = HttpResponse(stats_html())
    patch_cache_control(response, max_age=caching.STATS_SECONDS, public=True)
    return response


@public
@never_cache
@require_GET
def account_island(request: HttpRequest) -> HttpResponse:
    """The personal corner of the header (login or the user's name, language), loaded by HTMX."""
    return render(request, "portal/_account.html")


@public
@require_GET
def media(request: HttpRequest, path: str) -> FileResponse:
    """Serve an article's photo: to everyone once the article is published,
    before that only to the editors and those who review (a photo of a draft
    is not public, however guessable its name). Only files that are an
    ArticleImage are served; nothing else under MEDIA_ROOT is reachable."""
    root = (Path(settings.MEDIA_ROOT) / "portal").resolve()
    target = (root / path).resolve()
    if (
        not target.is_relative_to(root)
        or not target.is_file()
        or target.suffix.lower() not in {".jpg", ".jpeg", ".png", ".webp", ".gif"}
    ):
        raise Http404
    photo = (
        ArticleImage.objects.filter(image=f"portal/{target.relative_to(root).as_posix()}").only("article_id").first()
    )
    if photo is None:
        raise Http404
    published = Article.objects.visible().filter(pk=photo.article_id).exists()
    if not published and not (can(request.user, "portal.write") or can(request.user, "portal.review")):
        raise Http404
    response = FileResponse(target.open("rb"))
    if published:
        patch_cache_control(response, public=True, max_age=86400)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@public
@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    def render_map() -> str:
        return render_to_string(
            "portal/sitemap.xml",
            {
                "base": request.build_absolute_uri("/").rstrip("/"),
                "categories": list(Category.objects.all()),
                "articles": list(selectors.articles_visible().values("slug", "updated_at")[:5000]),
            },
        )

    xml = caching.cached_page(caching.page_key(caching.generation(), "sitemap", request.get_host()), render_map)
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")
