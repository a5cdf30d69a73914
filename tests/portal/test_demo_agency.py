"""The portal's demo is today's department: no judicial record (LLTP) guidance
after the handover of 28/2/2025, articles published from 1/7/2025 speak of
the merged department (no districts, no Bình Thuận as today's province); an
article shows the agency it was published under, by its publication date."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tuphap.orgs import services as orgs
from tuphap.portal import demo, selectors, services
from tuphap.portal.models import Article

MERGER = dt.date(2025, 7, 1)
HANDOVER = dt.date(2025, 2, 28)


@pytest.fixture
def merged(department: Any) -> Any:
    """The department of Bình Thuận until 30/6/2025, then the merged one of Lâm Đồng."""
    old = orgs.agency_upsert(
        actor=None,
        code=department.code,
        name=department.name,
        parent=department.parent,
        province="Bình Thuận",
        valid_from=dt.date(2008, 1, 1),
        valid_to=dt.date(2025, 6, 30),
    )
    new = orgs.agency_upsert(
        actor=None, code="000.00.17.H37", name="Sở Tư pháp tỉnh Lâm Đồng", province="Lâm Đồng", valid_from=MERGER
    )
    orgs.agency_set_successor(actor=None, agency=old, successor=new)
    return new


@pytest.fixture
def loaded(editor: Any, merged: Any) -> list[Article]:
    demo.load(io.StringIO())
    return list(Article.objects.all())


def text_of(article: Article) -> str:
    return f"{article.title} {article.lead} {article.body}".lower()


def test_no_lltp_guidance_after_the_handover(loaded: list[Article]) -> None:
    about_lltp = [a for a in loaded if "lý lịch tư pháp" in text_of(a)]
    assert about_lltp and all(timezone.localdate(a.published_at) <= HANDOVER for a in about_lltp)
    handover = next(a for a in loaded if a.title.startswith("Sở Tư pháp bàn giao nhiệm vụ cấp phiếu"))
    assert timezone.localdate(handover.published_at) == HANDOVER and "01/3/2025" in handover.lead


def test_articles_after_the_merger_speak_of_the_merged_department(loaded: list[Article]) -> None:
    after = [a for a in loaded if timezone.localdate(a.published_at) >= MERGER]
    before = [a for a in loaded if timezone.localdate(a.published_at) < MERGER]
    assert len(after) > 40 and len(before) >= 15
    for article in after:
        text = text_of(article)
        assert "huyện" not in text and "lý lịch tư pháp" not in text, article.title
    assert any("lâm đồng" in text_of(a) for a in after)
    assert demo.load(io.StringIO()) is None and Article.objects.count() == len(loaded)  # a second run adds nothing


def test_an_article_keeps_the_agency_it_was_published_under(client: Client, loaded: list[Article]) -> None:
    old = next(a for a in loaded if a.title.endswith("tại huyện Tuy Phong"))
    new = next(a for a in loaded if a.title == "Sở Tư pháp tỉnh Lâm Đồng chính thức hoạt động sau hợp nhất")
    assert selectors.publisher_of(old) == "Sở Tư pháp tỉnh Bình Thuận"
    assert selectors.publisher_of(new) == "Sở Tư pháp tỉnh Lâm Đồng"
    html = client.get(old.get_absolute_url()).content.decode()
    assert '<span class="publisher" title="Cơ quan đăng tin">Sở Tư pháp tỉnh Bình Thuận</span>' in html
    html = client.get(new.get_absolute_url()).content.decode()
    assert '<span class="publisher" title="Cơ quan đăng tin">Sở Tư pháp tỉnh Lâm Đồng</span>' in html


def test_the_publisher_switches_at_the_merger(merged: Any, editor: Any, news: Any) -> None:
    tz = timezone.get_current_timezone()

    def publish(title: str, at: dt.datetime) -> Article:
        article = services.article_create(actor=editor, category=news, title=title, lead="Tóm tắt.", body="<p>X</p>")
        return services.article_publish(actor=editor, article=article, at=at)

    last = publish("Tin ngày 30/6", dt.datetime(2025, 6, 30, 23, 30, tzinfo=tz))
    first = publish("Tin ngày 1/7", dt.datetime(2025, 7, 1, 0, 30, tzinfo=tz))
    assert selectors.publisher_of(last) == "Sở Tư pháp tỉnh Bình Thuận"
    assert selectors.publisher_of(first) == "Sở Tư pháp tỉnh Lâm Đồng"
