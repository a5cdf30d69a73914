"""Public pages, feeds and the API: shape, pagination, query counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.test import Client

from tuphap.portal import caching, services
from tuphap.portal.models import Article


def test_home_has_latest_news_announcements_statistics_and_login(
    client: Client, publish: Callable[..., Any], qa: Any, editor: Any
) -> None:
    import datetime as dt

    publish("Tin hoạt động mới nhất")
    publish("Hỏi: thời hạn khai sinh?", category=qa)
    services.announcement_create(
        actor=editor, title="Thông báo lịch tiếp công dân", pinned=True, valid_from=dt.date(2020, 1, 1)
    )
    services.announcement_create(
        actor=editor, title="Thông báo đã hết hạn", valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2020, 2, 1)
    )
    html = client.get("/").content.decode()
    for text in [
        "Tin hoạt động mới nhất",
        "Hỏi: thời hạn khai sinh?",
        "Hoạt động của Sở",
        "Hỏi đáp pháp luật",
        "Thông báo lịch tiếp công dân",
        "Thống kê truy cập",
        "Đang truy cập",
        "Cán bộ đăng nhập",
        'href="/dang-nhap/"',
    ]:
        assert text in html, text
    assert "Thông báo đã hết hạn" not in html


def test_home_and_category_queries_do_not_grow_with_the_articles(
    client: Client, publish: Callable[..., Any], qa: Any, django_assert_num_queries: Any
) -> None:
    def queries(url: str) -> int:
        """The page's queries for a new visitor, leaving out the sweep of old presence rows that one new
        visitor in 256 runs by chance (it made this comparison fail now and then; it is no page query)."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from tuphap.portal.models import Presence

        cache.clear()
        caching.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get(url).status_code == 200
        sweep = f"DELETE FROM {connection.ops.quote_name(Presence._meta.db_table)}"  # noqa: S608 - a prefix to compare
        return sum(1 for q in ctx.captured_queries if not q["sql"].startswith(sweep))

    publish("Bài một")
    publish("Bài hai", category=qa)
    queries("/")  # the day's first visit creates the day's row
    few = {url: queries(url) for url in ["/", "/chuyen-muc/hoat-dong/", "/tim-kiem/?q=bai"]}
    for i in range(25):
        publish(f"Bài số {i}", category=qa if i % 2 else None)
    many = {url: queries(url) for url in ["/", "/chuyen-muc/hoat-dong/", "/tim-kiem/?q=bai"]}
    assert few == many


def test_article_page_has_other_news_with_numbered_pages(client: Client, publish: Callable[..., Any]) -> None:
    articles = [publish(f"Tin số {i:02d}") for i in range(25)]
    html = client.get(articles[0].get_absolute_url()).content.decode()
    assert "Tin khác" in html and "Tin số 24" in html and "Tin số 00</a>" not in html.split("Tin khác")[1]
    assert (
        '<span aria-current="page">1</span>' in html
        and 'href="?trang=2#tin-khac">2</a>' in html
        and 'href="?trang=3#tin-khac">3</a>' in html
    )
    page3 = client.get(articles[0].get_absolute_url() + "?trang=3").content.decode()
    assert "Tin số 01" in page3 and '<span aria-current="page">3</span>' in page3


def test_drafts_and_unknown_articles_are_404(
    client: Client, editor: Any, news: Any, publish: Callable[..., Any]
) -> None:
    draft = services.article_create(actor=editor, category=news, title="Bản nháp")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/tin-tuc/khong-co/").status_code == 404
    article = publish("Sẽ gỡ")
    assert client.get(article.get_absolute_url()).status_code == 200
    services.article_unpublish(actor=editor, article=article)
    assert client.get(article.get_absolute_url()).status_code == 404  # the cache does not keep it alive


def test_search_ignores_diacritics(client: Client, publish: Callable[..., Any]) -> None:
    publish("Hội nghị tổng kết công tác Đảng")
    publish("Tập huấn hộ tịch")
    html = client.get("/tim-kiem/?q=hoi+nghi+dang").content.decode()
    assert (
        "Hội nghị tổng kết công tác Đảng" in html and "Tập huấn hộ tịch" not in html and "Tìm thấy 1 bài viết." in html
    )


def test_feeds_and_sitemap(client: Client, publish: Callable[..., Any]) -> None:
    article = publish("Tin cho RSS")
    rss = client.get("/rss.xml")
    assert rss.status_code == 200 and "Tin cho RSS" in rss.content.decode() and "<rss" in rss.content.decode()
    atom = client.get("/atom.xml").content.decode()
    assert "<feed" in atom and "Tin cho RSS" in atom
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{article.get_absolute_url()}" in sitemap


