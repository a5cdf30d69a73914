"""Appraisal rules as data by kind of draft, procedure and the day of receipt:
the 2015 rule until 31/3/2025, the 2025 rule from 1/4/2025, commune drafts
not appraised by the department; a figure not checked against the legal text
says so on the draft's page and the board."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tuphap.lawdocs import selectors, services
from tuphap.lawdocs.models import AppraisalRule, Draft, DraftKind

TZ = timezone.get_fixed_timezone(7 * 60)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


def local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def new_draft(kind: str = "", **kw: Any) -> Draft:
    return services.draft_create(actor=None, title="Dự thảo", lead_agency="Sở Y tế", kind=kind, **kw)


def test_the_kind_gives_the_type_and_the_issuing_level(department: Any) -> None:
    council = new_draft(DraftKind.PROVINCE_COUNCIL_RESOLUTION)
    chairman = new_draft(DraftKind.PROVINCE_CHAIRMAN_DECISION)
    commune = new_draft(DraftKind.COMMUNE_COMMITTEE_DECISION)
    assert (council.doc_type, council.level) == ("resolution", "province")
    assert (chairman.doc_type, chairman.level) == ("decision", "province")
    assert (commune.doc_type, commune.level) == ("decision", "commune")
    legacy = services.draft_create(actor=None, title="X", lead_agency="Y", doc_type="resolution")
    assert legacy.kind == DraftKind.PROVINCE_COUNCIL_RESOLUTION
    with pytest.raises(ValidationError) as refused:
        new_draft("district_decision")
    assert "kind" in refused.value.message_dict


def test_rules_switch_on_the_first_of_april_2025(db: Any) -> None:
    kind = DraftKind.PROVINCE_COMMITTEE_DECISION
    before, after = selectors.rule_for(dt.date(2025, 3, 31), kind), selectors.rule_for(dt.date(2025, 4, 1), kind)
    assert "80/2015" in before.legal_basis and before.valid_to == dt.date(2025, 3, 31)
    assert "64/2025" in after.legal_basis and after.valid_to is None
    assert not before.confirmed and not after.confirmed and "Chưa xác nhận" in after.note


def test_boundary_receipts_get_their_own_rule(department: Any) -> None:
    early = new_draft(DraftKind.PROVINCE_COUNCIL_RESOLUTION, meeting_date=dt.date(2025, 4, 8))
    late = new_draft(DraftKind.PROVINCE_COUNCIL_RESOLUTION, meeting_date=dt.date(2025, 4, 8))
    first = services.appraisal_receive(actor=None, draft=early, received_at=at("2025-03-31 09:00"))
    second = services.appraisal_receive(actor=None, draft=late, received_at=at("2025-04-01 09:00"))
    assert "80/2015" in first.rule.legal_basis and "64/2025" in second.rule.legal_basis
    # 2015: at the latest 10 days before the meeting (29/3 is a Saturday: Friday 28/3)
    assert local(first.due_at) == "2025-03-28 17:00"
    # 2025: 10 days from the complete dossier, the meeting does not shorten it
    assert local(second.due_at) == "2025-04-11 17:00"


def test_commune_drafts_are_not_appraised_by_the_department(department: Any) -> None:
    draft = new_draft(DraftKind.COMMUNE_COUNCIL_RESOLUTION)
    with pytest.raises(ValidationError) as refused:
        services.appraisal_receive(actor=None, draft=draft, received_at=at("2025-07-01 09:00"))
    message = refused.value.message_dict["draft"][0]
    assert "không thẩm định" in message and "Chưa xác nhận" in message
    assert not draft.appraisals.exists()
    rule = selectors.rule_for(dt.date(2025, 7, 1), DraftKind.COMMUNE_COUNCIL_RESOLUTION)
    assert selectors.appraisal_deadline(at("2025-07-01 09:00"), kind=rule.kind).due_at is None


def test_a_shortened_rule_applies_to_a_shortened_draft_only(department: Any) -> None:
    AppraisalRule.objects.create(
        legal_basis="Quy tắc thử nghiệm",
        applies_from=dt.date(2025, 4, 1),
        kind=DraftKind.PROVINCE_COMMITTEE_DECISION,
        shortened=True,
        amount=3,
        confirmed=True,
    )
    normal = new_draft(DraftKind.PROVINCE_COMMITTEE_DECISION)
    short = new_draft(DraftKind.PROVINCE_COMMITTEE_DECISION, shortened=True)
    council_short = new_draft(DraftKind.PROVINCE_COUNCIL_RESOLUTION, shortened=True)
    a = services.appraisal_receive(actor=None, draft=normal, received_at=at("2025-06-16 09:00"))
    b = services.appraisal_receive(actor=None, draft=short, received_at=at("2025-06-16 09:00"))
    c = services.appraisal_receive(actor=None, draft=council_short, received_at=at("2025-06-16 09:00"))
    assert local(a.due_at) == "2025-06-26 17:00" and local(b.due_at) == "2025-06-19 17:00"
    assert c.rule == a.rule  # no shortened rule for that kind: the normal one, said so
    deadline = selectors.appraisal_deadline(c.received_at, kind=council_short.kind, shortened=True)
    assert "rút gọn" in deadline.explanation
    assert selectors.appraisal_deadline(b.received_at, kind=short.kind, shortened=True).unconfirmed == ""


def test_the_unconfirmed_note_is_shown(
    client: Client, department: Any, make_staff: Callable[..., Any], specialist: Any
) -> None:
    draft = new_draft(DraftKind.PROVINCE_COMMITTEE_DECISION)
    services.appraisal_receive(actor=None, draft=draft, received_at=at("2025-06-16 09:00"))
    client.force_login(specialist)
    html = client.get(f"/van-ban/du-thao/{draft.pk}/").content.decode()
    assert 'id="rule-unconfirmed"' in html and "Chưa xác nhận: con số 10 ngày" in html
    assert "Quyết định của Ủy ban nhân dân cấp tỉnh" in html
    board = client.get("/van-ban/tham-dinh/").content.decode()
    assert 'id="rules"' in board and "Chưa xác nhận: dự thảo văn bản của chính quyền cấp xã" in board
    AppraisalRule.objects.filter(kind="", applies_from=dt.date(2025, 4, 1)).update(confirmed=True)
    html = client.get(f"/van-ban/du-thao/{draft.pk}/").content.decode()
    assert 'id="rule-unconfirmed"' not in html


def test_a_document_records_its_issuing_level(make_doc: Callable[..., Any]) -> None:
    provincial = make_doc("40/2025/QĐ-UBND", effective="2025-08-01")
    commune = make_doc("02/2025/QĐ-UBND-XA", effective="2025-08-01", level="commune")
    assert provincial.level == "province" and commune.level == "commune"
    with pytest.raises(ValidationError):
        make_doc("03/2025/QĐ-UBND-XA", effective="2025-08-01", level="hamlet")


def test_the_demos_open_drafts_are_todays(department: Any) -> None:
    from tuphap.lawdocs.demo import loader

    assert loader._appraisals() == 25 and loader._appraisals() == 0  # a second run adds nothing
    rows = selectors.appraisal_board()
    today = timezone.localdate()
    assert len(rows) == 2
    for row in rows:
        draft = row.request.draft
        assert 0 < (today - timezone.localdate(row.request.received_at)).days <= 8
        assert "64/2025" in row.request.rule.legal_basis and "Bình Thuận" not in draft.title
    assert {r.request.draft.kind for r in rows} == {
        DraftKind.PROVINCE_COUNCIL_RESOLUTION,
        DraftKind.PROVINCE_COMMITTEE_DECISION,
    }


def test_the_drafts_page_takes_the_kind_or_the_older_type(client: Client, specialist: Any) -> None:
    client.force_login(specialist)
    base = {"title": "Dự thảo", "lead_agency": "Sở Y tế", "consultees": "Sở Tài chính"}
    response = client.post("/van-ban/du-thao/", {**base, "kind": "commune_council_resolution", "shortened": "on"})
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert (draft.kind, draft.level, draft.shortened) == ("commune_council_resolution", "commune", True)
    assert client.post("/van-ban/du-thao/", {**base, "doc_type": "resolution"}).status_code == 302
    assert Draft.objects.latest("pk").kind == DraftKind.PROVINCE_COUNCIL_RESOLUTION
    refused = client.post("/van-ban/du-thao/", base)
    assert refused.status_code == 200 and "Hãy chọn loại văn bản." in refused.content.decode()
    assert Draft.objects.count() == 2
    listing = client.get("/van-ban/du-thao/").content.decode()
    assert "Nghị quyết của Hội đồng nhân dân cấp xã (rút gọn)" in listing
