"""Issue 16, item 3: with approval required, a change of an approved article
waits for a director's approval; the published version is served until then."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tuphap.core.models import AuditEvent
from tuphap.portal import selectors, services
from tuphap.portal.models import Article, ArticleImage, ArticleRevision, ArticleStatus


def png(name: str = "anh.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 30)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def approved(editor: Any, director: Any, news: Any) -> Article:
    """An article published with a director's approval, approval still required."""
    services.portal_options_update(actor=director, approval_required=True)
    article = services.article_create(
        actor=editor,
        category=news,
        title="Tiêu đề đã duyệt",
        lead="Tóm tắt đã duyệt.",
        body="<p>Nội dung đã duyệt.</p>",
    )
    article = services.article_publish(actor=editor, article=article)
    return services.article_approve(actor=director, article=article)


def public_html(article: Article) -> str:
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_an_editors_change_of_an_approved_article_waits_for_approval(
    editor: Any, director: Any, qa: Any, approved: Article
) -> None:
    assert "Tiêu đề đã duyệt" in public_html(approved)
    services.article_update(
        actor=editor,
        article=approved,
        category=qa,
        title="Tiêu đề sửa lén",
        lead="Tóm tắt sửa lén.",
        body="<p>Nội dung sửa lén.</p>",
        byline="Người sửa",
    )
    stored = Article.objects.get(pk=approved.pk)
    assert (stored.title, stored.lead, stored.body, stored.category_id, stored.byline) == (
        "Tiêu đề đã duyệt",
        "Tóm tắt đã duyệt.",
        "<p>Nội dung đã duyệt.</p>",
        approved.category_id,
        "",
    )
    assert stored.status == ArticleStatus.PUBLISHED
    html = public_html(approved)
    assert "Tiêu đề đã duyệt" in html and "Nội dung đã duyệt." in html
    assert "sửa lén" not in html
    revision = ArticleRevision.objects.get(article=approved)
    assert (revision.title, revision.category, revision.body) == ("Tiêu đề sửa lén", qa, "<p>Nội dung sửa lén.</p>")
    assert AuditEvent.objects.filter(action="portal.article.revise").count() == 1
    assert selectors.article_has_pending_changes(approved)

    with pytest.raises(PermissionDenied):
        services.article_approve(actor=editor, article=approved)
    services.article_approve(actor=director, article=approved)
    stored = Article.objects.get(pk=approved.pk)
    assert (stored.title, stored.lead, stored.category, stored.byline) == (
        "Tiêu đề sửa lén",
        "Tóm tắt sửa lén.",
        qa,
        "Người sửa",
    )
    assert stored.status == ArticleStatus.PUBLISHED and stored.approved_by == director
    assert "sua len" in stored.search_text
    assert not ArticleRevision.objects.exists()
    assert "Nội dung sửa lén." in public_html(stored)
    event = AuditEvent.objects.get(action="portal.article.approve_changes")
    assert event.before["title"] == "Tiêu đề đã duyệt" and event.after["title"] == "Tiêu đề sửa lén"


def test_photos_added_or_removed_on_an_approved_article_wait_for_approval(
    editor: Any, director: Any, news: Any
) -> None:
    services.portal_options_update(actor=director, approval_required=True)
    article = services.article_create(actor=editor, category=news, title="Bài có ảnh đã duyệt")
    kept = services.article_image_add(actor=editor, article=article, upload=png(), caption="Ảnh đã duyệt")
    article = services.article_approve(actor=director, article=services.article_publish(actor=editor, article=article))

    added = services.article_image_add(actor=editor, article=article, upload=png(), caption="Ảnh chưa duyệt")
    services.article_image_remove(actor=editor, image=kept)
    html = public_html(article)
    assert "Ảnh đã duyệt" in html and "Ảnh chưa duyệt" not in html
    assert ArticleImage.objects.filter(pk=kept.pk).exists()
    assert selectors.article_has_pending_changes(article)
    api = Client().get(f"/api/v1/portal/articles/{article.slug}").json()
    assert [image["caption"] for image in api["images"]] == ["Ảnh đã duyệt"]

    services.article_approve(actor=director, article=article)
    html = public_html(article)
    assert "Ảnh chưa duyệt" in html and "Ảnh đã duyệt" not in html
    assert list(ArticleImage.objects.values_list("pk", flat=True)) == [added.pk]
    assert not selectors.article_has_pending_changes(article)


