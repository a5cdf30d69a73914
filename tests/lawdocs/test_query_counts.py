"""Query counts of the legal documents' lists: the same for N rows as for 2N.

Documents come with relations (each one amends the one before), drafts with appraisals
in every stage, reviews with follow-ups, all through the services. ``most`` is the count
on the busier engine today plus about two, room for other work being merged, so that a
new query per page is noticed too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.lawdocs.conftest import d
from tests.query_counts import assert_flat
from tuphap.core.tz import LOCAL_TZ
from tuphap.lawdocs import services


@pytest.fixture
def grow_documents(make_doc: Callable[..., Any]) -> Callable[[int], list[str]]:
    """n more documents on civil status; each amends the one before, one in three expires in 2023."""
    made: list[Any] = []

    def grow(n: int) -> list[str]:
        numbers = []
        for _ in range(n):
            k = len(made)
            expires = {"expires_on": d("2023-06-30")} if k % 3 == 0 else {}
            doc = make_doc(
                f"{10 + k}/2020/QĐ-UBND",
                f"Quy định về đăng ký hộ tịch, phần {k}",
                effective=f"2020-{1 + k % 12:02d}-15",
                text=f"Điều 1. Đăng ký hộ tịch, khai sinh (phần {k}).",
                **expires,
            )
            if made:
                services.relation_add(actor=None, source=doc, target=made[-1], kind="amends", date=d("2021-01-01"))
            made.append(doc)
            numbers.append(doc.number)
        return numbers

    return grow


def test_public_search_newest(client: Client, grow_documents: Callable[[int], list[str]]) -> None:
    assert_flat(client, "/van-ban/", grow_documents, most=5)


def test_public_search_with_words(client: Client, grow_documents: Callable[[int], list[str]]) -> None:
    assert_flat(client, "/van-ban/", grow_documents, most=7, params={"q": "ho tich"})


def test_api_documents(client: Client, grow_documents: Callable[[int], list[str]]) -> None:
    assert_flat(client, "/api/v1/lawdocs", grow_documents, most=5)
    assert_flat(client, "/api/v1/lawdocs", grow_documents, most=7, params={"q": "dang ky ho tich"})


@pytest.fixture
def grow_expired(make_doc: Callable[..., Any]) -> Callable[[int], list[str]]:
    """n more documents that ended in 2023: half expired by their own term, half replaced by a newer one."""
    made: list[Any] = []

    def grow(n: int) -> list[str]:
        numbers = []
        for _ in range(n):
            k = len(made)
            if k % 2:
                doc = make_doc(f"{40 + k}/2019/QĐ-UBND", f"Quy định cũ {k}", effective="2019-05-01")
                new = make_doc(f"{70 + k}/2023/QĐ-UBND", f"Quy định mới {k}", effective="2023-04-01")
                services.relation_add(actor=None, source=new, target=doc, kind="replaces", date=d("2023-04-01"))
            else:
                doc = make_doc(
                    f"{40 + k}/2019/QĐ-UBND",
                    f"Quy định có thời hạn {k}",
                    effective="2019-05-01",
                    expires_on=d("2023-09-30"),
                )
            made.append(doc)
            numbers.append(doc.number)
        return numbers

    return grow


def test_yearly_list(client: Client, specialist: Any, grow_expired: Callable[[int], list[str]]) -> None:
    client.force_login(specialist)
    assert_flat(client, "/van-ban/danh-muc-het-hieu-luc/2023/", grow_expired, most=7)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


@pytest.fixture
def grow_drafts(department: Any) -> Callable[[int], list[str]]:
    """n more drafts: received for appraisal, one in three returned as incomplete, one in three reported on."""
    made: list[Any] = []

    def grow(n: int) -> list[str]:
        titles = []
        for _ in range(n):
            k = len(made)
            draft = services.draft_create(
                actor=None, title=f"Dự thảo quyết định số {k:02d}", doc_type="decision", lead_agency="Sở Xây dựng"
            )
            request = services.appraisal_receive(actor=None, draft=draft, received_at=at("2025-06-16 09:00"))
            if k % 3 == 1:
                services.appraisal_return_incomplete(
                    actor=None, request=request, returned_at=at("2025-06-17 15:00"), reason="Thiếu hồ sơ"
                )
            elif k % 3 == 2:
                services.appraisal_report_issue(
                    actor=None,
                    request=request,
                    issued_at=at("2025-06-20 16:00"),
                    conclusion="may_submit",
                    number=f"{k}/BC-STP",
                    need_and_scope="Cần thiết.",
                    legality="Hợp pháp.",
                    drafting_language="Đạt.",
                )
            made.append(draft)
            titles.append(draft.title)
        return titles

    return grow


def test_drafts(client: Client, specialist: Any, grow_drafts: Callable[[int], list[str]]) -> None:
    client.force_login(specialist)
    assert_flat(client, "/van-ban/du-thao/", grow_drafts, most=8)


@pytest.fixture
def grow_open_appraisals(department: Any) -> Callable[[int], list[str]]:
    made: list[Any] = []

    def grow(n: int) -> list[str]:
        titles = []
        for _ in range(n):
            draft = services.draft_create(
                actor=None, title=f"Dự thảo đang thẩm định {len(made):02d}", doc_type="decision", lead_agency="Sở Y tế"
            )
            services.appraisal_receive(actor=None, draft=draft, received_at=at("2025-06-16 09:00"))
            made.append(draft)
            titles.append(draft.title)
        return titles

    return grow


def test_appraisal_board(client: Client, specialist: Any, grow_open_appraisals: Callable[[int], list[str]]) -> None:
    client.force_login(specialist)
    assert_flat(client, "/van-ban/tham-dinh/", grow_open_appraisals, most=12)


@pytest.fixture
def grow_reviews(make_doc: Callable[..., Any], specialist: Any) -> Callable[[int], list[str]]:
    """n more review runs, each with a finding to amend (a follow-up with its owner)."""
    made: list[Any] = []

    def grow(n: int) -> list[str]:
        shown = []
        for _ in range(n):
            k = len(made)
            run = services.review_run_start(
                actor=None,
                kind="systematisation",
                title=f"Hệ thống hóa đợt {k:02d}",
                period_start=d("2019-01-01"),
                period_end=d("2023-12-31"),
            )
            doc = make_doc(f"{200 + k}/2019/QĐ-UBND", f"Quy định được rà soát {k}", effective="2019-10-15")
            services.review_finding_record(
                actor=specialist,
                run=run,
                document=doc,
                outcome="amend",
                articles="Điều 4",
                owner=specialist,
                due_on=d("2027-06-30"),
            )
            made.append(run)
            shown += [run.title, doc.number]
        return shown

    return grow


def test_reviews(client: Client, specialist: Any, grow_reviews: Callable[[int], list[str]]) -> None:
    client.force_login(specialist)
    assert_flat(client, "/van-ban/ra-soat/", grow_reviews, most=7)


# --------------------------------------------------------------------------- lists inside a document's page


@pytest.fixture
def grow_relations(make_doc: Callable[..., Any]) -> tuple[Any, Callable[[int], list[str]]]:
    """One document, and n more documents that amend it (its relations and the steps of its status)."""
    base = make_doc("12/2016/QĐ-UBND", "Quy định về đăng ký hộ tịch", effective="2016-03-25")
    made: list[Any] = []

    def grow(n: int) -> list[str]:
        numbers = []
        for _ in range(n):
            k = len(made)
            doc = make_doc(f"{30 + k}/2018/QĐ-UBND", f"Sửa đổi lần {k}", effective=f"2018-{1 + k:02d}-10")
            services.relation_add(
                actor=None,
                source=doc,
                target=base,
                kind="suspends" if k % 3 == 2 else "amends",
                date=d(f"2018-{1 + k:02d}-10"),
                articles=f"Điều {k + 1}",
            )
            made.append(doc)
            numbers.append(doc.number)
        return numbers

    return base, grow


def test_document_page(client: Client, grow_relations: tuple[Any, Callable[[int], list[str]]]) -> None:
    base, grow = grow_relations
    assert_flat(client, f"/van-ban/{base.pk}/", grow, most=7)


def test_api_document(client: Client, grow_relations: tuple[Any, Callable[[int], list[str]]]) -> None:
    base, grow = grow_relations
    assert_flat(client, f"/api/v1/lawdocs/{base.pk}", grow, most=6)
