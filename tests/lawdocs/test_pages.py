"""Pages: public search and document page (no session), staff pages by capability."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.lawdocs.conftest import d
from tuphap.lawdocs import services
from tuphap.lawdocs.models import AppraisalRequest, Draft, ReviewRun
from tuphap.orgs.roles import Role


@pytest.fixture
def docs(make_doc: Callable[..., Any]) -> dict[str, Any]:
    old = make_doc(
        "12/2016/QĐ-UBND",
        "Quy định về đăng ký hộ tịch",
        effective="2016-03-25",
        text="Điều 1. Đăng ký khai sinh, kết hôn.",
    )
    new = make_doc("05/2018/QĐ-UBND", "Sửa đổi Quy định về đăng ký hộ tịch", effective="2018-02-20")
    services.relation_add(actor=None, source=new, target=old, kind="replaces", date=d("2018-02-20"), articles="Điều 3")
    return {"old": old, "new": new}


def no_session(response: Any) -> None:
    assert "Cookie" not in response.get("Vary", "") and not response.cookies


def test_public_search_folds_and_highlights_without_a_session(
    client: Client, docs: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(8):
        response = client.get("/van-ban/", {"q": "dang ky ho tich"})
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="vi">' in html
    assert "12/2016/QĐ-UBND" in html and "<mark>Đăng</mark>" in html and "hết hiệu lực một phần" in html
    no_session(response)
    partial = client.get("/van-ban/", {"q": "khai sinh"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "12/2016/QĐ-UBND" in partial
    assert "Không có văn bản" in client.get("/van-ban/", {"q": "khong co gi"}).content.decode()


def test_document_page_shows_status_history_and_both_sides(client: Client, docs: dict[str, Any]) -> None:
    response = client.get(f"/van-ban/{docs['old'].pk}/")
    html = response.content.decode()
    assert "hết hiệu lực một phần" in html and "còn hiệu lực" in html  # today and in its history
    assert "được thay thế bởi" in html.lower() and "05/2018/QĐ-UBND" in html and "Điều 3" in html
    no_session(response)
    other = client.get(f"/van-ban/{docs['new'].pk}/").content.decode()
    assert "thay thế" in other.lower() and "12/2016/QĐ-UBND" in other
    assert client.get("/van-ban/999999/").status_code == 404


def test_staff_pages_by_capability(
    client: Client, docs: dict[str, Any], reception: Any, specialist: Any, director: Any
) -> None:
    assert client.get("/van-ban/du-thao/").status_code == 302  # anonymous: to the login page
    client.force_login(reception)
    for url in ["/van-ban/du-thao/", "/van-ban/tham-dinh/", "/van-ban/ra-soat/"]:
        assert client.get(url).status_code == 403
    client.force_login(specialist)
    response = client.post(
        "/van-ban/du-thao/",
        {
            "title": "Dự thảo Quyết định về học phí",
            "kind": "province_committee_decision",
            "lead_agency": "Sở Giáo dục và Đào tạo",
            "consultees": "Sở Tài chính\nSở Tư pháp",
            "meeting_date": "2025-07-10",
        },
    )
    draft = Draft.objects.get()
    assert response.status_code == 302 and draft.consultees == ["Sở Tài chính", "Sở Tư pháp"]
    url = f"/van-ban/du-thao/{draft.pk}/"
    assert client.post(url, {"action": "receive", "received_at": "2025-06-16T09:00"}).status_code == 302
    request = AppraisalRequest.objects.get()
    assert request.due_at is not None
    html = client.get("/van-ban/tham-dinh/").content.decode()
    assert "Dự thảo Quyết định về học phí" in html
    bad = client.post(
        url, {"action": "report", "issued_at": "2025-06-20T09:00", "conclusion": "may_submit", "legality": ""}
    )
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    ok = client.post(
        url, {"action": "report", "issued_at": "2025-06-20T09:00", "conclusion": "may_submit", "legality": "Hợp pháp."}
    )
    assert ok.status_code == 302 and request.__class__.objects.get().report.conclusion == "may_submit"
    # review: run, finding with follow-up, done
    client.post(
        "/van-ban/ra-soat/",
        {"kind": "regular", "title": "Rà soát 2025", "period_start": "2025-01-01", "period_end": "2025-12-31"},
    )
    run = ReviewRun.objects.get()
    response = client.post(
        f"/van-ban/ra-soat/{run.pk}/",
        {"number": "12/2016/QD-UBND", "outcome": "repeal", "owner": specialist.pk, "due_on": "2025-09-30"},
    )
    assert response.status_code == 302
    html = client.get("/van-ban/ra-soat/").content.decode()
    assert "12/2016/QĐ-UBND" in html
    follow_up = run.findings.get().follow_up
    client.post(f"/van-ban/ra-soat/viec/{follow_up.pk}/xong/", {"done_on": "2025-09-01", "result": "Đã bãi bỏ."})
    follow_up.refresh_from_db()
    assert follow_up.done_on == d("2025-09-01")
    missing = client.post(f"/van-ban/ra-soat/{run.pk}/", {"number": "1/2000/QĐ-UBND", "outcome": "in_force"})
    assert "Không có văn bản" in missing.content.decode()


def test_navigation_shows_legal_documents_to_specialists(client: Client, specialist: Any, reception: Any) -> None:
    client.force_login(specialist)
    assert "/van-ban/du-thao/" in client.get("/van-phong/").content.decode()
    client.force_login(reception)
    assert "/van-ban/du-thao/" not in client.get("/van-phong/").content.decode()


def test_each_staff_form_shows_only_to_whom_may_write_with_it(
    client: Client, specialist: Any, make_staff: Callable[..., Any]
) -> None:
    """An administrator (not a superuser) may read the drafts and review pages (``lawdocs.view``) but neither
    appraise nor review: the page comes without its form, and a POST is refused; the specialist
    gets the form."""
    run = services.review_run_start(
        actor=None, kind="regular", title="Rà soát 2025", period_start=d("2025-01-01"), period_end=d("2025-12-31")
    )
    pages = {
        "/van-ban/du-thao/": 'name="lead_agency"',
        "/van-ban/ra-soat/": 'name="period_start"',
        f"/van-ban/ra-soat/{run.pk}/": 'name="outcome"',
    }
    client.force_login(make_staff("quantri", Role.ADMIN))
    for url, field in pages.items():
        response = client.get(url)
        assert response.status_code == 200 and field not in response.content.decode(), url
        assert client.post(url, {}).status_code == 403, url
    client.force_login(specialist)
    for url, field in pages.items():
        response = client.get(url)
        assert response.status_code == 200 and field in response.content.decode(), url
