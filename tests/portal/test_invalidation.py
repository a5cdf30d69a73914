"""Every change of the content retires the cached public pages, whatever path
it takes (the services, the Django admin, a model's save or delete, a
queryset's update or bulk write), and what changes with the clock alone (a
scheduled article reaching its time, a new day) shows without any save."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from tuphap.core.tz import LOCAL_TZ, local_day
from tuphap.portal import caching, services
from tuphap.portal.models import Announcement, Article, ArticleImage, Category

ROOT = Path(__file__).resolve().parents[2]


def seen(visitor: Client, url: str) -> str:
    response = visitor.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- the Django admin --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_article_edited_in_the_django_admin_shows_at_once_on_every_cached_page(
    publish: Callable[..., Any], admin_user: Any
) -> None:
    article, other = publish("Tiêu đề cũ"), publish("Bài bên cạnh")
    visitor = Client()
    pages = [
        "/",
        "/tin-tuc/",
        "/chuyen-muc/hoat-dong/",
        other.get_absolute_url(),
        article.get_absolute_url(),
    ]
    for url in pages:
        assert "Tiêu đề cũ" in seen(visitor, url), url  # now cached

    admin = Client()
    admin.force_login(admin_user)
    form = {
        "category": article.category_id,
        "title": "Tiêu đề sửa trong trang quản trị",
        "slug": article.slug,
        "lead": article.lead,
        "body": article.body,
        "byline": "",
        "author": "",
        "_save": "1",
    }
    response = admin.post(f"/admin/portal/article/{article.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]

    for url in pages:
        html = seen(visitor, url)
        assert "Tiêu đề sửa trong trang quản trị" in html and "Tiêu đề cũ" not in html, url


def test_admin_actions_and_category_edits_retire_the_cached_pages(
    client: Client, publish: Callable[..., Any], editor: Any, admin_user: Any
) -> None:
    publish("Tin hoạt động")
    services.announcement_create(actor=editor, title="Thông báo sẽ bị xoá", valid_from=dt.date(2020, 1, 1))
    services.announcement_create(actor=editor, title="Thông báo ở lại", valid_from=dt.date(2020, 1, 1))
    visitor = Client()
    html = seen(visitor, "/")
    assert "Thông báo sẽ bị xoá" in html and "Hoạt động của Sở" in html
    assert "Thông báo sẽ bị xoá" in seen(visitor, "/thong-bao/")

    client.force_login(admin_user)
    gone = Announcement.objects.get(title="Thông báo sẽ bị xoá")
    response = client.post(
        "/admin/portal/announcement/",
        {"action": "delete_selected", "_selected_action": [gone.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not Announcement.objects.filter(pk=gone.pk).exists()
    for url in ["/", "/thong-bao/"]:
        html = seen(visitor, url)
        assert "Thông báo sẽ bị xoá" not in html and "Thông báo ở lại" in html, url

    news = Category.objects.get(slug="hoat-dong")
    form = {
        "slug": news.slug,
        "name": "Tin hoạt động của Sở Tư pháp",
        "description": "",
        "position": news.position,
        "on_home": "on",
        "_save": "1",
    }
    assert client.post(f"/admin/portal/category/{news.pk}/change/", form).status_code == 302
    assert "Tin hoạt động của Sở Tư pháp" in seen(visitor, "/")


# --- the model layer ----------------------------------------------------------


def _save(article: Article) -> None:
    article.title = "Tiêu đề mới"
    article.save()


def _update(article: Article) -> None:
    Article.objects.filter(pk=article.pk).update(title="Tiêu đề mới")


def _bulk_update(article: Article) -> None:
    article.title = "Tiêu đề mới"
    Article.objects.bulk_update([article], ["title"])


def _rename_category(article: Article) -> None:
    Category.objects.filter(pk=article.category_id).update(name="Tiêu đề mới")


def _withdraw(article: Article) -> None:
    Article.objects.filter(pk=article.pk).update(status="draft")


def _delete(article: Article) -> None:
    article.delete()


OLD, NEW, CATEGORY = "Tiêu đề cũ", "Tiêu đề mới", "Hoạt động của Sở"


@pytest.mark.parametrize(
    ("change", "gone", "shown"),
    [
        (_save, OLD, NEW),
        (_update, OLD, NEW),
        (_bulk_update, OLD, NEW),
        (_rename_category, CATEGORY, NEW),
        (_withdraw, OLD, None),
        (_delete, OLD, None),
    ],
)
def test_writes_outside_the_services_retire_the_cached_pages(
    publish: Callable[..., Any], change: Callable[[Article], None], gone: str, shown: str | None
) -> None:
    article = publish(OLD)
    publish("Bài khác")
    visitor = Client()
    for url in ["/", "/chuyen-muc/hoat-dong/"]:
        assert gone in seen(visitor, url)
    before = caching.generation()
    change(Article.objects.get(pk=article.pk))
    assert caching.generation() != before
    for url in ["/", "/chuyen-muc/hoat-dong/"]:
        html = seen(visitor, url)
        assert gone not in html and (shown is None or shown in html) and "Bài khác" in html, url


def test_photos_and_announcements_written_directly_retire_the_cached_pages(
    editor: Any, publish: Callable[..., Any]
) -> None:
    from tests.portal.test_content import png

    article = publish("Bài có ảnh")
    image = services.article_image_add(actor=editor, article=article, upload=png(400, 300), caption="Chú thích ảnh cũ")
    visitor = Client()
    assert "Chú thích ảnh cũ" in seen(visitor, article.get_absolute_url())
    generation = caching.generation()
    ArticleImage.objects.filter(pk=image.pk).update(caption="Chú thích ảnh mới")  # updated_at of the article unchanged
    assert caching.generation() != generation
    assert "Chú thích ảnh mới" in seen(visitor, article.get_absolute_url())
    ArticleImage.objects.get(pk=image.pk).delete()
    assert "Chú thích ảnh mới" not in seen(visitor, article.get_absolute_url())

    Announcement.objects.bulk_create([Announcement(title="Thông báo nhập hàng loạt", valid_from=dt.date(2020, 1, 1))])
    assert "Thông báo nhập hàng loạt" in seen(visitor, "/")
    Announcement.objects.all().delete()
    assert "Thông báo nhập hàng loạt" not in seen(visitor, "/")


def test_counting_views_retires_nothing(publish: Callable[..., Any]) -> None:
    article = publish()
    generation = caching.generation()
    Client().get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(views=1634)  # a counter (the demo's, a flush)
    article.refresh_from_db()
    article.views += 1
    article.save(update_fields=["views"])
    assert caching.generation() == generation


def test_a_rolled_back_change_leaves_the_generation_as_it_was(publish: Callable[..., Any]) -> None:
    article = publish()
    before = caching.generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(title="Không lưu")
        assert caching.generation() != before
        raise RuntimeError
    assert caching.generation() == before


# --- the clock ------------------------------------------------------------------


def test_a_scheduled_article_appears_on_the_cached_pages_at_its_time(
    editor: Any, news: Any, publish: Callable[..., Any]
) -> None:
    neighbour = publish("Bài đã đăng")
    scheduled = services.article_create(actor=editor, category=news, title="Bài hẹn giờ đăng")
    visitor = Client()
    pages = ["/", "/tin-tuc/", "/chuyen-muc/hoat-dong/", neighbour.get_absolute_url()]
    for url in pages:
        seen(visitor, url)  # templates loaded: the pages below render quickly
    due = timezone.now() + dt.timedelta(seconds=2)
    services.article_publish(actor=editor, article=scheduled, at=due)
    for url in pages:
        assert "Bài hẹn giờ đăng" not in seen(visitor, url), url  # cached, as nothing else is due before
    assert timezone.now() < due, "too slow to see the page before the article's time"
    assert visitor.get(scheduled.get_absolute_url()).status_code == 404
    generation = caching.generation()

    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.05)  # nothing is saved meanwhile
    assert caching.generation() == generation
    for url in pages:
        assert "Bài hẹn giờ đăng" in seen(visitor, url), url
    assert "Bài hẹn giờ đăng" in seen(visitor, scheduled.get_absolute_url())


def test_pages_are_kept_until_the_next_publication_or_the_next_day_at_most(editor: Any, news: Any) -> None:
    # 23:59:30 in Hồ Chí Minh City (16:59:30 UTC): announcements of tomorrow start in 30 s
    evening = dt.datetime(2030, 3, 2, 16, 59, 30, tzinfo=dt.UTC)
    assert caching.seconds_until_clock_change(evening) == 30
    morning = evening + dt.timedelta(hours=3)
    assert caching.seconds_until_clock_change(morning) == caching.PAGE_SECONDS
    article = services.article_create(actor=editor, category=news, title="Hẹn giờ")
    services.article_publish(actor=editor, article=article, at=morning + dt.timedelta(seconds=12))
    assert caching.seconds_until_clock_change(morning) == 12
    assert caching.seconds_until_clock_change(morning + dt.timedelta(seconds=12)) == caching.PAGE_SECONDS


def test_an_announcement_starting_tomorrow_is_not_kept_out_past_midnight(client: Client, editor: Any) -> None:
    tomorrow = local_day(timezone.now()) + dt.timedelta(days=1)
    services.announcement_create(actor=editor, title="Thông báo từ ngày mai", valid_from=tomorrow)
    assert "Thông báo từ ngày mai" not in seen(client, "/thong-bao/")
    midnight = dt.datetime.combine(tomorrow, dt.time(), tzinfo=LOCAL_TZ)
    assert caching.seconds_until_clock_change(timezone.now()) <= (midnight - timezone.now()).total_seconds()


# --- SQLite's writers' lock file ---------------------------------------------------

LOCK_SCRIPT = """
import datetime as dt, os, sys
import django
django.setup()
from django.db import connection
from tuphap.portal import counting
from tuphap.portal.models import ContentGeneration, Presence, VisitDay

