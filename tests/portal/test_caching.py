"""The page cache: pages come from memory while nothing changes, and a change
made anywhere (another thread, another process: anything that commits to the
database) retires them at once, through the content generation in the database."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tuphap.orgs.roles import Role
from tuphap.portal import counting, services
from tuphap.portal.models import Announcement, Article, Presence, VisitDay


def in_another_connection(action: Callable[[], Any]) -> Any:
    """Run a change as another server process would: its own connection, committed."""
    result: list[Any] = []

    def run() -> None:
        try:
            result.append(action())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert result, "the change failed"
    return result[0]


@pytest.fixture
def site(make_staff: Callable[..., Any]) -> dict[str, Any]:
    editor = make_staff("bientap", Role.EDITOR)
    news = services.category_upsert(actor=None, slug="hoat-dong", name="Hoạt động của Sở", position=1)

    def publish(title: str) -> Article:
        return services.article_publish(
            actor=editor,
            article=services.article_create(actor=editor, category=news, title=title, body="<p>Nội dung.</p>"),
        )

    return {"editor": editor, "gone": publish("Bài sẽ bị gỡ"), "kept": publish("Bài ở lại")}


@pytest.mark.django_db(transaction=True)
def test_a_withdrawn_article_disappears_at_once_from_every_cached_page(site: dict[str, Any]) -> None:
    gone, kept, editor = site["gone"], site["kept"], site["editor"]
    visitor = Client()
    pages = ["/", "/chuyen-muc/hoat-dong/", "/tin-tuc/", kept.get_absolute_url()]
    for url in [*pages, gone.get_absolute_url()]:
        assert visitor.get(url).status_code == 200  # now all cached
    with CaptureQueriesContext(connection) as ctx:
        assert "Bài sẽ bị gỡ" in visitor.get("/").content.decode()
    assert not [
        q
        for q in ctx.captured_queries
        if "portal_article" in q["sql"] and "SELECT" in q["sql"] and "views" not in q["sql"]
    ]

    in_another_connection(lambda: services.article_unpublish(actor=editor, article=Article.objects.get(pk=gone.pk)))

    assert visitor.get(gone.get_absolute_url()).status_code == 404
    for url in pages:
        html = visitor.get(url).content.decode()
        assert "Bài sẽ bị gỡ" not in html and "Bài ở lại" in html, url


@pytest.mark.django_db(transaction=True)
def test_an_edit_shows_at_once_on_the_article_and_the_lists(site: dict[str, Any]) -> None:
    kept, editor = site["kept"], site["editor"]
    visitor = Client()
    for url in ["/", kept.get_absolute_url()]:
        assert "Bài ở lại" in visitor.get(url).content.decode()

    def edit() -> Article:
        article = Article.objects.select_related("category").get(pk=kept.pk)
        return services.article_update(
            actor=editor, article=article, category=article.category, title="Bài đã sửa tiêu đề", body="<p>Mới.</p>"
        )

    in_another_connection(edit)
    for url in ["/", kept.get_absolute_url()]:
        html = visitor.get(url).content.decode()
        assert "Bài đã sửa tiêu đề" in html and "Bài ở lại" not in html, url
    services.announcement_create(actor=editor, title="Thông báo mới đăng", valid_from=dt.date(2020, 1, 1))
    assert "Thông báo mới đăng" in visitor.get("/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_counting_outside_a_transaction_writes_once_and_nothing_for_a_draft(site: dict[str, Any]) -> None:
    """The path every real request takes (no surrounding transaction: on SQLite
    the statements go straight to the connection, between BEGIN and COMMIT)."""
    kept, editor = site["kept"], site["editor"]
    draft = services.article_create(actor=editor, category=kept.category, title="Nháp chưa đăng")
    first, second = Client(), Client()
    assert "data-views>1</strong>" in first.get(kept.get_absolute_url()).content.decode()
    assert "data-views>2</strong>" in second.get(kept.get_absolute_url()).content.decode()
    assert "data-views>2</strong>" in first.get(kept.get_absolute_url()).content.decode()  # within the hour: not again
    assert first.get(draft.get_absolute_url()).status_code == 404
    assert Client().get(draft.get_absolute_url()).status_code == 404  # a newcomer on a draft: no visit, no presence
    assert Article.objects.get(pk=kept.pk).views == 2 and Article.objects.get(pk=draft.pk).views == 0
    assert VisitDay.objects.get().visits == 2 and Presence.objects.count() == 2


def test_the_visitor_cookie_is_signed_as_djangos_signer_signs_it(settings: Any) -> None:
    value = "0123456789abcdef.6650f2a0.7-6650f2a0"
    django_signer = signing.Signer(salt=counting.SALT)
    assert counting.sign(value) == django_signer.sign(value)
    assert counting.unsign(django_signer.sign(value)) == value
    assert counting.unsign(value + ":forged") is None and counting.unsign(value) is None
    old = counting.sign(value)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "another-" + "k" * 50
    assert counting.unsign(old) == value  # a rotated key keeps its visitors
    assert counting.sign(value) != old


SHORTCUT = "tuphap.portal.middleware.PublicPageShortcut"


def _normalised(response: Any) -> tuple[int, dict[str, str], set[str], str]:
    import re

    headers = {k: v for k, v in response.headers.items() if k != "Content-Length"}
    html = re.sub(r"data-views>[\d.]+<", "data-views>N<", response.content.decode())
    return response.status_code, headers, set(response.cookies), html


@pytest.mark.parametrize("language", ["", "en"])
def test_the_short_way_answers_as_the_whole_stack_does(
    settings: Any, publish: Callable[..., Any], qa: Any, editor: Any, language: str
) -> None:
    article = publish()
    services.announcement_create(actor=editor, title="Thông báo", valid_from=dt.date(2020, 1, 1))
    announcement_url = Announcement.objects.get().get_absolute_url()
    paths = ["/", article.get_absolute_url(), "/chuyen-muc/hoat-dong/", "/tin-tuc/", "/thong-bao/", announcement_url]
    cookies = {settings.LANGUAGE_COOKIE_NAME: language} if language else {}
    assert SHORTCUT in settings.MIDDLEWARE

    def visit(path: str) -> Any:
        client = Client()
        client.cookies.load(cookies)
        return client.get(path)

    short = {path: visit(path) for path in paths}
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != SHORTCUT]
    full = {path: visit(path) for path in paths}
    for path in paths:
        assert not hasattr(short[path].wsgi_request, "session"), f"{path} did not take the short way"
        assert hasattr(full[path].wsgi_request, "session")
        assert _normalised(short[path]) == _normalised(full[path]), path
        assert short[path]["Content-Length"] == str(len(short[path].content))
        assert short[path]["Content-Language"] == (language or "vi")


def test_the_short_way_leaves_everything_else_to_the_whole_stack(
    client: Client, publish: Callable[..., Any], editor: Any
) -> None:
    article = publish()
    draft = services.article_create(actor=editor, category=article.category, title="Nháp")
    missing = client.get(draft.get_absolute_url())
    assert missing.status_code == 404 and hasattr(missing.wsgi_request, "session")  # the site's 404 page
    for path in ["/tim-kiem/?q=hoi", "/thong-ke-truy-cap/", "/tai-khoan/", "/tin-tuc/a/b/", "/rss.xml"]:
        assert hasattr(client.get(path).wsgi_request, "session"), path
    client.force_login(editor)
    staff = client.get(article.get_absolute_url())
    assert hasattr(staff.wsgi_request, "session") and "Đăng xuất" in staff.content.decode()
    assert Client(HTTP_HOST="evil.example").get(article.get_absolute_url()).status_code == 400
