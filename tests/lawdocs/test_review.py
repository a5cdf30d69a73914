"""Review runs, findings, follow-ups; the yearly list as DOCX and XLSX."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from openpyxl import load_workbook

from tests.lawdocs.conftest import d
from tuphap.lawdocs import exports, selectors, services
from tuphap.lawdocs.models import FollowUp
from tuphap.lawdocs.status import Status


@pytest.fixture
def run(db: Any) -> Any:
    return services.review_run_start(
        actor=None,
        kind="systematisation",
        title="Hệ thống hóa kỳ 2019 - 2023",
        period_start=d("2019-01-01"),
        period_end=d("2023-12-31"),
    )


def test_findings_needing_action_become_follow_ups(run: Any, make_doc: Callable[..., Any], specialist: Any) -> None:
    doc = make_doc("37/2019/QĐ-UBND", "Hạn mức giao đất ở", effective="2019-10-15")
    kept = services.review_finding_record(actor=specialist, run=run, document=doc, outcome="in_force")
    assert not FollowUp.objects.filter(finding=kept).exists()
    with pytest.raises(ValidationError):
        services.review_finding_record(actor=specialist, run=run, document=doc, outcome="amend", articles="Điều 4")
    finding = services.review_finding_record(
        actor=specialist,
        run=run,
        document=doc,
        outcome="amend",
        articles="Điều 4",
        owner=specialist,
        due_on=d("2024-06-30"),
    )
    follow_up = finding.follow_up
    assert (follow_up.owner, follow_up.due_on, follow_up.done_on) == (specialist, d("2024-06-30"), None)
    assert list(selectors.follow_ups(owner=specialist)) == [follow_up]
    with pytest.raises(ValidationError):
        services.follow_up_complete(actor=specialist, follow_up=follow_up, done_on=d("2024-05-01"), result=" ")
    services.follow_up_complete(
        actor=specialist,
        follow_up=follow_up,
        done_on=d("2024-05-01"),
        result="Đã trình UBND tỉnh ban hành Quyết định sửa đổi.",
    )
    assert list(selectors.follow_ups()) == []
    assert selectors.follow_ups(open_only=False).get().result.startswith("Đã trình")


def test_topic_review_needs_a_topic_and_reception_may_not_review(db: Any, reception: Any) -> None:
    with pytest.raises(ValidationError):
        services.review_run_start(
            actor=None,
            kind="topic",
            title="Rà soát theo chuyên đề",
            period_start=d("2024-01-01"),
            period_end=d("2024-12-31"),
        )
    with pytest.raises(PermissionDenied):
        services.review_run_start(
            actor=reception, kind="regular", title="Rà soát", period_start=d("2024-01-01"), period_end=d("2024-12-31")
        )


@pytest.fixture
def year_2022(make_doc: Callable[..., Any]) -> dict[str, Any]:
    docs = {
        "expired": make_doc("08/2020/NQ-HĐND", "Mức thu lệ phí hộ tịch", effective="2020-08-01", doc_type="resolution"),
        "partial": make_doc("12/2016/QĐ-UBND", "Quy định về đăng ký hộ tịch", effective="2016-03-25"),
        "suspended": make_doc("14/2017/QĐ-UBND", "Cấp giấy phép xây dựng", effective="2017-05-25"),
        "term": make_doc(
            "20/2017/QĐ-UBND", "Bảng giá đất 2017 - 2022", effective="2017-07-01", expires_on=d("2022-07-01")
        ),
        "other_year": make_doc("21/2017/QĐ-UBND", "Văn bản khác", effective="2017-07-01", expires_on=d("2023-01-01")),
        "new": make_doc("11/2021/NQ-HĐND", "Mức thu lệ phí hộ tịch mới", effective="2022-01-01", doc_type="resolution"),
        "repealer": make_doc("02/2022/QĐ-UBND", "Bãi bỏ một số điều", effective="2022-02-01"),
        "suspender": make_doc("09/2022/QĐ-UBND", "Tạm ngưng hiệu lực", effective="2022-03-15"),
    }
    services.relation_add(actor=None, source=docs["new"], target=docs["expired"], kind="replaces", date=d("2022-01-01"))
    services.relation_add(
        actor=None,
        source=docs["repealer"],
        target=docs["partial"],
        kind="repeals",
        date=d("2022-02-01"),
        articles="Điều 9, Điều 10",
    )
    services.relation_add(
        actor=None, source=docs["suspender"], target=docs["suspended"], kind="suspends", date=d("2022-03-15")
    )
    return docs


def test_yearly_list_selector(year_2022: dict[str, Any]) -> None:
    rows = selectors.expired_or_suspended_in(2022)
    assert [(r.document.number, r.status, r.date) for r in rows] == [
        ("08/2020/NQ-HĐND", Status.EXPIRED, d("2022-01-01")),
        ("12/2016/QĐ-UBND", Status.PARTLY_EXPIRED, d("2022-02-01")),
        ("14/2017/QĐ-UBND", Status.SUSPENDED, d("2022-03-15")),
        ("20/2017/QĐ-UBND", Status.EXPIRED, d("2022-07-01")),
    ]
    assert rows[0].reason == "Được thay thế bởi 11/2021/NQ-HĐND"
    assert rows[1].reason == "Bị bãi bỏ bởi 02/2022/QĐ-UBND (Điều 9, Điều 10)"
    assert [r.document.number for r in selectors.expired_or_suspended_in(2023)] == ["21/2017/QĐ-UBND"]


def test_yearly_list_docx_and_xlsx_open_back(year_2022: dict[str, Any]) -> None:
    rows = selectors.expired_or_suspended_in(2022)
    document = Document(io.BytesIO(exports.yearly_list_docx(2022, rows)))
    assert "HẾT HIỆU LỰC, NGƯNG HIỆU LỰC NĂM 2022" in document.paragraphs[0].text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["STT", "Tên loại văn bản", "Số, ký hiệu"]
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [row[2] for row in body] == ["08/2020/NQ-HĐND", "12/2016/QĐ-UBND", "14/2017/QĐ-UBND", "20/2017/QĐ-UBND"]
    assert body[0][1] == "Nghị quyết" and body[2][5] == "Ngưng hiệu lực" and body[1][7] == "01/02/2022"
    assert "Tổng số: 4 văn bản." in [p.text for p in document.paragraphs]

    sheet = load_workbook(io.BytesIO(exports.yearly_list_xlsx(2022, rows))).active
    values = list(sheet.iter_rows(values_only=True))
    assert "NĂM 2022" in values[0][0]
    assert values[2][:3] == ("STT", "Tên loại văn bản", "Số, ký hiệu")
    assert [row[2] for row in values[3:]] == [
        "08/2020/NQ-HĐND",
        "12/2016/QĐ-UBND",
        "14/2017/QĐ-UBND",
        "20/2017/QĐ-UBND",
    ]
    assert (
        values[3][0] == 1
        and values[6][5] == "Hết hiệu lực toàn bộ"
        and values[6][6] == "Hết thời hạn có hiệu lực quy định trong văn bản"
    )


def test_yearly_list_pages_and_downloads(
    client: Any, year_2022: dict[str, Any], specialist: Any, reception: Any
) -> None:
    client.force_login(reception)
    assert client.get("/van-ban/danh-muc-het-hieu-luc/2022/").status_code == 403
    client.force_login(specialist)
    html = client.get("/van-ban/danh-muc-het-hieu-luc/2022/").content.decode()
    assert "08/2020/NQ-HĐND" in html and "ngưng hiệu lực" in html
    response = client.get("/van-ban/danh-muc-het-hieu-luc/2022.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).active["C4"].value == "08/2020/NQ-HĐND"
    docx = client.get("/van-ban/danh-muc-het-hieu-luc/2022.docx")
    assert Document(io.BytesIO(docx.content)).tables[0].rows[1].cells[2].text == "08/2020/NQ-HĐND"
    assert client.get("/van-ban/danh-muc-het-hieu-luc/2022.pdf").status_code == 404
    assert dt.date.today().year - 1 == int(  # noqa: DTZ011
        client.get("/van-ban/danh-muc-het-hieu-luc/")["Location"].rstrip("/").rsplit("/", 1)[-1]
    )
