"""Content: only editors write, directors approve when required, bodies are
sanitised, photos are checked and resized, every change leaves an audit event."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from tuphap.core.models import AuditEvent
from tuphap.orgs.roles import Role
from tuphap.portal import services
from tuphap.portal.models import Article, ArticleStatus
from tuphap.portal.sanitize import sanitize_html


def png(width: int = 2400, height: int = 1200, *, exif: bool = False, fmt: str = "PNG") -> SimpleUploadedFile:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    out = io.BytesIO()
    kwargs: dict[str, Any] = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Camera maker"
        kwargs["exif"] = data
    image.save(out, format=fmt, **kwargs)
    return SimpleUploadedFile(f"anh.{fmt.lower()}", out.getvalue(), content_type=f"image/{fmt.lower()}")


# --- sanitising ----------------------------------------------------------------

PAYLOAD = (
    '<p onclick="steal()">Xin chào <script>alert(1)</script><strong>đậm</strong>'
    '<a href="javascript:alert(2)">x</a><a href="https://moj.gov.vn" target="_blank">Bộ Tư pháp</a></p>'
    '<img src="x" onerror="alert(3)"><iframe src="https://evil.example"></iframe><style>body{}</style>'
    '<h2 style="color:red">Tiêu đề</h2><table><tr><td colspan="2">ô</td></tr></table>'
)


def test_sanitiser_keeps_the_editors_markup_and_drops_the_rest() -> None:
    clean = sanitize_html(PAYLOAD)
    for gone in ["<script", "alert(1)", "onclick", "onerror", "javascript:", "<iframe", "<style", "style="]:
        assert gone not in clean, gone
    for kept in [
        "<strong>đậm</strong>",
        '<a href="https://moj.gov.vn" rel="noopener noreferrer">Bộ Tư pháp</a>',
        "<h2>Tiêu đề</h2>",
        '<td colspan="2">',
    ]:
        assert kept in clean, kept
    assert sanitize_html("<p></p>") == ""


def test_body_is_sanitised_on_save_by_create_and_update(editor: Any, news: Any) -> None:
    article = services.article_create(actor=editor, category=news, title="Bài có mã độc", body=PAYLOAD)
    assert "<script" not in Article.objects.get(pk=article.pk).body
    services.article_update(
        actor=editor, article=article, category=news, title="Bài có mã độc", body="<p>a</p><script>x()</script>"
    )
    assert Article.objects.get(pk=article.pk).body == "<p>a</p>"


# --- permissions -------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.SPECIALIST, Role.UNIT_HEAD, Role.DIRECTOR, Role.ADMIN])
def test_only_editors_write_articles(make_staff: Callable[..., Any], news: Any, role: Role) -> None:
    user = make_staff("nguoi-dung", role)
    with pytest.raises(PermissionDenied):
        services.article_create(actor=user, category=news, title="Không được viết")
    with pytest.raises(PermissionDenied):
        services.announcement_create(actor=user, title="Không được", valid_from=dt.date(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        services.article_create(actor=None, category=news, title="Không có người viết")


def test_editor_writes_publishes_and_withdraws_with_audit_events(editor: Any, news: Any) -> None:
    article = services.article_create(actor=editor, category=news, title="Đẩy mạnh Phổ biến pháp luật", lead="Tóm tắt")
    assert article.slug == "day-manh-pho-bien-phap-luat" and article.status == ArticleStatus.DRAFT
    twin = services.article_create(actor=editor, category=news, title="Đẩy mạnh Phổ biến pháp luật")
    assert twin.slug == "day-manh-pho-bien-phap-luat-2"
    services.article_publish(actor=editor, article=article)
    assert Article.objects.visible().filter(pk=article.pk).exists()
    services.article_unpublish(actor=editor, article=article)
    assert not Article.objects.visible().filter(pk=article.pk).exists()
    actions = list(
        AuditEvent.objects.filter(object_id=str(article.pk), object_type="portal.article").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["portal.article.create", "portal.article.publish", "portal.article.unpublish"]


def test_scheduled_article_appears_at_its_time(editor: Any, news: Any) -> None:
    article = services.article_create(actor=editor, category=news, title="Bài hẹn giờ")
    later = timezone.now() + dt.timedelta(hours=2)
    services.article_publish(actor=editor, article=article, at=later)
    article.refresh_from_db()
    assert article.state == "scheduled"
    assert not Article.objects.visible().filter(pk=article.pk).exists()
    assert Article.objects.visible(later + dt.timedelta(seconds=1)).filter(pk=article.pk).exists()


def test_directors_may_require_approval_before_publication(
    editor: Any, director: Any, news: Any, make_staff: Callable[..., Any]
) -> None:
    with pytest.raises(PermissionDenied):
        services.portal_options_update(actor=editor, approval_required=True)
    services.portal_options_update(actor=director, approval_required=True)
    article = services.article_create(actor=editor, category=news, title="Bài cần duyệt")
    article = services.article_publish(actor=editor, article=article)
    assert article.status == ArticleStatus.PENDING and not Article.objects.visible().exists()
    with pytest.raises(PermissionDenied):
        services.article_approve(actor=editor, article=article)
    article = services.article_approve(actor=director, article=article)
    assert article.status == ArticleStatus.PUBLISHED and article.approved_by == director
    assert Article.objects.visible().filter(pk=article.pk).exists()
    with pytest.raises(ValidationError):
        services.article_approve(actor=director, article=article)
    assert AuditEvent.objects.filter(action="portal.article.submit").count() == 1
    assert AuditEvent.objects.filter(action="portal.article.approve").count() == 1


# --- photos ------------------------------------------------------------------


def test_photo_is_resized_reencoded_and_stripped(editor: Any, news: Any) -> None:
    article = services.article_create(actor=editor, category=news, title="Bài có ảnh")
    image = services.article_image_add(
        actor=editor, article=article, upload=png(3000, 1500, exif=True, fmt="JPEG"), caption="Quang cảnh hội nghị"
    )
    assert (image.width, image.height) == (1600, 800)
    with Image.open(image.image.path) as stored:
        assert stored.format == "JPEG" and stored.size == (1600, 800)
        assert not stored.getexif()
    assert image.image.name.startswith("portal/") and image.caption == "Quang cảnh hội nghị"


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg"),
        SimpleUploadedFile("trang.html", b"<script>alert(1)</script>", content_type="text/html"),
        SimpleUploadedFile(
            "anh.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', content_type="image/svg+xml"
        ),
    ],
)
def test_non_images_are_refused(editor: Any, news: Any, upload: Any) -> None:
    article = services.article_create(actor=editor, category=news, title="Bài có tệp lạ")
    with pytest.raises(ValidationError):
        services.article_image_add(actor=editor, article=article, upload=upload)


def test_too_large_uploads_are_refused(editor: Any, news: Any) -> None:
    article = services.article_create(actor=editor, category=news, title="Bài có ảnh lớn")
    big = SimpleUploadedFile("lon.jpg", b"\xff" * (8 * 1024 * 1024 + 1), content_type="image/jpeg")
    with pytest.raises(ValidationError, match="quá lớn|too large"):
        services.article_image_add(actor=editor, article=article, upload=big)


# --- the editors' pages --------------------------------------------------------


def test_back_office_pages_need_the_right_capability(
    client: Client, reception: Any, editor: Any, director: Any, publish: Callable[..., Any]
) -> None:
    article = publish()
    urls = [
        "/cong-thong-tin/",
        "/cong-thong-tin/bai-viet/moi/",
        f"/cong-thong-tin/bai-viet/{article.pk}/",
        "/cong-thong-tin/thong-bao/moi/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/"), url
    client.force_login(reception)
    for url in urls:
        assert client.get(url).status_code == 403, url
    client.force_login(director)
    assert client.get("/cong-thong-tin/").status_code == 200  # directors review and approve
    assert client.get("/cong-thong-tin/bai-viet/moi/").status_code == 403  # ... but do not write
    assert client.post(f"/cong-thong-tin/bai-viet/{article.pk}/xuat-ban/").status_code == 403
    client.force_login(editor)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_editor_writes_an_article_with_a_photo_in_the_browser_form(client: Client, editor: Any, news: Any) -> None:
    client.force_login(editor)
    response = client.post(
        "/cong-thong-tin/bai-viet/moi/",
        {
            "category": news.pk,
            "title": "Tập huấn nghiệp vụ hộ tịch",
            "lead": "Tóm tắt",
            "body": "<p>Nội dung</p><script>x()</script>",
            "byline": "Thu Võ",
            "image": png(800, 600),
            "caption": "Các học viên",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cong-thong-tin/bai-viet/{article.pk}/"
    assert article.body == "<p>Nội dung</p>" and article.images.get().caption == "Các học viên"
    client.post(f"/cong-thong-tin/bai-viet/{article.pk}/xuat-ban/", {"at": ""})
    article.refresh_from_db()
    assert article.state == "published"
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Các học viên" in html and "/media/portal/" in html and "<script>x()" not in html


def test_form_shows_a_vietnamese_error_for_a_bad_photo(client: Client, editor: Any, news: Any) -> None:
    client.force_login(editor)
    response = client.post(
        "/cong-thong-tin/bai-viet/moi/",
        {"category": news.pk, "title": "Bài", "image": SimpleUploadedFile("a.jpg", b"not an image"), "caption": ""},
    )
    assert response.status_code == 200 and "Tệp không phải là ảnh" in response.content.decode()
    assert not Article.objects.exists()


def test_back_office_list_queries_do_not_grow_with_the_articles(
    client: Client, editor: Any, publish: Callable[..., Any]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/cong-thong-tin/").status_code == 200
        return len(ctx.captured_queries)

    client.force_login(editor)
    publish("Bài một")
    queries()  # warms the department name's cache
    few = queries()
    for i in range(20):
        publish(f"Bài {i}")
    assert queries() == few


def test_announcement_changes_leave_audit_events_with_what_changed(editor: Any) -> None:
    notice = services.announcement_create(
        actor=editor, title="Lịch tiếp công dân", valid_from=dt.date(2025, 1, 1), pinned=True
    )
    services.announcement_update(
        actor=editor,
        announcement=notice,
        title="Lịch tiếp công dân (sửa)",
        valid_from=dt.date(2025, 1, 2),
        valid_to=dt.date(2025, 3, 31),
    )
    created = AuditEvent.objects.get(action="portal.announcement.create")
    updated = AuditEvent.objects.get(action="portal.announcement.update")
    first = {"title": "Lịch tiếp công dân", "pinned": True, "valid_from": "2025-01-01", "valid_to": ""}
    assert created.after == first and updated.before == first
    assert updated.after == {
        "title": "Lịch tiếp công dân (sửa)",
        "pinned": False,
        "valid_from": "2025-01-02",
        "valid_to": "2025-03-31",
    }