name = connection.settings_dict["NAME"]
if sys.argv[1] == "runner":  # the test runner's process, which counted nothing itself, removes the database and exits
    os.remove(name)
    sys.exit(0)
with connection.schema_editor() as editor:
    for model in (ContentGeneration, Presence, VisitDay):
        editor.create_model(model)
# outside any transaction: BEGIN IMMEDIATE under the flock
counting.track(None, now=dt.datetime(2025, 6, 1, 5, tzinfo=dt.UTC))
print(sorted(os.listdir(os.path.dirname(name))))
connection.close()
if sys.argv[1] == "killed":
    other = django.db.connections.create_connection("default")
    other.cursor().execute("SELECT 1")  # WAL files stay while a connection is open…
    os._exit(0)  # …as when a server process is killed: no clean-up at exit
if sys.argv[1] == "drop":
    os.remove(name)  # what the test runner does with its database at the end
"""


@pytest.mark.parametrize("database", ["drop", "keep", "killed"])
def test_counting_on_sqlite_leaves_no_lock_file_behind_a_database_that_is_gone(tmp_path: Path, database: str) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tuphap.settings_test",
        "TUPHAP_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path}/db/tuphap.sqlite3",
        "REDIS_URL": "",
        "PYTHONPATH": str(ROOT / "src"),
    }
    (tmp_path / "db").mkdir()

    def run(mode: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", LOCK_SCRIPT, mode],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    used = run(database)
    assert "tuphap.sqlite3-writers.lock" in used  # the lock was used, next to the database
    left = sorted(p.name for p in (tmp_path / "db").iterdir())
    if database == "drop":
        assert left == []
    elif database == "keep":
        assert left == ["tuphap.sqlite3", "tuphap.sqlite3-writers.lock"]  # others may queue on it
    else:
        assert left == [f"tuphap.sqlite3{end}" for end in ("", "-shm", "-wal", "-writers.lock")]
        run("runner")
        assert sorted(p.name for p in (tmp_path / "db").iterdir()) == []


def test_a_slow_render_does_not_keep_a_page_past_the_next_articles_time(editor: Any, news: Any) -> None:
    """The page's life is counted from the instant its content was decided, not from the end of
    a slow render: an article due during the render makes the page uncacheable."""
    scheduled = services.article_create(actor=editor, category=news, title="Bài đến giờ khi đang dựng trang")
    services.article_publish(actor=editor, article=scheduled, at=timezone.now() + dt.timedelta(seconds=0.3))
    renders: list[float] = []

    def slow_render() -> str:
        renders.append(time.monotonic())
        time.sleep(0.5)
        return "trang"

    key = caching.page_key(caching.generation(), "slow-render")
    caching.cached_page(key, slow_render)
    caching.cached_page(key, slow_render)
    assert len(renders) == 2  # the first render ended after the article's time: it was not kept
