"""Issue 16, items 4 and 5: announcements outside their validity are not
readable by number, and every portal text goes through ``tuphap.core.text``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tuphap.core.tz import local_day
from tuphap.portal import services
from tuphap.portal.models import Announcement, Article, ArticleImage, Category

# --- item 4: announcements outside their validity ----------------------------------


def _same_page(content: bytes) -> bytes:
    """A page without what changes with every response (the CSP nonce, the CSRF token)
    and without the number asked for."""
    content = re.sub(rb"thong-bao(/|%2F)\d+", rb"thong-bao\1N", content)
    return re.sub(rb'"[A-Za-z0-9_-]{22,}"', b'""', content)


def _announcement(editor: Any, title: str, start: int, end: int | None) -> Announcement:
    today = local_day(timezone.now())
    return services.announcement_create(
        actor=editor,
        title=title,
        valid_from=today + dt.timedelta(days=start),
        valid_to=None if end is None else today + dt.timedelta(days=end),
    )


@pytest.mark.parametrize(("start", "end"), [(-30, -1), (1, 10), (1, None)], ids=["expired", "scheduled", "future"])
def test_an_announcement_outside_its_validity_is_a_404_as_one_that_does_not_exist(
    editor: Any, start: int, end: int | None
) -> None:
    hidden = _announcement(editor, "Thông báo ngoài hạn", start, end)
    missing = Client().get(f"/thong-bao/{hidden.pk + 1000}/")
    response = Client().get(f"/thong-bao/{hidden.pk}/")
    assert response.status_code == missing.status_code == 404
    assert "Thông báo ngoài hạn" not in response.content.decode()
    assert _same_page(response.content) == _same_page(missing.content)


def test_a_current_announcement_is_served_and_an_editor_may_preview_the_others(client: Client, editor: Any) -> None:
    current = _announcement(editor, "Thông báo còn hạn", -1, 1)
    expired = _announcement(editor, "Thông báo đã hết hạn", -10, -1)
    assert "Thông báo còn hạn" in Client().get(f"/thong-bao/{current.pk}/").content.decode()
    client.force_login(editor)
    response = client.get(f"/thong-bao/{expired.pk}/")
    assert response.status_code == 200 and "Thông báo đã hết hạn" in response.content.decode()
    assert Client().get(f"/thong-bao/{expired.pk}/").status_code == 404  # previewing cached nothing public


def test_someone_logged_in_without_the_editors_capability_gets_the_404(
    client: Client, make_staff: Callable[..., Any], editor: Any
) -> None:
    from tuphap.orgs.roles import Role

    expired = _announcement(editor, "Thông báo đã hết hạn", -10, -1)
    client.force_login(make_staff("motcua", Role.RECEPTION))
    assert client.get(f"/thong-bao/{expired.pk}/").status_code == 404


# --- item 5: the text rules ---------------------------------------------------------

BELL = "Hội nghị\x07 tổng kết"
RLO = "Thông báo \u202egnàd\u202c"


@pytest.mark.parametrize("field", ["title", "lead", "byline"])
def test_article_text_with_a_control_character_is_refused(editor: Any, news: Any, field: str) -> None:
    values = {"title": "Bài viết", field: BELL}
    with pytest.raises(ValidationError) as refused:
        services.article_create(actor=editor, category=news, **values)
    assert field in refused.value.message_dict and "U+0007" in refused.value.message_dict[field][0]
    article = services.article_create(actor=editor, category=news, title="Bài viết")
    with pytest.raises(ValidationError) as refused:
        services.article_update(actor=editor, article=article, category=news, **values)
    assert field in refused.value.message_dict
    assert not Article.objects.filter(title=BELL).exists()


def test_article_text_is_stored_in_nfc_without_invisible_characters(editor: Any, news: Any) -> None:
    article = services.article_create(
        actor=editor, category=news, title="Ho\u0302\u0323i  nghi\u0323\u200b", lead="Tóm\u00ad tắt"
    )
    assert article.title == "Hội nghị" and article.lead == "Tóm tắt"


def test_announcement_with_a_direction_override_is_refused(editor: Any) -> None:
    for values in ({"title": RLO}, {"title": "Thông báo", "body": f"Nội dung\n{RLO}"}):
        with pytest.raises(ValidationError) as refused:
            services.announcement_create(actor=editor, valid_from=dt.date(2025, 1, 1), **values)
        assert "U+202E" in str(refused.value)
    item = services.announcement_create(actor=editor, title="Thông báo", valid_from=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError):
        services.announcement_update(actor=editor, announcement=item, title=RLO, valid_from=dt.date(2025, 1, 1))
    assert not Announcement.objects.filter(title__contains="\u202e").exists()


def test_category_and_caption_text_is_checked(editor: Any, news: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.category_upsert(actor=None, slug="moi", name=BELL)
    assert "name" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.category_upsert(actor=None, slug="hoat-dong", name="Hoạt động", description=RLO)
    from tests.portal.test_revisions import png

    article = services.article_create(actor=editor, category=news, title="Bài có ảnh")
    with pytest.raises(ValidationError) as refused:
        services.article_image_add(actor=editor, article=article, upload=png(), caption=RLO)
    assert "caption" in refused.value.message_dict
    assert not ArticleImage.objects.exists() and not Category.objects.filter(slug="moi").exists()


def test_the_editors_forms_show_a_vietnamese_error_next_to_the_field(client: Client, editor: Any, news: Any) -> None:
    client.force_login(editor)
    response = client.post("/cong-thong-tin/bai-viet/moi/", {"category": news.pk, "title": BELL})
    assert response.status_code == 200 and "ký tự điều khiển" in response.content.decode()
    assert not Article.objects.exists()
    response = client.post(
        "/cong-thong-tin/thong-bao/moi/", {"title": RLO, "body": "", "valid_from": "2025-01-01", "valid_to": ""}
    )
    assert response.status_code == 200 and "U+202E" in response.content.decode()
    assert not Announcement.objects.exists()


def test_the_admin_saves_through_the_same_rules(client: Client, admin_user: Any, news: Any) -> None:
    client.force_login(admin_user)
    response = client.post(
        "/admin/portal/announcement/add/", {"title": RLO, "body": "", "valid_from": "2025-01-01", "valid_to": ""}
    )
    assert response.status_code == 200 and "U+202E" in response.content.decode()
    response = client.post(
        f"/admin/portal/category/{news.pk}/change/",
        {"slug": news.slug, "name": BELL, "description": "", "position": 1, "on_home": "on"},
    )
    assert response.status_code == 200 and "U+0007" in response.content.decode()
    assert not Announcement.objects.exists() and Category.objects.get(pk=news.pk).name == "Hoạt động của Sở"


@pytest.mark.parametrize("path", ["/rss.xml", "/atom.xml"])
def test_a_bad_character_already_stored_does_not_break_the_feeds(publish: Callable[..., Any], path: str) -> None:
    article = publish("Tin hợp lệ")
    Article.objects.filter(pk=article.pk).update(title="Tin\x07 có\x1b ký tự lạ", lead="Tóm\x0b tắt\x1f")
    response = Client().get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "Tin có ký tự lạ" in body
        and "\x07" not in body
        and "\x1b" not in body
        and "\x0b" not in body
        and "\x1f" not in body
        and "Tóm tắt" in body
    )
