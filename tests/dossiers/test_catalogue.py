"""The catalogue over time: versions by date, intake refused after a procedure
ended (and who handles it now), time-limit variants applied by an officer,
fee rules as data. Boundary dates: 28/02–01/03/2025 (LLTP moved to the
provincial police), 30/06–01/07/2025 (Notary Law 2024, amended Nationality Law)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client

from tuphap.core.errors import ConflictError
from tuphap.core.models import AuditEvent
from tuphap.core.tz import LOCAL_TZ
from tuphap.dossiers import procedures, services
from tuphap.dossiers.catalogue import FIELDS, PROCEDURES, versions
from tuphap.dossiers.documents import build as documents
from tuphap.dossiers.models import Dossier, DossierEvent, Procedure
from tuphap.orgs.roles import Role
from tuphap.workdays.selectors import office_clock

LLTP = "2.000488.000.00.00.H09"
NOTARY = "1.001877.000.00.00.H09"
NATIONALITY = "2.001895.000.00.00.H09"
APPLICANT = {"name": "Nguyễn Văn An", "id_number": "060123456789", "phone": "0912345678"}


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LOCAL_TZ)


@pytest.fixture
def full(department: Any, units: dict[str, Any]) -> int:
    """The whole demo catalogue with every version, as ``manage.py demo`` loads it."""
    return procedures.catalogue_publish(actor=None, agency=department, units=units, entries=versions())


@pytest.fixture
def people(make_staff: Callable[..., Any]) -> dict[str, Any]:
    return {
        "reception": make_staff("motcua", Role.RECEPTION),
        "specialist": make_staff("chuyenvien", Role.SPECIALIST),
        "head": make_staff("truongphong", Role.UNIT_HEAD),
    }


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


# --------------------------------------------------------------------------- the catalogue by date


def test_the_demo_catalogue_is_the_department_after_2025(full: int, client: Client) -> None:
    items = client.get("/api/v1/procedures?on=2026-01-05").json()
    assert len(items) >= 40
    assert {p["field"] for p in items} == set(FIELDS.values()) - {"Lý lịch tư pháp"}
    for p in items:
        assert p["legal_basis"] and p["valid_from"] and p["code_source"] == "demo", p["code"]
        assert [c["id"] for c in p["components"]] == [f"c{i}" for i in range(1, len(p["components"]) + 1)]
    # every code of the earlier catalogue is kept (the demo history and the tests use them)
    assert {LLTP, NOTARY, NATIONALITY, "2.000505.000.00.00.H09"} <= {p["code"] for p in PROCEDURES}
    # loading it again adds nothing
    count, audits = Procedure.objects.count(), AuditEvent.objects.count()
    procedures.catalogue_publish(
        actor=None, agency=Procedure.objects.first().agency, units=_units(), entries=versions()
    )
    assert (Procedure.objects.count(), AuditEvent.objects.count()) == (count, audits)


def _units() -> dict[str, Any]:
    return {p.unit.code: p.unit for p in Procedure.objects.select_related("unit")}


@pytest.mark.parametrize(
    ("day", "listed", "valid_to"),
    [("2025-02-28", True, "2025-02-28"), ("2025-03-01", False, None)],
)
def test_lltp_leaves_the_list_on_1_march_2025(
    full: int, client: Client, day: str, listed: bool, valid_to: str | None
) -> None:
    items = {p["code"]: p for p in client.get(f"/api/v1/procedures?on={day}").json()}
    assert (LLTP in items) is listed
    if listed:
        assert items[LLTP]["valid_to"] == valid_to
        assert {r["kind"] for r in items[LLTP]["fee_rules"]} == {"reduction", "exemption"}
        assert items[LLTP]["time_limit_variants"][0]["amount"] == 15
    assert (client.get(f"/api/v1/procedures/{LLTP}?on={day}").status_code == 200) is listed


@pytest.mark.parametrize(
    ("day", "version", "basis", "valid_from", "valid_to"),
    [
        ("2025-06-30", 1, "53/2014/QH13", "2020-01-01", "2025-06-30"),
        ("2025-07-01", 2, "46/2024/QH15", "2025-07-01", None),
    ],
)
def test_notary_procedures_change_law_on_1_july_2025(
    full: int, client: Client, day: str, version: int, basis: str, valid_from: str, valid_to: str | None
) -> None:
    items = {p["code"]: p for p in client.get(f"/api/v1/procedures?on={day}").json()}
    notary = items[NOTARY]
    assert (notary["version"], notary["valid_from"], notary["valid_to"]) == (version, valid_from, valid_to)
    assert basis in notary["legal_basis"]
    assert "79/2025/QH15" in items[NATIONALITY]["legal_basis"] if day == "2025-07-01" else True


@pytest.mark.parametrize("bad", ["2025-02-30", "01/03/2025", "hôm nay", "2025-3-1"])
def test_a_bad_day_is_422_naming_on(full: int, client: Client, bad: str) -> None:
    response = client.get("/api/v1/procedures", {"on": bad})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["on"]


def test_without_on_the_list_is_today(full: int, client: Client) -> None:
    codes = {p["code"] for p in client.get("/api/v1/procedures").json()}
    assert LLTP not in codes and NOTARY in codes


def test_public_pages_show_what_is_in_force(full: int, client: Client) -> None:
    today = client.get("/ho-so/thu-tuc/").content.decode()
    assert "Lý lịch tư pháp" not in today and "Thừa phát lại" in today
    assert "Cấp Phiếu lý lịch tư pháp" in client.get("/ho-so/thu-tuc/", {"on": "2025-02-28"}).content.decode()
    assert client.get(f"/ho-so/thu-tuc/{LLTP}/").status_code == 404
    page = client.get(f"/ho-so/thu-tuc/{NOTARY}/").content.decode()
    assert "46/2024/QH15" in page and "01/07/2025" in page


# --------------------------------------------------------------------------- intake after the end


def test_intake_on_the_last_day_and_the_day_after(full: int) -> None:
    kept = services.dossier_receive(
        actor=None, procedure_code=LLTP, applicant=APPLICANT, received_at=at(dt.date(2025, 2, 28), 16)
    )
    assert kept.procedure.valid_to == dt.date(2025, 2, 28)
    with pytest.raises(ValidationError) as refused:
        services.dossier_receive(
            actor=None, procedure_code=LLTP, applicant=APPLICANT, received_at=at(dt.date(2025, 3, 1), 0)
        )
    message = refused.value.message_dict["procedure_code"][0]
    assert "01/03/2025" in message and "Công an tỉnh" in message and "giải quyết" in message
    with pytest.raises(ValidationError) as online:
        services.dossier_submit(
            actor=None, procedure_code=LLTP, applicant=APPLICANT, submitted_at=at(dt.date(2025, 3, 3))
        )
    assert "Công an tỉnh" in online.value.message_dict["procedure_code"][0]


def test_a_running_dossier_finishes_under_its_version(full: int) -> None:
    lltp = services.dossier_receive(
        actor=None, procedure_code=LLTP, applicant=APPLICANT, received_at=at(dt.date(2025, 2, 27))
    )
    notary = services.dossier_receive(
        actor=None, procedure_code=NOTARY, applicant=APPLICANT, received_at=at(dt.date(2025, 6, 30), 15)
    )
    services.dossier_request_supplement(
        actor=None, dossier=notary, items=["Ảnh chân dung"], at=at(dt.date(2025, 6, 30), 16)
    )
    notary = services.dossier_supplement_received(actor=None, dossier=notary, at=at(dt.date(2025, 7, 2)))
    lltp = services.dossier_resolve(actor=None, dossier=lltp, outcome="approved", at=at(dt.date(2025, 3, 5)))
    notary = services.dossier_resolve(actor=None, dossier=notary, outcome="approved", at=at(dt.date(2025, 7, 3)))
    assert (lltp.state, notary.state) == ("resolved", "resolved")
    assert "53/2014/QH13" in Dossier.objects.get(pk=notary.pk).procedure.legal_basis
    assert Dossier.objects.get(pk=notary.pk).procedure.version == 1
    received = services.dossier_receive(
        actor=None, procedure_code=NOTARY, applicant=APPLICANT, received_at=at(dt.date(2025, 7, 1), 8)
    )
    assert received.procedure.version == 2 and "46/2024/QH15" in received.procedure.legal_basis


def test_the_api_refuses_intake_with_the_reason(full: int, people: dict[str, Any], client: Client) -> None:
    client.force_login(people["reception"])
    body = {"procedure_code": LLTP, "applicant": APPLICANT}
    response = post(client, "/api/v1/dossiers", body)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "procedure_code"
    assert "01/03/2025" in error["message"] and "Công an tỉnh" in error["message"]
    assert not Dossier.objects.exists()


def test_the_desk_says_who_handles_it_now(full: int, people: dict[str, Any], client: Client) -> None:
    client.force_login(people["reception"])
    response = client.post(
        "/ho-so/tiep-nhan/",
        {
            "procedure": LLTP,
            "applicant_name": "Nguyễn Văn An",
            "id_type": "cccd",
            "id_number": "060123456789",
            "phone": "0912345678",
            "channel": "desk",
            "action": "receive",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Công an tỉnh" in page and "01/03/2025" in page
    assert not Dossier.objects.exists()


def test_import_refuses_a_row_after_the_end(full: int, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "ho-so.csv"
    path.write_text(
        "procedure_code,applicant_name,phone,channel,received_at\n"
        f"{LLTP},Trần Thị B,0987654321,desk,2025-02-28T10:00\n"
        f"{LLTP},Lê Văn C,0987654322,desk,2025-03-03T10:00\n",
        encoding="utf-8",
    )
    call_command("import_dossiers", str(path), "--no-progress")
    out = capsys.readouterr()
    assert "Đã nhập 1 hồ sơ" in out.out
    assert "Dòng 3:" in out.err and "Công an tỉnh" in out.err


# --------------------------------------------------------------------------- time-limit variants


def test_a_variant_re_times_the_appointment(full: int, people: dict[str, Any]) -> None:
    received = at(dt.date(2026, 3, 2))  # a Monday
    dossier = services.dossier_receive(
        actor=None, procedure_code=NATIONALITY, applicant=APPLICANT, received_at=received
    )
    clock = office_clock(dossier.agency_id)
    assert dossier.due_at == clock.due_at(received, 5, "working_days", [])
    audits = AuditEvent.objects.filter(action="dossier.time_variant").count()
    dossier = services.dossier_apply_time_variant(
        actor=people["reception"], dossier=dossier, variant="xac-minh", reason="Giấy tờ cấp ở nước ngoài"
    )
    assert dossier.due_at == clock.due_at(received, 20, "working_days", [])
    [event] = DossierEvent.objects.filter(dossier=dossier, action="time_variant")
    assert (event.due_before, event.due_after) == (clock.due_at(received, 5, "working_days", []), dossier.due_at)
    assert event.data["key"] == "xac-minh" and event.note == "Giấy tờ cấp ở nước ngoài"
    assert AuditEvent.objects.filter(action="dossier.time_variant").count() == audits + 1
    receipt = documents.receipt(dossier, "https://tuphap.example")
    limit = next(b.text for b in receipt.blocks if getattr(b, "label", "").startswith("3."))
    assert "áp dụng “Phải xác minh”: 20 ngày làm việc" in limit
    # a pause and the resume keep the variant's limit
    services.dossier_request_supplement(
        actor=None, dossier=dossier, items=["Bản sao hộ chiếu"], at=at(dt.date(2026, 3, 3))
    )
    dossier = services.dossier_supplement_received(actor=None, dossier=dossier, at=at(dt.date(2026, 3, 5)))
    pauses = [(p.started_at, p.ended_at) for p in dossier.pauses.all()]
    assert dossier.due_at == clock.due_at(received, 20, "working_days", pauses)
    assert services.dossier_retime(dossier=dossier, reason="Lịch thay đổi") is False  # nothing moves


def test_who_may_apply_a_variant_and_which(full: int, people: dict[str, Any]) -> None:
    dossier = services.dossier_receive(actor=None, procedure_code=NATIONALITY, applicant=APPLICANT)
    with pytest.raises(PermissionDenied):
        services.dossier_apply_time_variant(actor=people["head"], dossier=dossier, variant="xac-minh", reason="x")
    with pytest.raises(ValidationError) as unknown:
        services.dossier_apply_time_variant(actor=people["specialist"], dossier=dossier, variant="khac", reason="x")
    assert "xac-minh" in unknown.value.message_dict["variant"][0]
    with pytest.raises(ValidationError):
        services.dossier_apply_time_variant(actor=people["specialist"], dossier=dossier, variant="xac-minh", reason=" ")
    services.dossier_apply_time_variant(actor=people["specialist"], dossier=dossier, variant="xac-minh", reason="x")
    with pytest.raises(ConflictError):
        services.dossier_apply_time_variant(actor=people["specialist"], dossier=dossier, variant="xac-minh", reason="x")
    notary = services.dossier_receive(actor=None, procedure_code=NOTARY, applicant=APPLICANT)
    finished = services.dossier_resolve(actor=None, dossier=notary, outcome="approved")
    with pytest.raises(ConflictError):
        services.dossier_apply_time_variant(actor=None, dossier=finished, variant="xac-minh", reason="x")


def test_the_api_and_the_page_apply_a_variant(full: int, people: dict[str, Any], client: Client) -> None:
    first = services.dossier_receive(actor=None, procedure_code=NATIONALITY, applicant=APPLICANT)
    second = services.dossier_receive(actor=None, procedure_code=NATIONALITY, applicant=APPLICANT)
    client.force_login(people["head"])
    url = f"/api/v1/dossiers/{first.code}/time-variant"
    assert post(client, url, {"variant": "xac-minh", "reason": "x"}).status_code == 403
    client.force_login(people["specialist"])
    missing = post(client, url, {"variant": "xac-minh"})
    assert missing.status_code == 422 and missing.json()["detail"][0]["field"] == "reason"
    response = post(client, url, {"variant": "xac-minh", "reason": "Phải xác minh", "expected_version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2 and response.json()["due_at"] != first.due_at.isoformat()
    client.force_login(people["reception"])
    page = client.get(f"/ho-so/{second.code}/").content.decode()
    assert "time_variant-variant" in page and f"/ho-so/{second.code}/thoi-han/" in page
    answer = client.post(
        f"/ho-so/{second.code}/thoi-han/",
        {"time_variant-variant": "xac-minh", "time_variant-reason": "Phải xác minh", "version": 1},
    )
    assert answer.status_code == 302
    assert DossierEvent.objects.filter(dossier=second, action="time_variant").count() == 1
    client.force_login(people["head"])
    assert "time_variant-variant" not in client.get(f"/ho-so/{second.code}/").content.decode()


# --------------------------------------------------------------------------- the data's own rules


BASE = {
    "code": "9.000001.000.00.00.H09",
    "name": "Thủ tục thử",
    "field": "Công chứng",
    "time_limit_amount": 5,
    "time_limit_unit": "working_days",
    "fee": 100_000,
    "components": [{"name": "Đơn"}],
}


@pytest.mark.parametrize(
    "rules",
    [
        [{"kind": "discount", "who": "Sinh viên", "percent": 50, "basis": "TT"}],
        [{"kind": "reduction", "who": "Sinh viên", "percent": 150, "basis": "TT"}],
        [{"kind": "reduction", "who": "Sinh viên", "percent": 50, "amount": 50_000, "basis": "TT"}],
        [{"kind": "reduction", "who": "Sinh viên", "amount": 100_000, "basis": "TT"}],
        [{"kind": "reduction", "who": "", "percent": 50, "basis": "TT"}],
        [{"kind": "exemption", "who": "Trẻ em", "basis": ""}],
        [{"kind": "exemption", "who": "Trẻ em", "percent": 50, "basis": "TT"}],
        {"kind": "exemption"},
    ],
)
def test_bad_fee_rules_are_refused(department: Any, units: dict[str, Any], rules: Any) -> None:
    with pytest.raises(ValidationError) as bad:
        procedures.procedure_publish(
            actor=None,
            data={**BASE, "fee_rules": rules},
            agency=department,
            unit=units["btp"],
            valid_from=dt.date(2025, 1, 1),
        )
    assert "fee_rules" in bad.value.message_dict
    assert not Procedure.objects.exists()


@pytest.mark.parametrize(
    "variants",
    [
        [{"key": "Xác Minh", "label": "a", "amount": 5, "unit": "working_days", "condition": "c", "basis": "b"}],
        [{"key": "a", "label": "a", "amount": 0, "unit": "working_days", "condition": "c", "basis": "b"}],
        [{"key": "a", "label": "a", "amount": 5, "unit": "weeks", "condition": "c", "basis": "b"}],
        [{"key": "a", "label": "a", "amount": 5, "unit": "working_days", "condition": "", "basis": "b"}],
        [{"key": "a", "label": "a", "amount": 5, "unit": "working_days", "condition": "c", "basis": "b"}] * 2,
    ],
)
def test_bad_variants_are_refused(department: Any, units: dict[str, Any], variants: Any) -> None:
    with pytest.raises(ValidationError) as bad:
        procedures.procedure_publish(
            actor=None,
            data={**BASE, "time_limit_variants": variants},
            agency=department,
            unit=units["btp"],
            valid_from=dt.date(2025, 1, 1),
        )
    assert "time_limit_variants" in bad.value.message_dict


def test_fee_payable_under_each_rule() -> None:
    assert procedures.fee_payable(200_000, {"kind": "reduction", "amount": 100_000}) == 100_000
    assert procedures.fee_payable(200_000, {"kind": "reduction", "percent": 25}) == 150_000
    assert procedures.fee_payable(200_000, {"kind": "exemption"}) == 0


def test_an_end_is_recorded_on_the_version_and_audited(department: Any, units: dict[str, Any]) -> None:
    first = procedures.procedure_publish(
        actor=None, data=BASE, agency=department, unit=units["btp"], valid_from=dt.date(2020, 1, 1)
    )
    ended = procedures.procedure_publish(
        actor=None,
        data={**BASE, "handed_to": "Ủy ban nhân dân cấp xã"},
        agency=department,
        unit=units["btp"],
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2025, 6, 30),
    )
    assert ended.pk == first.pk and (ended.valid_to, ended.handed_to) == (
        dt.date(2025, 6, 30),
        "Ủy ban nhân dân cấp xã",
    )
    assert AuditEvent.objects.filter(action="procedure.end").count() == 1
    with pytest.raises(ValidationError) as refused:
        procedures.procedure_for(BASE["code"], on=dt.date(2025, 7, 1))
    assert "Ủy ban nhân dân cấp xã" in refused.value.message_dict["procedure_code"][0]
    assert procedures.procedure_for(BASE["code"], on=dt.date(2025, 6, 30)).pk == first.pk
    with pytest.raises(ValidationError) as early:
        procedures.procedure_for(BASE["code"], on=dt.date(2019, 12, 31))
    assert "01/01/2020" in early.value.message_dict["procedure_code"][0]


def test_an_application_accepted_after_the_end_is_refused(full: int) -> None:
    submitted = services.dossier_submit(
        actor=None, procedure_code=LLTP, applicant=APPLICANT, submitted_at=at(dt.date(2025, 2, 28), 20)
    )
    with pytest.raises(ValidationError) as refused:
        services.dossier_accept(actor=None, dossier=submitted, at=at(dt.date(2025, 3, 3), 8))
    assert "Công an tỉnh" in refused.value.message_dict["procedure_code"][0]
    assert Dossier.objects.get(pk=submitted.pk).state == "submitted"
    # it can still be refused at intake (form 03)
    assert services.dossier_refuse(actor=None, dossier=submitted, reason="Không còn thẩm quyền").state == "refused"


def test_an_application_accepted_on_1_july_2025_takes_the_new_version(full: int) -> None:
    submitted = services.dossier_submit(
        actor=None, procedure_code=NOTARY, applicant=APPLICANT, submitted_at=at(dt.date(2025, 6, 30), 20)
    )
    assert submitted.procedure.version == 1
    accepted = services.dossier_accept(actor=None, dossier=submitted, at=at(dt.date(2025, 7, 1), 8))
    assert Dossier.objects.get(pk=accepted.pk).procedure.version == 2


def test_an_end_cannot_overlap_the_next_version(full: int) -> None:
    first = Procedure.objects.get(code=NOTARY, version=1)
    data = {
        **next(e for e in versions() if e["code"] == NOTARY and e["valid_from"] == first.valid_from),
        "handed_to": "",
    }
    with pytest.raises(ValidationError) as overlap:
        procedures.procedure_publish(
            actor=None,
            data=data,
            agency=first.agency,
            unit=first.unit,
            valid_from=first.valid_from,
            valid_to=dt.date(2025, 7, 1),
        )
    assert "01/07/2025" in overlap.value.message_dict["valid_to"][0]
    first.refresh_from_db()
    assert first.valid_to == dt.date(2025, 6, 30)


def test_a_database_from_an_older_catalogue_is_kept(department: Any, units: dict[str, Any], caplog: Any) -> None:
    """``manage.py demo`` on a database loaded before the versions: what dossiers may hold is not rewritten."""
    older = {**next(e for e in versions() if e["code"] == NOTARY), "legal_basis": "Luật Công chứng 2014"}
    kept = procedures.procedure_publish(
        actor=None, data=older, agency=department, unit=units["btp"], valid_from=dt.date(2020, 1, 1)
    )
    procedures.catalogue_publish(actor=None, agency=department, units=units, entries=versions())
    kept.refresh_from_db()
    assert kept.legal_basis == "Luật Công chứng 2014" and kept.valid_to == dt.date(2025, 6, 30)
    assert Procedure.objects.get(code=NOTARY, valid_from=dt.date(2025, 7, 1)).version == 2
    assert any(NOTARY in r.getMessage() and "kept as the database has it" in r.getMessage() for r in caplog.records)
