"""Demo data for legal documents (called by ``manage.py demo``; idempotent).

A few hundred documents of Bình Thuận province (metadata written for the demo,
bodies generated), relations among them, the appraisals of Q1/2022 (23
dossiers received, 22 appraised in the quarter) and a systematisation review.
Everything goes through the same services as the pages and the import."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from tuphap.lawdocs import services
from tuphap.lawdocs.demo.textgen import LegalTextGenerator
from tuphap.lawdocs.importer import import_lawdocs
from tuphap.lawdocs.models import Conclusion, Draft, DraftKind, ReviewRun
from tuphap.lawdocs.selectors import document_by_number

UBND = "Ủy ban nhân dân tỉnh Bình Thuận"
HDND = "Hội đồng nhân dân tỉnh Bình Thuận"
CHAIRMEN = {2015: "Lê Tiến Phương", 2016: "Nguyễn Ngọc Hai", 2020: "Lê Tuấn Phong", 2023: "Đoàn Anh Dũng"}

# Hand-written documents: (number, type, title, field, issued, effective, expires)
DOCUMENTS = [
    (
        "12/2016/QĐ-UBND",
        "QĐ",
        "Ban hành Quy định về đăng ký hộ tịch và chứng thực trên địa bàn tỉnh Bình Thuận",
        "Tư pháp",
        "2016-03-10",
        "2016-03-25",
        None,
    ),
    (
        "05/2018/QĐ-UBND",
        "QĐ",
        "Sửa đổi, bổ sung một số điều của Quy định về đăng ký hộ tịch ban hành kèm theo Quyết định số 12/2016/QĐ-UBND",
        "Tư pháp",
        "2018-02-05",
        "2018-02-20",
        None,
    ),
    (
        "20/2019/QĐ-UBND",
        "QĐ",
        "Quy định bảng giá đất định kỳ 05 năm (2020 - 2024) trên địa bàn tỉnh Bình Thuận",
        "Đất đai",
        "2019-12-20",
        "2020-01-01",
        "2025-01-01",
    ),
    (
        "37/2019/QĐ-UBND",
        "QĐ",
        "Ban hành Quy định về hạn mức giao đất ở và công nhận quyền sử dụng đất trên địa bàn tỉnh",
        "Đất đai",
        "2019-10-01",
        "2019-10-15",
        None,
    ),
    (
        "08/2020/NQ-HĐND",
        "NQ",
        "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng lệ phí hộ tịch trên địa bàn tỉnh Bình Thuận",
        "Tài chính",
        "2020-07-15",
        "2020-08-01",
        None,
    ),
    (
        "11/2021/NQ-HĐND",
        "NQ",
        "Quy định mức thu lệ phí đăng ký hộ tịch, phí chứng thực trên địa bàn tỉnh Bình Thuận",
        "Tài chính",
        "2021-12-10",
        "2022-01-01",
        None,
    ),
    (
        "02/2022/QĐ-UBND",
        "QĐ",
        "Ban hành Quy chế phối hợp trong công tác phổ biến, giáo dục pháp luật trên địa bàn tỉnh",
        "Tư pháp",
        "2022-01-18",
        "2022-02-01",
        None,
    ),
    (
        "12/2022/QĐ-UBND",
        "QĐ",
        "Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Tư pháp tỉnh Bình Thuận",
        "Bộ máy hành chính",
        "2022-04-08",
        "2022-04-20",
        None,
    ),
    (
        "15/2022/QĐ-UBND",
        "QĐ",
        "Quy định về quản lý hoạt động du lịch biển tại phường Mũi Né, thành phố Phan Thiết",
        "Văn hóa, thể thao và du lịch",
        "2022-05-05",
        "2022-05-20",
        None,
    ),
    (
        "25/2023/QĐ-UBND",
        "QĐ",
        "Quy định tải trọng xe trên các tuyến đường địa phương quản lý",
        "Giao thông vận tải",
        "2023-08-14",
        "2023-09-01",
        None,
    ),
    (
        "18/2025/NQ-HĐND",
        "NQ",
        "Quy định chính sách hỗ trợ chuyển đổi số cấp xã trên địa bàn tỉnh Bình Thuận giai đoạn 2025 - 2030",
        "Công nghệ thông tin",
        "2025-04-18",
        "2025-05-01",
        None,
    ),
    (
        "30/2024/QĐ-UBND",
        "QĐ",
        "Quy định bảng giá đất trên địa bàn tỉnh Bình Thuận áp dụng từ ngày 01 tháng 01 năm 2025",
        "Đất đai",
        "2024-12-20",
        "2025-01-01",
        None,
    ),
    (
        "09/2023/QĐ-UBND",
        "QĐ",
        "Tạm ngưng hiệu lực một số quy định về cấp giấy phép xây dựng trên địa bàn tỉnh",
        "Xây dựng",
        "2023-03-01",
        "2023-03-15",
        None,
    ),
    (
        "14/2017/QĐ-UBND",
        "QĐ",
        "Ban hành Quy định cấp giấy phép xây dựng trên địa bàn tỉnh Bình Thuận",
        "Xây dựng",
        "2017-05-10",
        "2017-05-25",
        None,
    ),
    (
        "03/VBHN-UBND",
        "VBHN",
        "Quyết định ban hành Quy định về đăng ký hộ tịch và chứng thực trên địa bàn tỉnh (hợp nhất)",
        "Tư pháp",
        "2018-06-01",
        "2018-06-01",
        None,
    ),
]
# (kind, from, to, date, articles)
RELATIONS = [
    ("amends", "05/2018/QĐ-UBND", "12/2016/QĐ-UBND", "2018-02-20", "Điều 3, Điều 7"),
    ("consolidates", "03/VBHN-UBND", "12/2016/QĐ-UBND", "2018-06-01", ""),
    ("consolidates", "03/VBHN-UBND", "05/2018/QĐ-UBND", "2018-06-01", ""),
    ("replaces", "11/2021/NQ-HĐND", "08/2020/NQ-HĐND", "2022-01-01", ""),
    ("repeals", "02/2022/QĐ-UBND", "12/2016/QĐ-UBND", "2022-02-01", "Điều 9, Điều 10"),
    ("replaces", "30/2024/QĐ-UBND", "20/2019/QĐ-UBND", "2025-01-01", ""),
    ("suspends", "09/2023/QĐ-UBND", "14/2017/QĐ-UBND", "2023-03-15", ""),
    ("based_on", "12/2022/QĐ-UBND", "02/2022/QĐ-UBND", "2022-04-20", ""),
]


def _documents() -> dict[str, Any]:
    gen = LegalTextGenerator(seed=2022)
    docs, relations = [], []
    for number, doc_type, title, field, issued, effective, expires in DOCUMENTS:
        year = int(issued[:4])
        signer = CHAIRMEN[max(y for y in CHAIRMEN if y <= year)]
        issuer = HDND if "HĐND" in number else UBND
        g = gen.title(year)
        g.title, g.field = title, field
        docs.append(
            {
                "number": number,
                "type": doc_type,
                "issuer": issuer,
                "title": title,
                "field": field,
                "issued_on": issued,
                "effective_from": effective,
                "expires_on": expires,
                "signer": signer,
                "gazette_ref": f"Công báo tỉnh Bình Thuận số {int(number.split('/')[0]) + 10}, năm {year}",
                "source": "Cơ sở dữ liệu quốc gia về văn bản pháp luật",
                "text": gen.body(g, issuer, number, signer),
            }
        )
    relations += [{"kind": k, "from": f, "to": t, "date": d, "articles": a} for k, f, t, d, a in RELATIONS]
    # Generated documents: 2015-2025, decisions and resolutions, numbered per year and type.
    taken = {d["number"] for d in docs}
    by_year: dict[int, list[str]] = {}
    for year in range(2015, 2026):
        for i in range(1, 27):
            is_resolution = i % 4 == 0
            number = f"{40 + i}/{year}/{'NQ-HĐND' if is_resolution else 'QĐ-UBND'}"
            if number in taken:
                continue
            g = gen.title(year)
            issued = dt.date(year, 1 + (i * 5) % 12, 1 + (i * 7) % 27)
            effective = issued + dt.timedelta(days=10 + i % 15)
            issuer = HDND if is_resolution else UBND
            signer = CHAIRMEN[max(y for y in CHAIRMEN if y <= year)]
            expires = effective.replace(year=effective.year + 5) if i % 13 == 0 and year < 2020 else None
            docs.append(
                {
                    "number": number,
                    "type": "NQ" if is_resolution else "QĐ",
                    "issuer": issuer,
                    "title": g.title,
                    "field": g.field,
                    "issued_on": issued.isoformat(),
                    "effective_from": effective.isoformat(),
                    "expires_on": expires.isoformat() if expires else None,
                    "signer": signer,
                    "text": gen.body(g, issuer, number, signer),
                    "source": "Dữ liệu mẫu",
                }
            )
            by_year.setdefault(year, []).append(number)
    # relations among generated documents: later ones amend, replace, repeal or suspend earlier ones
    kinds = ["amends", "replaces", "repeals", "amends", "guides", "based_on", "suspends", "corrects"]
    effective_of = {d["number"]: d["effective_from"] for d in docs}
    for year in range(2017, 2026):
        for j, source in enumerate(by_year[year][:8]):
            target = by_year[year - 2][j + 3]
            kind = kinds[(year + j) % len(kinds)]
            if "QĐ" in source and "NQ" in target and kind not in ("based_on", "guides"):
                kind = "guides"  # a decision of the Committee does not act on a resolution of the Council
            articles = f"Điều {2 + j % 5}" if kind in ("repeals", "replaces", "amends") and j % 2 else ""
            relations.append(
                {"kind": kind, "from": source, "to": target, "date": effective_of[source], "articles": articles}
            )
    return {"documents": docs, "relations": relations}


def _at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, 0), tzinfo=timezone.get_current_timezone())


AGENCIES_Q1 = [
    "Sở Tài chính",
    "Sở Tài nguyên và Môi trường",
    "Sở Xây dựng",
    "Sở Giao thông vận tải",
    "Sở Nội vụ",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Công Thương",
]


def _appraisals() -> int:
    """Q1/2022: 23 dossiers received, 22 appraised within the quarter (one returned
    as incomplete and resubmitted; one received late in March, appraised in April)."""
    if Draft.objects.filter(title__startswith="[Q1/2022]").exists():
        return 0
    gen = LegalTextGenerator(seed=2201)
    staff = get_user_model().objects.filter(username="chuyenvien").first()
    for i in range(23):
        g = gen.title(2022)
        received = dt.date(2022, 1, 4) + dt.timedelta(days=3 * i + i // 4)
        meeting = received + dt.timedelta(days=24)
        draft = services.draft_create(
            actor=None,
            title=f"[Q1/2022] Dự thảo Quyết định {g.title[0].lower()}{g.title[1:]}",
            doc_type="decision",
            lead_agency=AGENCIES_Q1[i % len(AGENCIES_Q1)],
            sets_policy=i % 3 == 0,
            consultees=["Sở Tài chính", "Sở Nội vụ", "Sở Tư pháp", "Sở Khoa học và Công nghệ"],
            meeting_date=meeting,
        )
        request = services.appraisal_receive(actor=None, draft=draft, received_at=_at(received.isoformat()))
        if i == 5:  # returned as incomplete, resubmitted four days later
            services.appraisal_return_incomplete(
                actor=None,
                request=request,
                returned_at=_at((received + dt.timedelta(days=2)).isoformat(), 15),
                reason="Thiếu bản tổng hợp, giải trình, tiếp thu ý kiến góp ý.",
            )
            request = services.appraisal_receive(
                actor=None,
                draft=draft,
                received_at=_at((received + dt.timedelta(days=6)).isoformat()),
                resubmission_of=request,
            )
        issued = timezone.localtime(request.due_at) - dt.timedelta(days=1) if request.due_at else _at("2022-03-30")
        if i == 22:
            issued = _at("2022-04-05", 10)
        report = services.appraisal_report_issue(
            actor=None,
            request=request,
            issued_at=issued,
            number=f"{10 + i}/BC-STP",
            conclusion=Conclusion.MAY_SUBMIT if i % 4 else Conclusion.AFTER_REVISION,
            need_and_scope="Việc ban hành là cần thiết; phạm vi điều chỉnh, đối tượng áp dụng phù hợp.",
            legality=(
                "Dự thảo phù hợp với Hiến pháp, luật và văn bản của cơ quan nhà nước cấp trên; bảo đảm tính thống nhất."
            ),
            local_fit="Phù hợp với điều kiện phát triển kinh tế - xã hội của tỉnh.",
            drafting_language="Đề nghị rà soát ngôn ngữ, kỹ thuật trình bày theo Nghị định số 34/2016/NĐ-CP.",
        )
        if staff is not None:
            report.author = staff
            report.save(update_fields=["author"])
    # two drafts of today's department still under appraisal (the board), received in the last days
    # under the law of 2025: a Council resolution and a Committee decision of the merged province
    today = timezone.localdate()
    kinds = [DraftKind.PROVINCE_COUNCIL_RESOLUTION, DraftKind.PROVINCE_COMMITTEE_DECISION]
    for i, back in enumerate([2, 6]):
        g = gen.title(today.year)
        day = today - dt.timedelta(days=back)
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        title = g.title.replace("tỉnh Bình Thuận", "tỉnh Lâm Đồng")
        noun = "Nghị quyết" if i == 0 else "Quyết định"
        draft = services.draft_create(
            actor=None,
            title=f"[Đang thẩm định] Dự thảo {noun} {title[0].lower()}{title[1:]}",
            kind=kinds[i],
            lead_agency=AGENCIES_Q1[i],
            consultees=["Sở Tài chính", "Sở Nội vụ", "Sở Tư pháp"],
        )
        services.appraisal_receive(actor=None, draft=draft, received_at=_at(day.isoformat()))
    return 25


def _review() -> None:
    title = "Hệ thống hóa văn bản quy phạm pháp luật kỳ 2019 - 2023"
    if ReviewRun.objects.filter(title=title).exists():
        return
    owner = get_user_model().objects.filter(username="truongphong").first()
    run = services.review_run_start(
        actor=None,
        kind="systematisation",
        title=title,
        period_start=dt.date(2019, 1, 1),
        period_end=dt.date(2023, 12, 31),
    )
    findings = [
        ("37/2019/QĐ-UBND", "amend", "Điều 4", "Không còn phù hợp với Luật Đất đai năm 2024."),
        ("14/2017/QĐ-UBND", "replace", "", "Đang bị ngưng hiệu lực; cần ban hành văn bản thay thế."),
        ("25/2023/QĐ-UBND", "in_force", "", ""),
        ("20/2019/QĐ-UBND", "expired_whole", "", "Hết thời hạn áp dụng bảng giá đất."),
    ]
    for number, outcome, articles, note in findings:
        document = document_by_number(number)
        if document is None:
            continue
        needs_owner = outcome in {"amend", "replace"}
        if needs_owner and owner is None:
            continue
        services.review_finding_record(
            actor=None,
            run=run,
            document=document,
            outcome=outcome,
            articles=articles,
            note=note,
            owner=owner if needs_owner else None,
            due_on=dt.date(2024, 6, 30) if needs_owner else None,
        )


def load(stdout: Any) -> None:
    report = import_lawdocs(actor=None, data=_documents())
    appraisals = _appraisals()
    _review()
    documents = report.documents
    if documents.created or documents.updated or appraisals:
        stdout.write(
            f"Văn bản QPPL: {documents.created} văn bản mới, {report.relations.added} quan hệ; {appraisals} hồ sơ thẩm "
            "định."
        )
    for error in report.errors:
        stdout.write(f"Văn bản QPPL (lỗi dữ liệu mẫu): {error}")
