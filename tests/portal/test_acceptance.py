"""Issue 8's acceptance items that the other files cover only in part: counts
under concurrent requests through the page cache, who may write, the API's
shapes, feeds and sitemap, numbered pages of "Tin khác", Vietnamese numbers."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.portal.test_content import png
from tuphap.orgs.roles import Role
from tuphap.portal import services
from tuphap.portal.models import Announcement, Article, ArticleImage, VisitDay

VIEWS = re.compile(r"Lượt xem: <strong data-views>([\d.]+)</strong>")


# --- counts through the page cache, concurrently ------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_visitors_of_a_cached_page_are_each_counted_once(
    publish: Callable[..., Any],
) -> None:
    """Every request of a new visitor counts, the page comes from the cache, and each
    sees the views its own increment returned: 1..N, none lost, none twice."""
    article = publish("Bài được nhiều người đọc")
    url = article.get_absolute_url()
    threads, per_thread = 6, 10
    shown: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def reader() -> None:
        try:
            for _ in range(per_thread):
                response = Client().get(url)
                assert response.status_code == 200
                match = VIEWS.search(response.content.decode())
                assert match is not None
                with lock:
                    shown.append(int(match.group(1).replace(".", "")))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    pool = [threading.Thread(target=reader) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []
    total = threads * per_thread
    assert sorted(shown) == list(range(1, total + 1))
    assert Article.objects.get(pk=article.pk).views == total
    assert VisitDay.objects.get().visits == total


# --- only editors write ---------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.SPECIALIST, Role.UNIT_HEAD, Role.DIRECTOR, Role.ADMIN])
def test_only_editors_change_publish_and_illustrate_articles(
    make_staff: Callable[..., Any], publish: Callable[..., Any], editor: Any, role: Role
) -> None:
    article = publish("Bài của biên tập viên")
    image = services.article_image_add(actor=editor, article=article, upload=png(300, 200))
    notice = services.announcement_create(actor=editor, title="Thông báo", valid_from=dt.date(2025, 1, 1))
    user = make_staff("nguoi-dung", role)
    attempts: list[Callable[[], Any]] = [
        lambda: services.article_update(actor=user, article=article, category=article.category, title="Sửa trộm"),
        lambda: services.article_publish(actor=user, article=article),
        lambda: services.article_image_add(actor=user, article=article, upload=png(300, 200)),
        lambda: services.article_image_remove(actor=user, image=image),
        lambda: services.announcement_update(
            actor=user, announcement=notice, title="Sửa trộm", valid_from=dt.date(2025, 1, 1)
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert Article.objects.get(pk=article.pk).title == "Bài của biên tập viên"
    assert ArticleImage.objects.filter(article=article).count() == 1 and Announcement.objects.get().title == "Thông báo"


def test_only_editors_post_articles_in_the_back_office(
    client: Client, reception: Any, director: Any, news: Any, publish: Callable[..., Any]
) -> None:
    article = publish("Bài đã đăng")
    form = {
        "category": news.pk,
        "title": "Bài viết trái phép",
        "lead": "",
        "body": "<p>x</p>",
        "byline": "",
    }
    assert client.post("/cong-thong-tin/bai-viet/moi/", form)["Location"].startswith("/dang-nhap/")
    for user in (reception, director):
        client.force_login(user)
        assert client.post("/cong-thong-tin/bai-viet/moi/", form).status_code == 403
        assert (
            client.post(f"/cong-thong-tin/bai-viet/{article.pk}/", {**form, "title": "Sửa trái phép"}).status_code
            == 403
        )
        assert (
            client.post(
                "/cong-thong-tin/thong-bao/moi/", {"title": "Trái phép", "valid_from": "01/01/2025"}
            ).status_code
            == 403
        )
    assert (
        list(Article.objects.values_list("title", flat=True)) == ["Bài đã đăng"] and not Announcement.objects.exists()
    )


# --- the API's shapes ---------------------------------------------------------------------


def test_api_shows_only_published_articles_with_their_views(
    client: Client, publish: Callable[..., Any], editor: Any, news: Any
) -> None:
    article = publish("Bài công khai")
    services.article_create(actor=editor, category=news, title="Bài nháp")
    later = services.article_create(actor=editor, category=news, title="Bài hẹn giờ")
    services.article_publish(actor=editor, article=later, at=timezone.now() + dt.timedelta(hours=1))
    for _ in range(3):
        Client().get(article.get_absolute_url())

    data = client.get("/api/v1/portal/articles?category=hoat-dong&page=1").json()
    assert (data["count"], data["page"], data["pages"], data["page_size"]) == (1, 1, 1, 20)
    (item,) = data["items"]
    assert item["slug"] == article.slug and item["title"] == "Bài công khai" and item["category"] == "hoat-dong"
    assert item["views"] == 3
    assert abs(dt.datetime.fromisoformat(item["published_at"]) - article.published_at) < dt.timedelta(milliseconds=1)
    assert client.get("/api/v1/portal/articles?page=99").json()["page"] == 1  # past the end: the last page
    assert client.get("/api/v1/portal/articles?page=x").status_code == 422
    assert client.get(f"/api/v1/portal/articles/{article.slug}").json()["views"] == 3
    assert client.get(f"/api/v1/portal/articles/{later.slug}").status_code == 404
    stats = client.get("/api/v1/portal/stats").json()
    assert stats == {"online": 3, "today": 3, "week": 3, "month": 3, "total": 3}


# --- feeds and sitemap ----------------------------------------------------------------------


def test_feeds_and_sitemap_list_published_articles_only(
    client: Client, publish: Callable[..., Any], editor: Any, news: Any
) -> None:
    article = publish("Tin đã đăng")
    services.article_create(actor=editor, category=news, title="Tin nháp")
    later = services.article_create(actor=editor, category=news, title="Tin hẹn giờ")
    services.article_publish(actor=editor, article=later, at=timezone.now() + dt.timedelta(hours=1))

    rss = client.get("/rss.xml")
    assert rss["Content-Type"].startswith("application/rss+xml")
    atom = client.get("/atom.xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    sitemap = client.get("/sitemap.xml")
    assert sitemap["Content-Type"].startswith("application/xml")
    link = f"http://testserver{article.get_absolute_url()}"
    for response in (rss, atom, sitemap):
        xml = response.content.decode()
        assert link in xml and "tin-nhap" not in xml and later.slug not in xml, response["Content-Type"]
    assert (
        "<title>Tin đã đăng</title>" in rss.content.decode()
        and "<category>Hoạt động của Sở</category>" in rss.content.decode()
    )
    assert "http://testserver/chuyen-muc/hoat-dong/" in sitemap.content.decode()


# --- numbered pages of "Tin khác" --------------------------------------------------------------


def test_other_news_has_numbered_pages_with_an_ellipsis(client: Client, publish: Callable[..., Any]) -> None:
    articles = [publish(f"Tin số {i:02d}") for i in range(71)]  # 70 others: 7 pages of 10
    url = articles[0].get_absolute_url()

    def numbers(html: str) -> list[str]:
        nav = html.split('id="tin-khac"')[1].split('<nav class="pages"')[1].split("</nav>")[0]
        return re.findall(r">(\d+|…)</(?:a|span)>", nav)

    first = client.get(url).content.decode()
    assert numbers(first) == ["1", "2", "3", "…", "7"]
    middle = client.get(url + "?trang=4").content.decode()
    assert numbers(middle) == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
    ]  # an ellipsis never hides a single page
    sixth = client.get(url + "?trang=6").content.decode()
    assert numbers(sixth) == ["1", "…", "4", "5", "6", "7"]
    assert '<span aria-current="page">6</span>' in sixth and 'href="?trang=5#tin-khac" rel="prev"' in sixth
    last = client.get(url + "?trang=99").content.decode()  # past the end: the last page
    assert '<span aria-current="page">7</span>' in last and "Tin số 01" in last
    assert '<span aria-current="page">1</span>' in client.get(url + "?trang=abc").content.decode()


# --- Vietnamese numbers ------------------------------------------------------------------------


def test_statistics_and_views_are_grouped_the_vietnamese_way(client: Client, publish: Callable[..., Any]) -> None:
    article = publish()
    Article.objects.filter(pk=article.pk).update(views=1_234_566)
    services.visits_import_total(actor=None, total=1_284_315)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Lượt xem: <strong data-views>1.234.567</strong>" in html
    assert 'data-stat="total">1.284.316<' in html and 'data-stat="today">1<' in html
    assert 'data-stat="total">1.284.316<' in client.get("/thong-ke-truy-cap/").content.decode()
