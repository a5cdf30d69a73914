"""`manage.py import_lawdocs FILE.json`: idempotent, bad records reported, good ones kept."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.lawdocs.conftest import d
from tuphap.core.models import AuditEvent
from tuphap.lawdocs import selectors
from tuphap.lawdocs.models import DocumentRelation, LegalDocument
from tuphap.lawdocs.status import Status

DATA = {
    "documents": [
        {
            "number": "12/2016/QĐ-UBND",
            "type": "QĐ",
            "issuer": "UBND tỉnh Bình Thuận",
            "title": "Quy định về đăng ký hộ tịch",
            "issued_on": "2016-03-10",
            "effective_from": "2016-03-25",
            "field": "Tư pháp",
            "text": "Điều 1. Đăng ký hộ tịch.",
        },
        {
            "number": "02/2022/QD-UBND",
            "type": "decision",
            "issuer": "UBND tỉnh Bình Thuận",
            "title": "Bãi bỏ Điều 9",
            "issued_on": "2022-01-18",
            "effective_from": "2022-02-01",
        },
        {
            "number": "08/2020/NQ-HĐND",
            "type": "NQ",
            "issuer": "HĐND tỉnh Bình Thuận",
            "title": "Lệ phí hộ tịch",
            "issued_on": "2020-07-15",
            "effective_from": "2020-08-01",
            "expires_on": "2022-01-01",
        },
        {
            "number": "không có số",
            "type": "QĐ",
            "issuer": "UBND",
            "title": "Sai số",
            "issued_on": "2020-01-01",
            "effective_from": "2020-01-01",
        },
        {
            "number": "13/2016/QĐ-UBND",
            "type": "QĐ",
            "issuer": "UBND",
            "title": "Ngày sai",
            "issued_on": "10/03/2016",
            "effective_from": "2016-03-25",
        },
        {
            "number": "14/2016/QĐ-UBND",
            "type": "QĐ",
            "issuer": "UBND",
            "title": "Hết trước khi có",
            "issued_on": "2016-03-10",
            "effective_from": "2016-03-25",
            "expires_on": "2016-01-01",
        },
        {
            "number": "15/2016/QĐ-UBND",
            "type": "luật",
            "issuer": "UBND",
            "title": "Loại lạ",
            "issued_on": "2016-03-10",
            "effective_from": "2016-03-25",
        },
        "không phải đối tượng",
    ],
    "relations": [
        {
            "kind": "repeals",
            "from": "02/2022/QĐ-UBND",
            "to": "12/2016/qd-ubnd",
            "date": "2022-02-01",
            "articles": "Điều 9",
        },
        {"kind": "abolishes", "from": "02/2022/QĐ-UBND", "to": "12/2016/QĐ-UBND", "date": "2022-02-01"},
        {"kind": "replaces", "from": "99/2099/QĐ-UBND", "to": "12/2016/QĐ-UBND", "date": "2022-02-01"},
        {"kind": "amends", "from": "02/2022/QĐ-UBND", "to": "12/2016/QĐ-UBND", "date": "mai"},
    ],
}


def run(tmp_path: Path, data: Any) -> tuple[str, str]:
    path = tmp_path / "vanban.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_lawdocs", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_keeps_good_records_reports_bad_ones_and_is_idempotent(tmp_path: Path, db: Any) -> None:
    out, err = run(tmp_path, DATA)
    assert "3 mới" in out and "1 mới" in out and "8 bản ghi lỗi" in out
    errors = err.splitlines()
    assert len(errors) == 8
    assert errors[0].startswith("Lỗi: documents[4]") and "số, ký hiệu" in errors[0]
    assert "documents[5] (13/2016/QĐ-UBND)" in err and "YYYY-MM-DD" in err
    assert "documents[6]" in err and "documents[7]" in err and "documents[8]" in err
    assert (
        "relations[2]" in err
        and "abolishes" in err
        and "relations[3]" in err
        and "99/2099" in err
        and "relations[4]" in err
    )
    assert LegalDocument.objects.count() == 3 and DocumentRelation.objects.count() == 1
    doc = selectors.with_relations(LegalDocument.objects.filter(number_key="12/2016/QD-UBND")).get()
    assert doc.doc_type == "decision" and selectors.status_at(doc, d("2022-02-01")) == Status.PARTLY_EXPIRED
    assert LegalDocument.objects.get(number="08/2020/NQ-HĐND").doc_type == "resolution"

    events = AuditEvent.objects.count()
    out2, _err2 = run(tmp_path, DATA)
    assert "0 mới, 0 cập nhật, 3 không đổi" in out2 and "0 mới, 1 không đổi" in out2
    assert AuditEvent.objects.count() == events  # nothing written the second time
    assert LegalDocument.objects.count() == 3 and DocumentRelation.objects.count() == 1

    changed = json.loads(json.dumps(DATA))
    changed["documents"][0]["title"] = "Quy định về đăng ký và quản lý hộ tịch"
    out3, _ = run(tmp_path, changed)
    assert "1 cập nhật" in out3
    assert [r.document.number for r in selectors.search_documents("quan ly ho tich").results] == ["12/2016/QĐ-UBND"]


def test_unreadable_files_are_one_line_vietnamese_errors(tmp_path: Path, db: Any) -> None:
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_lawdocs", str(tmp_path / "khong-co.json"))
    bad = tmp_path / "hong.json"
    bad.write_text("{documents: ", encoding="utf-8")
    with pytest.raises(CommandError, match="không phải JSON hợp lệ"):
        call_command("import_lawdocs", str(bad))
    with pytest.raises(
        CommandError, match="đối tượng JSON"
    ):  # the shape of the whole file: nothing written, non-zero exit
        run(tmp_path, [1, 2])
    with pytest.raises(CommandError, match="bản ghi lỗi"):
        path = tmp_path / "x.json"
        path.write_text(json.dumps({"documents": [{"number": "x"}]}), encoding="utf-8")
        call_command("import_lawdocs", str(path), "--strict", stdout=io.StringIO(), stderr=io.StringIO())
