"""Counting rules: visitors, visits (30 minutes of silence), views (once per
visitor per article per hour), online (5 minutes), day/week/month in
Asia/Ho_Chi_Minh, and counts that the page cache does not break."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tuphap.portal import counting, services, visitor
from tuphap.portal.counting.base import presence_key
from tuphap.portal.counting.cookie import read_state
from tuphap.portal.models import Article, Presence, VisitDay
from tuphap.portal.selectors import visitor_stats

UTC = dt.UTC
T0 = 1_750_000_000


# --- the pure rules ----------------------------------------------------------


def test_a_request_without_cookie_is_a_new_visitor_with_a_visit_and_a_view() -> None:
    outcome = visitor.track(None, T0, article_id=7)
    assert outcome.new_visitor and outcome.new_visit and outcome.count_view
    assert outcome.state.views == {7: T0}


def test_a_visit_starts_after_30_minutes_of_silence() -> None:
    state = visitor.track(None, T0).state
    assert not visitor.track(state, T0 + 29 * 60 + 59).new_visit
    state = visitor.track(state, T0 + 29 * 60).state  # activity keeps the visit going
    assert not visitor.track(state, T0 + 58 * 60).new_visit
    assert visitor.track(state, T0 + 29 * 60 + 30 * 60).new_visit


def test_a_view_counts_once_per_visitor_per_article_per_hour() -> None:
    state = visitor.track(None, T0, article_id=1).state
    assert not visitor.track(state, T0 + 3599, article_id=1).count_view
    assert visitor.track(state, T0 + 10, article_id=2).count_view  # another article counts
    again = visitor.track(state, T0 + 3600, article_id=1)
    assert again.count_view and again.state.views[1] == T0 + 3600


def test_cookie_round_trip_and_garbage() -> None:
    state = visitor.track(visitor.track(None, T0, article_id=3).state, T0 + 5, article_id=300).state
    assert visitor.decode(visitor.encode(state)) == state
    for junk in ["", "x", "zz.1.", "0123456789abcdef.zz.", "0123456789abcdef.1.1-", "<script>.1.1-1"]:
        assert visitor.decode(junk) is None


def test_remembered_views_are_bounded() -> None:
    state = visitor.track(None, T0).state
    for aid in range(100):
        state = visitor.track(state, T0 + aid, article_id=aid).state
    assert len(state.views) == visitor.MAX_REMEMBERED_VIEWS
    assert min(state.views) == 100 - visitor.MAX_REMEMBERED_VIEWS  # the oldest are dropped


# --- counting in the database -------------------------------------------------


def at(year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def test_forged_or_foreign_cookie_is_a_new_visitor(db: Any) -> None:
    now = at(2025, 3, 5, 3)
    first = counting.track(None, now=now)
    assert counting.track(first.cookie, now=now + dt.timedelta(minutes=1)).new_visit is False
    tampered = first.cookie.replace(first.cookie[:4], "ffff", 1)
    assert counting.track(tampered, now=now + dt.timedelta(minutes=1)).new_visit is True
    assert VisitDay.objects.get().visits == 2


def test_days_weeks_and_months_follow_asia_ho_chi_minh(db: Any) -> None:
    # Sunday 2 March 2025 23:59 in Hồ Chí Minh City is 16:59 UTC; Monday starts at 17:00 UTC.
    counting.track(None, now=at(2025, 3, 2, 16, 59))
    counting.track(None, now=at(2025, 3, 2, 17, 0))
    counting.track(None, now=at(2025, 3, 2, 17, 1))
    assert dict(VisitDay.objects.values_list("day", "visits")) == {dt.date(2025, 3, 2): 1, dt.date(2025, 3, 3): 2}
    monday_morning = at(2025, 3, 3, 1)  # 08:00 local
    stats = visitor_stats(now=monday_morning)
    assert (stats["today"], stats["week"], stats["month"], stats["total"]) == (2, 2, 3, 3)
    sunday_evening = at(2025, 3, 2, 16, 59, 30)
    stats = visitor_stats(now=sunday_evening)
    assert (stats["today"], stats["week"], stats["month"]) == (1, 1, 1)

    # 31 March 23:59 local (16:59 UTC) is March; 17:00 UTC is 1 April (a Tuesday of the same ISO week).
    counting.track(None, now=at(2025, 3, 31, 16, 59))
    counting.track(None, now=at(2025, 3, 31, 17, 0))
    stats = visitor_stats(now=at(2025, 3, 31, 17, 30))
    assert (stats["today"], stats["week"], stats["month"], stats["total"]) == (1, 2, 1, 5)


def test_iso_week_starts_on_monday_across_a_year_end(db: Any) -> None:
    # Monday 29 Dec 2025 .. Sunday 4 Jan 2026 is one ISO week.
    for day in (28, 29, 31):
        counting.track(None, now=at(2025, 12, day, 3))
    counting.track(None, now=at(2026, 1, 1, 3))
    stats = visitor_stats(now=at(2026, 1, 1, 4))
    assert (stats["today"], stats["week"], stats["month"], stats["total"]) == (1, 3, 1, 4)


def test_online_means_distinct_visitors_seen_in_the_last_five_minutes(db: Any) -> None:
    now = at(2025, 6, 1, 5)
    a = counting.track(None, now=now - dt.timedelta(minutes=10))
    counting.track(a.cookie, now=now - dt.timedelta(minutes=4, seconds=59))  # a: seen 4:59 ago
    counting.track(a.cookie, now=now - dt.timedelta(minutes=1))  # the same visitor again
    counting.track(None, now=now - dt.timedelta(minutes=5, seconds=1))  # b: 5:01 ago
    counting.track(None, now=now - dt.timedelta(seconds=3))  # c
    assert visitor_stats(now=now)["online"] == 2
    assert visitor_stats(now=now + dt.timedelta(minutes=5))["online"] == 0
    assert Presence.objects.count() == 3  # one row per visitor, no IP address
    assert all(len(p.key) == 32 for p in Presence.objects.all())


def test_old_presence_rows_are_swept(db: Any) -> None:
    now = at(2025, 6, 2, 5)
    counting.track(None, now=now - dt.timedelta(days=2))
    counting.track(None, now=now)  # one new visitor in 256 sweeps on its way (its key starts with "00")
    swept = counting.presence_prune(before=now - counting.PRESENCE_KEPT)
    assert swept == 1 or (swept == 0 and Presence.objects.count() == 1)  # swept here, or already by that request
    assert Presence.objects.count() == 1 and visitor_stats(now=now)["online"] == 1


def test_the_all_time_figure_starts_from_the_imported_total(db: Any) -> None:
    services.visits_import_total(actor=None, total=1_284_315)
    counting.track(None, now=at(2025, 6, 1, 5))
    assert visitor_stats(now=at(2025, 6, 1, 6))["total"] == 1_284_316


def test_views_count_once_per_hour_in_the_database(publish: Callable[..., Any]) -> None:
    article = publish()
    now = at(2025, 6, 1, 5)
    first = counting.track(None, now=now, article_id=article.pk)
    second = counting.track(first.cookie, now=now + dt.timedelta(minutes=59), article_id=article.pk)
    third = counting.track(second.cookie, now=now + dt.timedelta(minutes=61), article_id=article.pk)
    assert (first.counted_view, second.counted_view, third.counted_view) == (True, False, True)
    article.refresh_from_db()
    assert article.views == 2


# --- over HTTP, with the page cache --------------------------------------------


def test_each_new_visitor_counts_although_the_page_comes_from_the_cache(
    client: Client, publish: Callable[..., Any]
) -> None:
    article = publish()
    url = article.get_absolute_url()
    client.get(url)  # renders and fills the cache
    for n in range(2, 7):
        anonymous = Client()
        with CaptureQueriesContext(connection) as queries:
            response = anonymous.get(url)
        assert f"data-views>{n}</strong>" in response.content.decode()
        # savepoint, the article (counts and checks), presence, visits, release:
        # nothing renders; and, for about one new visitor in 256 (whose presence
        # key starts with "00"), the sweep of stale presence as one more DELETE
        state = read_state(response.cookies[counting.COOKIE_NAME].value)
        assert state is not None
        swept = presence_key(state.vid).startswith("00")
        statements = [q["sql"] for q in queries.captured_queries]
        assert len(statements) <= 5 + swept, statements
        if swept:
            assert any(sql.startswith("DELETE") and "presence" in sql for sql in statements), statements
    article.refresh_from_db()
    assert article.views == 6
    assert VisitDay.objects.get().visits == 6


def test_a_returning_visitor_is_not_counted_again_within_the_hour(client: Client, publish: Callable[..., Any]) -> None:
    article = publish()
    url = article.get_absolute_url()
    first = client.get(url)
    assert counting.COOKIE_NAME in first.cookies
    cookie = first.cookies[counting.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) == visitor.COOKIE_LIFETIME
    for _ in range(3):
        html = client.get(url).content.decode()
    assert "data-views>1</strong>" in html
    client.get("/")
    assert Article.objects.get(pk=article.pk).views == 1
    assert VisitDay.objects.get().visits == 1  # one visit, several pages


def test_anonymous_public_pages_touch_no_session(client: Client, publish: Callable[..., Any]) -> None:
    article = publish()
    for url in ["/", article.get_absolute_url(), "/chuyen-muc/hoat-dong/", "/thong-bao/", "/tim-kiem/?q=hoi"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Cookie" not in response.get("Vary", ""), url
        assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies, url
        assert "csrfmiddlewaretoken" not in response.content.decode(), url


def test_views_are_shown_in_vietnamese_number_format(client: Client, publish: Callable[..., Any]) -> None:
    article = publish()
    Article.objects.filter(pk=article.pk).update(views=1634)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Lượt xem: <strong data-views>1.635</strong>" in html
    assert "Thống kê truy cập" in html and 'data-stat="today">1<' in html


def test_a_staff_member_gets_the_back_office_layout_and_is_counted(
    client: Client, publish: Callable[..., Any], editor: Any
) -> None:
    article = publish()
    client.force_login(editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Đăng xuất" in html and "data-views>1</strong>" in html


@pytest.mark.django_db(transaction=True)
def test_no_increment_is_lost_under_concurrent_requests(make_staff: Callable[..., Any], news: Any) -> None:
    from tuphap.orgs.roles import Role

    editor = make_staff("bientap2", Role.EDITOR)
    article = services.article_publish(
        actor=editor, article=services.article_create(actor=editor, category=news, title="Bài kiểm tra đồng thời")
    )
    threads, per_thread, errors = 8, 15, []
    now = at(2025, 6, 1, 5)

    def worker() -> None:
        try:
            for _ in range(per_thread):
                counting.track(None, now=now, article_id=article.pk)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    article.refresh_from_db()
    assert article.views == threads * per_thread
    assert VisitDay.objects.get(day=dt.date(2025, 6, 1)).visits == threads * per_thread
