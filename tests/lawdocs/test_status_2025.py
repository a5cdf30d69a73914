"""Expiry rules of Law 80/2015 art. 154 (and its counterpart in Law 64/2025):
an amendment by the issuing body makes the target partly expired; a detailing
document expires with the document it details unless kept in force; the
yearly list of expired documents includes both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.lawdocs.conftest import d
from tuphap.lawdocs import selectors, services
from tuphap.lawdocs.models import DocumentRelation, LegalDocument
from tuphap.lawdocs.status import Status

HDND = "Hội đồng nhân dân tỉnh Bình Thuận"


def fresh(document: Any) -> Any:
    return selectors.with_relations(LegalDocument.objects.filter(pk=document.pk)).get()


def sql_status(document: Any, day: Any) -> list[Status]:
    return [s for s in Status if LegalDocument.objects.filter(selectors.status_q(s, day), pk=document.pk).exists()]


def test_an_amendment_by_another_body_does_not_change_the_status(make_doc: Callable[..., Any]) -> None:
    target = make_doc("10/2019/QĐ-UBND", effective="2019-06-01")
    other = make_doc("05/2022/NQ-HĐND", effective="2022-03-15", doc_type="resolution", issuer=HDND)
    services.relation_add(actor=None, source=other, target=target, kind="amends", date=d("2022-03-15"))
    assert selectors.status_at(fresh(target), d("2022-06-01")) == Status.IN_FORCE
    assert sql_status(target, d("2022-06-01")) == [Status.IN_FORCE]


def test_a_detailing_document_expires_with_the_one_it_details(make_doc: Callable[..., Any]) -> None:
    law = make_doc("08/2018/NQ-HĐND", effective="2018-08-01", doc_type="resolution", issuer=HDND)
    detail = make_doc("20/2018/QĐ-UBND", effective="2018-09-01")
    kept = make_doc("21/2018/QĐ-UBND", effective="2018-09-01")
    new_law = make_doc("12/2023/NQ-HĐND", effective="2023-07-01", doc_type="resolution", issuer=HDND)
    services.relation_add(actor=None, source=detail, target=law, kind="guides", date=d("2018-09-01"))
    services.relation_add(actor=None, source=kept, target=law, kind="guides", date=d("2018-09-01"))
    # the new resolution keeps it: recorded on the relation through the service
    _rel, changed = services.relation_add(
        actor=None, source=kept, target=law, kind="guides", date=d("2018-09-01"), kept_in_force=True
    )
    assert changed and DocumentRelation.objects.get(source=kept).kept_in_force
    services.relation_add(actor=None, source=new_law, target=law, kind="replaces", date=d("2023-07-01"))

    for day, expected in [(d("2023-06-30"), Status.IN_FORCE), (d("2023-07-01"), Status.EXPIRED)]:
        assert selectors.status_at(fresh(detail), day) == expected
        assert sql_status(detail, day) == [expected]
        assert selectors.status_at(fresh(kept), day) == Status.IN_FORCE
        assert sql_status(kept, day) == [Status.IN_FORCE]
    changes = selectors.status_timeline(fresh(detail))
    assert [(c.date, c.status) for c in changes][-1] == (d("2023-07-01"), Status.EXPIRED)
    assert changes[-1].reasons == ("detailed_expired:08/2018/NQ-HĐND",)


def test_a_detailing_document_expires_on_the_detailed_ones_expiry_date(make_doc: Callable[..., Any]) -> None:
    law = make_doc(
        "09/2018/NQ-HĐND", effective="2018-08-01", doc_type="resolution", issuer=HDND, expires_on=d("2025-01-01")
    )
    detail = make_doc("22/2018/QĐ-UBND", effective="2018-09-01")
    services.relation_add(actor=None, source=detail, target=law, kind="guides", date=d("2018-09-01"))
    assert selectors.status_at(fresh(detail), d("2024-12-31")) == Status.IN_FORCE
    assert selectors.status_at(fresh(detail), d("2025-01-01")) == Status.EXPIRED
    assert sql_status(detail, d("2025-01-01")) == [Status.EXPIRED]


def test_the_yearly_list_includes_partial_expiries_and_detailing_documents(make_doc: Callable[..., Any]) -> None:
    target = make_doc("10/2019/QĐ-UBND", effective="2019-06-01")
    amending = make_doc("03/2022/QĐ-UBND", effective="2022-03-15")
    services.relation_add(
        actor=None, source=amending, target=target, kind="amends", date=d("2022-03-15"), articles="Điều 2"
    )
    law = make_doc("08/2018/NQ-HĐND", effective="2018-08-01", doc_type="resolution", issuer=HDND)
    detail = make_doc("20/2018/QĐ-UBND", effective="2018-09-01")
    services.relation_add(actor=None, source=detail, target=law, kind="guides", date=d("2018-09-01"))
    new_law = make_doc("12/2022/NQ-HĐND", effective="2022-07-01", doc_type="resolution", issuer=HDND)
    services.relation_add(actor=None, source=new_law, target=law, kind="replaces", date=d("2022-07-01"))

    rows = {(r.document.number, r.status): r for r in selectors.expired_or_suspended_in(2022)}
    assert set(rows) == {
        ("10/2019/QĐ-UBND", Status.PARTLY_EXPIRED),
        ("08/2018/NQ-HĐND", Status.EXPIRED),
        ("20/2018/QĐ-UBND", Status.EXPIRED),
    }
    assert (
        rows[("10/2019/QĐ-UBND", Status.PARTLY_EXPIRED)].reason == "Được sửa đổi, bổ sung bởi 03/2022/QĐ-UBND (Điều 2)"
    )
    assert (
        rows[("20/2018/QĐ-UBND", Status.EXPIRED)].reason
        == "Văn bản được quy định chi tiết (08/2018/NQ-HĐND) hết hiệu lực"
    )
    assert rows[("20/2018/QĐ-UBND", Status.EXPIRED)].date == d("2022-07-01")
    assert selectors.expired_or_suspended_in(2023) == []


def test_only_a_detailing_document_can_be_kept_in_force(make_doc: Callable[..., Any]) -> None:
    import pytest
    from django.core.exceptions import ValidationError

    old = make_doc("13/2019/QĐ-UBND", effective="2019-06-01")
    new = make_doc("14/2022/QĐ-UBND", effective="2022-03-15")
    with pytest.raises(ValidationError) as refused:
        services.relation_add(
            actor=None, source=new, target=old, kind="replaces", date=d("2022-03-15"), kept_in_force=True
        )
    assert "kept_in_force" in refused.value.message_dict
    assert not DocumentRelation.objects.filter(source=new).exists()


def test_the_law_in_force_when_the_detailed_document_ends_decides(make_doc: Callable[..., Any]) -> None:
    """Replaced on 31/3/2025 (Law 80/2015 art. 154(2)): the detailing document
    expires with it; replaced on 1/4/2025 (Law 64/2025 art. 57(2)): it stays in
    force until an announcement ends it, recorded as a repeal."""
    old_law = make_doc("30/2019/NQ-HĐND", effective="2019-08-01", doc_type="resolution", issuer=HDND)
    old_detail = make_doc("31/2019/QĐ-UBND", effective="2019-09-01")
    old_new = make_doc("05/2025/NQ-HĐND", effective="2025-03-31", doc_type="resolution", issuer=HDND)
    law = make_doc("32/2019/NQ-HĐND", effective="2019-08-01", doc_type="resolution", issuer=HDND)
    detail = make_doc("33/2019/QĐ-UBND", effective="2019-09-01")
    new = make_doc("06/2025/NQ-HĐND", effective="2025-04-01", doc_type="resolution", issuer=HDND)
    for src, tgt in [(old_detail, old_law), (detail, law)]:
        services.relation_add(actor=None, source=src, target=tgt, kind="guides", date=d("2019-09-01"))
    services.relation_add(actor=None, source=old_new, target=old_law, kind="replaces", date=d("2025-03-31"))
    services.relation_add(actor=None, source=new, target=law, kind="replaces", date=d("2025-04-01"))

    assert selectors.status_at(fresh(old_detail), d("2025-03-31")) == Status.EXPIRED
    assert sql_status(old_detail, d("2025-03-31")) == [Status.EXPIRED]
    for day in (d("2025-04-01"), d("2026-01-01")):
        assert selectors.status_at(fresh(law), day) == Status.EXPIRED
        assert selectors.status_at(fresh(detail), day) == Status.IN_FORCE
        assert sql_status(detail, day) == [Status.IN_FORCE]
    listed = {r.document.number for r in selectors.expired_or_suspended_in(2025)}
    assert "31/2019/QĐ-UBND" in listed and "33/2019/QĐ-UBND" not in listed

    announcement = make_doc("2001/2025/QĐ-UBND", effective="2025-09-15")
    services.relation_add(actor=None, source=announcement, target=detail, kind="repeals", date=d("2025-09-15"))
    assert selectors.status_at(fresh(detail), d("2025-09-14")) == Status.IN_FORCE
    assert selectors.status_at(fresh(detail), d("2025-09-15")) == Status.EXPIRED
    assert sql_status(detail, d("2025-09-15")) == [Status.EXPIRED]


def test_after_the_2025_law_a_repeal_still_takes_the_detailing_document_along(make_doc: Callable[..., Any]) -> None:
    law = make_doc("34/2019/NQ-HĐND", effective="2019-08-01", doc_type="resolution", issuer=HDND)
    detail = make_doc("35/2019/QĐ-UBND", effective="2019-09-01")
    repealing = make_doc("07/2025/NQ-HĐND", effective="2025-05-01", doc_type="resolution", issuer=HDND)
    services.relation_add(actor=None, source=detail, target=law, kind="guides", date=d("2019-09-01"))
    services.relation_add(actor=None, source=repealing, target=law, kind="repeals", date=d("2025-05-01"))
    assert selectors.status_at(fresh(detail), d("2025-05-01")) == Status.EXPIRED
    assert sql_status(detail, d("2025-05-01")) == [Status.EXPIRED]


def test_detailing_expires_by_the_law_of_the_day() -> None:
    from tuphap.lawdocs.status import detailing_expires

    assert detailing_expires("replaces", d("2025-03-31"), kept_in_force=False)
    assert not detailing_expires("replaces", d("2025-04-01"), kept_in_force=False)
    assert not detailing_expires("replaces", d("2025-03-31"), kept_in_force=True)
    assert detailing_expires("expires_on", d("2025-04-01"), kept_in_force=False)
    assert detailing_expires("repeals", d("2025-04-01"), kept_in_force=False)