def test_a_director_may_reject_the_changes(editor: Any, director: Any, approved: Article) -> None:
    services.article_update(actor=editor, article=approved, category=approved.category, title="Đề xuất bị từ chối")
    added = services.article_image_add(actor=editor, article=approved, upload=png(), caption="Ảnh bị từ chối")
    services.article_changes_reject(actor=director, article=approved)
    assert not ArticleRevision.objects.exists() and not ArticleImage.objects.filter(pk=added.pk).exists()
    assert Article.objects.get(pk=approved.pk).title == "Tiêu đề đã duyệt"
    assert AuditEvent.objects.filter(action="portal.article.reject_changes").count() == 1


def test_the_editor_sees_the_pending_change_and_the_approver_its_difference(
    client: Client, editor: Any, director: Any, approved: Article
) -> None:
    client.force_login(editor)
    response = client.post(
        f"/cong-thong-tin/bai-viet/{approved.pk}/",
        {"category": approved.category_id, "title": "Tiêu đề đề xuất", "lead": "", "body": "<p>Mới</p>", "byline": ""},
    )
    assert response.status_code == 302
    page = client.get(f"/cong-thong-tin/bai-viet/{approved.pk}/").content.decode()
    assert "chờ lãnh đạo duyệt" in page  # the change awaits approval
    assert 'value="Tiêu đề đề xuất"' in page  # the form holds the proposal
    assert "Tiêu đề đã duyệt" in public_html(approved)

    client.force_login(director)
    listing = client.get("/cong-thong-tin/?trang-thai=pending").content.decode()
    assert "Tiêu đề đã duyệt" in listing and f"/cong-thong-tin/bai-viet/{approved.pk}/duyet/" in listing
    preview = client.get(f"/cong-thong-tin/bai-viet/{approved.pk}/xem-truoc/").content.decode()
    assert "Tiêu đề đã duyệt" in preview and "Tiêu đề đề xuất" in preview  # both sides of the difference
    response = client.post(f"/cong-thong-tin/bai-viet/{approved.pk}/duyet/")
    assert response.status_code == 302
    assert "Tiêu đề đề xuất" in public_html(approved)


def test_without_approval_an_edit_is_served_at_once(editor: Any, publish: Callable[..., Any]) -> None:
    article = publish("Tiêu đề cũ")
    services.article_update(actor=editor, article=article, category=article.category, title="Tiêu đề mới")
    assert Article.objects.get(pk=article.pk).title == "Tiêu đề mới"
    assert not ArticleRevision.objects.exists()
    assert "Tiêu đề mới" in public_html(article)


def test_a_draft_is_edited_in_place_even_with_approval_required(editor: Any, director: Any, news: Any) -> None:
    services.portal_options_update(actor=director, approval_required=True)
    article = services.article_create(actor=editor, category=news, title="Bản nháp")
    services.article_update(actor=editor, article=article, category=news, title="Bản nháp đã sửa")
    assert Article.objects.get(pk=article.pk).title == "Bản nháp đã sửa"
    assert not ArticleRevision.objects.exists()


def test_a_photo_whose_removal_waits_offers_no_second_removal(
    client: Client, editor: Any, director: Any, approved: Article
) -> None:
    # two photos shown on the approved article (added, then approved), one of which the editor removes
    kept = services.article_image_add(actor=editor, article=approved, upload=png(), caption="Ảnh giữ lại")
    gone = services.article_image_add(actor=editor, article=approved, upload=png(), caption="Ảnh chờ gỡ")
    services.article_approve(actor=director, article=approved)
    services.article_image_remove(actor=editor, image=gone)  # waits for a director: still shown, marked pending
    assert (
        ArticleImage.objects.get(pk=gone.pk).removal_pending
        and not ArticleImage.objects.get(pk=kept.pk).removal_pending
    )
    client.force_login(editor)
    page = client.get(f"/cong-thong-tin/bai-viet/{approved.pk}/").content.decode()
    assert "Ảnh chờ gỡ" in page and "Ảnh giữ lại" in page
    assert f"/cong-thong-tin/anh/{kept.pk}/xoa/" in page and f"/cong-thong-tin/anh/{gone.pk}/xoa/" not in page


def test_the_editors_list_takes_only_the_status_filters_it_knows(
    client: Client, director: Any, approved: Article
) -> None:
    client.force_login(director)
    for status in ["", "published", "scheduled", "draft", "pending", "không-có"]:
        page = client.get("/cong-thong-tin/", {"trang-thai": status})
        assert page.status_code == 200, status
        html = page.content.decode()
        # an unknown value lists every article, as "" does; a known one is the option selected
        selected = status if status != "không-có" else ""
        assert f'value="{selected}" selected' in html, status
        assert ("Tiêu đề đã duyệt" in html) == (status in {"", "published", "không-có"}), status