def test_photos_are_served_and_paths_cannot_escape(client: Client, editor: Any, news: Any, settings: Any) -> None:
    from tests.portal.test_content import png

    article = services.article_create(actor=editor, category=news, title="Ảnh")
    image = services.article_image_add(actor=editor, article=article, upload=png(400, 300))
    services.article_publish(
        actor=editor, article=article
    )  # a draft's photo is not public (tests/hardening/test_abuse.py)
    response = client.get(image.image.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"  # re-encoded: no transparency
    (settings.MEDIA_ROOT / "secret.txt").write_text("x")
    assert client.get("/media/portal/../secret.txt").status_code == 404
    assert client.get("/media/portal/%2e%2e/secret.txt").status_code == 404


def test_english_home(client: Client, publish: Callable[..., Any]) -> None:
    publish()
    client.post("/ngon-ngu/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Visitor statistics" in html and "Staff log in" in html
    assert "Thống kê truy cập" in Client().get("/").content.decode()  # the cache is per language


def test_account_island_and_stats_island(client: Client, editor: Any) -> None:
    assert "Đăng nhập" in client.get("/tai-khoan/").content.decode()
    client.force_login(editor)
    assert "Đăng xuất" in client.get("/tai-khoan/").content.decode()
    stats = client.get("/thong-ke-truy-cap/")
    assert stats.status_code == 200 and "Thống kê truy cập" in stats.content.decode()


# --- API ---------------------------------------------------------------------


def test_api_lists_are_paged_with_a_total_count(
    client: Client, publish: Callable[..., Any], qa: Any, django_assert_num_queries: Any
) -> None:
    for i in range(23):
        publish(f"Tin {i}")
    publish("Hỏi đáp", category=qa)
    with django_assert_num_queries(2):
        data = client.get("/api/v1/portal/articles").json()
    assert data["count"] == 24 and data["page"] == 1 and data["pages"] == 2 and len(data["items"]) == 20
    item = data["items"][0]
    assert {"slug", "title", "category", "published_at", "views"} <= set(item)
    assert isinstance(item["views"], int)
    page2 = client.get("/api/v1/portal/articles?page=2").json()
    assert len(page2["items"]) == 4
    only_qa = client.get("/api/v1/portal/articles?category=hoi-dap-phap-luat").json()
    assert only_qa["count"] == 1 and only_qa["items"][0]["category"] == "hoi-dap-phap-luat"
    assert client.get("/api/v1/portal/articles?category=khong-co").status_code == 404


def test_api_article_has_views_and_does_not_count(client: Client, publish: Callable[..., Any]) -> None:
    article = publish(body="<p>Nội dung</p>")
    Client().get(article.get_absolute_url())
    data = client.get(f"/api/v1/portal/articles/{article.slug}").json()
    assert data["views"] == 1 and data["body"] == "<p>Nội dung</p>" and data["slug"] == article.slug
    assert client.get(f"/api/v1/portal/articles/{article.slug}").json()["views"] == 1
    assert client.get("/api/v1/portal/articles/khong-co").status_code == 404


def test_api_stats_shape(client: Client, publish: Callable[..., Any]) -> None:
    article = publish()
    Client().get(article.get_absolute_url())
    data = client.get("/api/v1/portal/stats").json()
    assert set(data) == {"online", "today", "week", "month", "total"}
    assert all(isinstance(v, int) for v in data.values())
    assert data["online"] == 1 and data["today"] == 1 and data["total"] == 1


def test_portal_api_is_public_in_openapi(client: Client, db: Any) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ["/api/v1/portal/articles", "/api/v1/portal/articles/{slug}", "/api/v1/portal/stats"]:
        assert "security" not in paths[path]["get"], path
    assert not Article.objects.exists()


def test_all_news_page_lists_every_category_newest_first(client: Client, publish: Callable[..., Any], qa: Any) -> None:
    publish("Tin hoạt động cũ")
    publish("Hỏi: câu hỏi mới nhất", category=qa)
    response = client.get("/tin-tuc/")
    html = response.content.decode()
    assert response.status_code == 200 and "Tất cả tin tức" in html
    assert html.index("Hỏi: câu hỏi mới nhất") < html.index("Tin hoạt động cũ")
    assert "sessionid" not in response.cookies
