"""Counting in Redis (REDIS_URL set), against the real server: the same rules as
in the database (once per hour, online window, days/weeks/months in
Asia/Ho_Chi_Minh), pending counts flushed into the database exactly once,
also when flushes race with counting or a flushing process dies half-way."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from tuphap.orgs.roles import Role
from tuphap.portal import counting, services
from tuphap.portal.models import Article, CounterFlush, Presence, VisitDay
from tuphap.portal.selectors import visitor_stats

UTC = dt.UTC


def at(year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def pending_views(redis: Any, article_id: int) -> int:
    return int(redis.hget(redis.prefix + "views", str(article_id)) or 0)


def test_views_count_once_per_hour_and_wait_in_redis_until_flushed(
    redis_counters: Any, publish: Callable[..., Any]
) -> None:
    article = publish()
    now = at(2025, 6, 1, 5)
    first = counting.track(None, now=now, article_id=article.pk)
    second = counting.track(first.cookie, now=now + dt.timedelta(minutes=59), article_id=article.pk)
    third = counting.track(second.cookie, now=now + dt.timedelta(minutes=61), article_id=article.pk)
    assert (first.counted_view, second.counted_view, third.counted_view) == (True, False, True)
    assert (first.views, second.views, third.views) == (1, 1, 2)  # shown: the database's views and the pending ones
    assert Article.objects.get(pk=article.pk).views == 0  # nothing written to the database yet
    assert pending_views(redis_counters, article.pk) == 2
    assert counting.flush() == (2, 2)  # 59 minutes of silence started a second visit
    assert Article.objects.get(pk=article.pk).views == 2 and pending_views(redis_counters, article.pk) == 0
    assert VisitDay.objects.get(day=dt.date(2025, 6, 1)).visits == 2
    fourth = counting.track(third.cookie, now=now + dt.timedelta(minutes=130), article_id=article.pk)
    assert fourth.views == 3  # 2 in the database + 1 pending
    assert counting.flush() == (1, 1)  # 130 minutes: a new visit too
    assert counting.flush() == (0, 0)


def test_online_window_comes_from_redis(redis_counters: Any, db: Any) -> None:
    now = at(2025, 6, 1, 5)
    a = counting.track(None, now=now - dt.timedelta(minutes=10))
    counting.track(a.cookie, now=now - dt.timedelta(minutes=4, seconds=59))  # a: seen 4:59 ago
    counting.track(a.cookie, now=now - dt.timedelta(minutes=1))  # the same visitor again
    counting.track(None, now=now - dt.timedelta(minutes=5, seconds=1))  # b: 5:01 ago
    counting.track(None, now=now - dt.timedelta(seconds=3))  # c
    assert counting.online_count(now) == 2
    assert visitor_stats(now=now)["online"] == 2
    assert visitor_stats(now=now + dt.timedelta(minutes=5))["online"] == 0
    assert not Presence.objects.exists()  # the database is not written per request
    assert redis_counters.zcard(redis_counters.prefix + "online") == 3  # one entry per visitor: a hash, no IP address
    counting.flush(now=now + dt.timedelta(days=2))  # visitors not seen for a day are forgotten
    assert redis_counters.zcard(redis_counters.prefix + "online") == 0


def test_days_weeks_and_months_follow_asia_ho_chi_minh_in_redis(redis_counters: Any, db: Any) -> None:
    # Sunday 2 March 2025 23:59 in Hồ Chí Minh City is 16:59 UTC; Monday starts at 17:00 UTC.
    counting.track(None, now=at(2025, 3, 2, 16, 59))
    counting.track(None, now=at(2025, 3, 2, 17, 0))
    counting.track(None, now=at(2025, 3, 2, 17, 1))
    assert {k.decode(): int(v) for k, v in redis_counters.hgetall(redis_counters.prefix + "visits").items()} == {
        "2025-03-02": 1,
        "2025-03-03": 2,
    }
    stats = visitor_stats(now=at(2025, 3, 3, 1))  # Monday 08:00 local; the statistics flush first
    assert (stats["today"], stats["week"], stats["month"], stats["total"]) == (2, 2, 3, 3)
    assert dict(VisitDay.objects.values_list("day", "visits")) == {dt.date(2025, 3, 2): 1, dt.date(2025, 3, 3): 2}
    # 31 March 23:59 local is March; 17:00 UTC is 1 April (the same ISO week).
    counting.track(None, now=at(2025, 3, 31, 16, 59))
    counting.track(None, now=at(2025, 3, 31, 17, 0))
    stats = visitor_stats(now=at(2025, 3, 31, 17, 30))
    assert (stats["today"], stats["week"], stats["month"], stats["total"]) == (1, 2, 1, 5)


def test_a_batch_is_applied_once_when_the_flushing_process_dies(
    redis_counters: Any, publish: Callable[..., Any]
) -> None:
    article = publish()
    now = at(2025, 6, 1, 5)
    for _ in range(3):
        counting.track(None, now=now, article_id=article.pk)

    # a process renamed the pending counts into a batch and died before writing them
    lost = counting.flush_begin()
    assert lost is not None and lost.views == [(str(article.pk), 3)]
    counting.track(None, now=now, article_id=article.pk)  # counting goes on meanwhile
    assert counting.flush() == (4, 4)  # the batch left in flight, then the new count
    assert Article.objects.get(pk=article.pk).views == 4

    # a process wrote its batch to the database and died before removing it from Redis
    counting.track(None, now=now, article_id=article.pk)
    applied = counting.flush_begin()
    assert applied is not None
    assert counting.flush_apply(applied) == (1, 1)
    assert counting.flush_apply(applied) == (0, 0)  # the batch's name is recorded: never twice
    assert counting.flush() == (0, 0)  # the next flush only forgets it
    assert Article.objects.get(pk=article.pk).views == 5
    assert VisitDay.objects.get(day=dt.date(2025, 6, 1)).visits == 5
    assert CounterFlush.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_flushes_racing_with_counting_lose_and_double_nothing(
    redis_counters: Any, make_staff: Callable[..., Any]
) -> None:
    editor = make_staff("bientap3", Role.EDITOR)
    news = services.category_upsert(actor=None, slug="hoat-dong", name="Hoạt động của Sở")
    article = services.article_publish(
        actor=editor, article=services.article_create(actor=editor, category=news, title="Đếm song song")
    )
    counters, per_counter, flushers = 6, 40, 3
    now = at(2025, 6, 1, 5)
    errors: list[BaseException] = []
    counting_done = threading.Event()
    applied: list[tuple[int, int]] = []

    def count() -> None:  # each thread has its own database connection and Redis connection
        try:
            for _ in range(per_counter):
                counting.track(None, now=now, article_id=article.pk)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    def flush() -> None:
        try:
            while not counting_done.is_set():
                applied.append(counting.flush())
            applied.append(counting.flush())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    counting_threads = [threading.Thread(target=count) for _ in range(counters)]
    flushing_threads = [threading.Thread(target=flush) for _ in range(flushers)]
    for t in counting_threads + flushing_threads:
        t.start()
    for t in counting_threads:
        t.join()
    counting_done.set()
    for t in flushing_threads:
        t.join()
    assert errors == []
    total = counters * per_counter
    assert (
        sum(v for v, _ in applied) == total and sum(n for _, n in applied) == total
    )  # each increment applied by exactly one flush
    assert Article.objects.get(pk=article.pk).views == total
    assert VisitDay.objects.get(day=dt.date(2025, 6, 1)).visits == total
    assert pending_views(redis_counters, article.pk) == 0
    assert not redis_counters.exists(redis_counters.prefix + "batch")


def test_the_article_page_counts_in_redis_and_the_api_shows_exact_totals(
    redis_counters: Any, client: Client, publish: Callable[..., Any]
) -> None:
    article = publish()
    url = article.get_absolute_url()
    client.get(url)  # renders and fills the page cache
    for n in range(2, 5):
        assert f"data-views>{n}</strong>" in Client().get(url).content.decode()
    assert "data-views>4</strong>" in client.get(url).content.decode()  # a returning visitor: shown, not counted
    assert Article.objects.get(pk=article.pk).views < 4  # not all in the database yet
    data = client.get(f"/api/v1/portal/articles/{article.slug}").json()
    assert data["views"] == 4 and Article.objects.get(pk=article.pk).views == 4  # the API flushed first
    stats = client.get("/api/v1/portal/stats").json()
    assert stats["today"] == 4 and stats["online"] == 4


def test_without_a_reachable_redis_the_request_is_counted_in_the_database(
    settings: Any, publish: Callable[..., Any], caplog: Any
) -> None:
    article = publish()
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.PORTAL_COUNTER_PREFIX = "tuphap-test:unreachable:"
    tracking = counting.track(None, now=at(2025, 6, 1, 5), article_id=article.pk)
    assert tracking.counted_view and tracking.views == 1
    assert Article.objects.get(pk=article.pk).views == 1 and VisitDay.objects.get().visits == 1
    assert "Redis unavailable" in caplog.text
    assert counting.flush() == (0, 0)  # nothing to flush from an unreachable Redis: no error
    assert visitor_stats(now=at(2025, 6, 1, 5, 1)) == {"online": 1, "today": 1, "week": 1, "month": 1, "total": 1}
    assert Client().get(article.get_absolute_url()).status_code == 200  # the page and its statistics box still answer


def test_a_draft_counts_nothing_in_redis(redis_counters: Any, client: Client, editor: Any, news: Any) -> None:
    draft = services.article_create(actor=editor, category=news, title="Bản nháp")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert not redis_counters.exists(redis_counters.prefix + "visits", redis_counters.prefix + "online")
