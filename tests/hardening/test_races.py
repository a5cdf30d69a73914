"""Races with real processes, on the engine of the current run (SQLite file in
WAL mode, or PostgreSQL): the granian server as ``scripts/serve`` runs it,
HTTP clients in processes of their own, management commands started in step.

- concurrent intake: every code unique and gap-free, every dossier with its
  control slip, sync record, notifications and audit event;
- two officers on one dossier at the same moment: one wins, the other 409;
- concurrent readers of one article: no view and no visit lost;
- concurrent imports of one file (dossiers, legal documents, violation
  figures): nothing duplicated, nothing reported as an error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from openpyxl import Workbook

from tests.hardening.procs import Stack, stack_in
from tests.hardening.world import (
    NATIONALITY,
    assert_control_slips,
    build_desk,
    dossier_rows,
    expected_actions,
    numbers_by_day,
    write_csv,
)
from tuphap.core.models import AuditEvent, Notification
from tuphap.dossiers import services
from tuphap.dossiers.models import (
    ChangedDossier,
    CodeCounter,
    Dossier,
    SyncRecord,
)
from tuphap.lawdocs.models import DocumentRelation, LegalDocument
from tuphap.orgs.roles import Role
from tuphap.portal import services as portal
from tuphap.portal.models import Presence, VisitDay
from tuphap.workplans.models import ViolationStat

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def served(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Stack]:
    """One server for the module's HTTP races (it outlives the tests' data, as
    a production server outlives requests); commands run beside it."""
    with django_db_blocker.unblock(), stack_in(tmp_path_factory.mktemp("races")) as s:
        s.server()
        yield s


@pytest.fixture
def stack(served: Stack, transactional_db: Any) -> Stack:
    return served


@pytest.fixture
def desk(department: Any, units: dict[str, Any], make_staff: Any) -> dict[str, Any]:
    return build_desk(department, units, make_staff)


# --------------------------------------------------------------------------- intake


def test_concurrent_intake_gives_unique_gap_free_codes_and_whole_dossiers(stack: Stack, desk: dict[str, Any]) -> None:
    clients, per_client = 6, 15
    answers = stack.clients(
        [
            {
                "kind": "intake",
                "name": f"c{i}",
                "count": per_client,
                "token": desk["tokens"]["motcua"],
                "procedure_code": NATIONALITY,
            }
            for i in range(clients)
        ]
    ).results()
    flat = [a for client in answers for a in client]
    assert [a for a in flat if a["status"] != 201] == []
    codes = [a["code"] for a in flat]
    assert len(codes) == clients * per_client and len(set(codes)) == len(codes)
    for day, numbers in numbers_by_day(codes).items():
        assert numbers == list(range(1, len(numbers) + 1)), f"codes of {day} have holes: {numbers}"
        assert CodeCounter.objects.get(
            agency=desk["agency"], day=dt.date(2000 + int(day[:2]), int(day[2:4]), int(day[4:]))
        ).last == len(numbers)
    dossiers = list(Dossier.objects.all())
    assert sorted(d.code for d in dossiers) == sorted(codes)  # the server committed exactly what it answered
    by_code = {d.code: d for d in dossiers}
    for a in flat:  # each answer is the dossier of its own request
        assert by_code[a["code"]].applicant_email == f"{a['tag']}@example.vn"
    assert_control_slips(dossiers)
    assert all(d.version == 1 and d.state == "received" for d in dossiers)
    assert Counter(SyncRecord.objects.values_list("dossier_id", flat=True)) == {d.pk: 1 for d in dossiers}
    assert Counter(ChangedDossier.objects.values_list("dossier_id", flat=True)) == {d.pk: 1 for d in dossiers}
    assert Counter(Notification.objects.values_list("object_id", "kind")) == {
        (str(d.pk), k): 1 for d in dossiers for k in ("email", "sms")
    }
    receipts = AuditEvent.objects.filter(action="dossier.receive").values_list("object_id", flat=True)
    assert sorted(map(str, receipts)) == sorted(str(d.pk) for d in dossiers)


def test_one_idempotency_key_sent_by_many_processes_at_once_creates_one_dossier(
    stack: Stack, desk: dict[str, Any]
) -> None:
    """Six client processes retry one intake with one Idempotency-Key against the
    server's two worker processes (separate database connections): one dossier,
    every answer the first one (docs/security.md)."""
    body = {
        "procedure_code": NATIONALITY,
        "applicant": {"name": "Nguyễn Văn Lặp", "phone": "0912345678", "email": "lap@example.vn"},
        "channel": "desk",
    }
    answers = stack.clients(
        [
            {"kind": "retry", "token": desk["tokens"]["motcua"], "key": "0b7e4c1e-race", "body": body, "count": 3}
            for _ in range(6)
        ]
    ).results()
    flat = [a for client in answers for a in client]
    assert {a["status"] for a in flat} == {201} and len({a["body"] for a in flat}) == 1
    assert sum(not a["replayed"] for a in flat) == 1
    [dossier] = Dossier.objects.all()
    assert dossier.code == json.loads(flat[0]["body"])["code"]
    assert_control_slips([dossier])
    assert (
        AuditEvent.objects.filter(action="dossier.receive").count() == 1
        and Notification.objects.about(dossier).count() == 2
    )


# --------------------------------------------------------------------------- two officers


def test_two_officers_on_one_dossier_one_wins_the_other_gets_409(stack: Stack, desk: dict[str, Any]) -> None:
    """tp0 and tp1 act on the same dossiers at the same moment. Half carry the
    version they saw (the loser: 409 stale_version), half do not (the loser's
    action is no longer allowed in the new state: 409 invalid_transition)."""
    n = 24
    codes = [
        services.dossier_receive(
            actor=None,
            procedure_code=NATIONALITY,
            applicant={"name": f"Trần Thị {i}", "phone": "0912345678", "email": f"t{i}@example.vn"},
        ).code
        for i in range(n)
    ]
    with_version, without = codes[: n // 2], codes[n // 2 :]
    plan0 = [(c, "resolve", {"outcome": "approved", "expected_version": 1}) for c in with_version] + [
        (c, "stop", {"reason": "Người nộp không bổ sung"}) for c in without
    ]
    plan1 = [
        (c, "request_supplement", {"items": ["Bản sao giấy khai sinh"], "expected_version": 1}) for c in with_version
    ] + [(c, "resolve", {"outcome": "approved"}) for c in without]
    a0, a1 = stack.clients(
        [
            {"kind": "act", "token": desk["tokens"]["tp0"], "actions": plan0},
            {"kind": "act", "token": desk["tokens"]["tp1"], "actions": plan1},
        ]
    ).results()
    target = {"resolve": "resolved", "request_supplement": "supplement_requested", "stop": "stopped"}
    notifying = {"resolve", "request_supplement", "stop"}
    dossiers = {d.code: d for d in Dossier.objects.filter(code__in=codes)}
    losers: Counter[str] = Counter()
    for first, second in zip(a0, a1, strict=True):
        assert first["code"] == second["code"]
        statuses = sorted([first["status"], second["status"]])
        assert statuses == [200, 409], (first, second)
        winner, loser = (first, second) if first["status"] == 200 else (second, first)
        losers[loser["error"]] += 1
        assert loser["error"] == ("stale_version" if winner["code"] in with_version else "invalid_transition"), loser
        d = dossiers[winner["code"]]
        assert d.state == target[winner["action"]] and d.version == 2 == winner["version"]
        actions = list(d.events.order_by("seq").values_list("action", flat=True))
        assert actions == ["receive", winner["action"]]
        assert d.sync_records.count() == 2
        assert Notification.objects.about(d).count() == 2 * (1 + (winner["action"] in notifying))
        assert sorted(
            AuditEvent.objects.filter(object_id=str(d.pk), action__startswith="dossier.").values_list(
                "action", flat=True
            )
        ) == sorted(["dossier.receive", f"dossier.{winner['action']}"])
    assert_control_slips(list(dossiers.values()))
    assert losers["stale_version"] == len(with_version) and losers["invalid_transition"] == len(without)


# --------------------------------------------------------------------------- article readers


def test_concurrent_readers_lose_no_view_and_no_visit(stack: Stack, make_staff: Any) -> None:
    editor = make_staff("bientap", Role.EDITOR)
    category = portal.category_upsert(actor=None, slug="hoat-dong", name="Hoạt động của Sở", position=1)
    article = portal.article_publish(
        actor=editor,
        article=portal.article_create(
            actor=editor, category=category, title="Hội nghị tổng kết công tác tư pháp", body="<p>Nội dung.</p>"
        ),
    )
    clients, visitors = 6, 10
    answers = stack.clients(
        [{"kind": "read", "path": article.get_absolute_url(), "visitors": visitors} for _ in range(clients)]
    ).results()
    flat = [a for client in answers for a in client]
    assert all(a == {"first": 200, "again": 200, "cookie": True} for a in flat), flat[:3]
    article.refresh_from_db()
    # each visitor: one visit and one view; the second reading (same cookie, same hour) counts neither
    assert article.views == clients * visitors
    assert sum(VisitDay.objects.values_list("visits", flat=True)) == clients * visitors
    assert Presence.objects.count() == clients * visitors


# --------------------------------------------------------------------------- imports


def test_concurrent_imports_of_one_dossier_file_duplicate_nothing(stack: Stack, desk: dict[str, Any]) -> None:
    rows = dossier_rows(60)
    path = write_csv(stack.tmp / "ho-so.csv", rows)
    processes = 3
    results = stack.commands_together([["import_dossiers", str(path), "--no-progress"]] * processes)
    imported = 0
    for code, output in results:
        assert code == 0, output
        match = re.search(r"Đã nhập (\d+) hồ sơ; bỏ qua (\d+) hồ sơ đã có; (\d+) dòng lỗi", output)
        assert match, output
        assert int(match[1]) + int(match[2]) == len(rows) and match[3] == "0", (
            output
        )  # a row another process took is skipped, not an error
        imported += int(match[1])
    assert imported == len(rows)
    dossiers = list(Dossier.objects.all())
    assert len(dossiers) == len(rows) and len({d.import_key for d in dossiers}) == len(rows)
    assert_control_slips(dossiers)
    by_name = {d.applicant_name: d for d in dossiers}
    for row in rows:  # each row whole: all its steps, or (in another process) none of them
        d = by_name[row["applicant_name"]]
        assert list(d.events.order_by("seq").values_list("action", flat=True)) == expected_actions(row), row
        if row["code"]:
            assert d.code == row["code"]
    generated = [d.code for d in dossiers if not d.code.startswith("CU-")]
    for day, numbers in numbers_by_day(generated).items():
        assert numbers == list(range(1, len(numbers) + 1)), f"codes of {day} have holes: {numbers}"
    assert Notification.objects.count() == 0  # historical dossiers notify nobody


def lawdoc_data(n: int) -> dict[str, Any]:
    documents = [
        {
            "number": f"{i + 1:02d}/2020/QĐ-UBND",
            "type": "QĐ",
            "issuer": "UBND tỉnh Bình Thuận",
            "title": f"Quy định số {i + 1} về hộ tịch",
            "issued_on": "2020-03-10",
            "effective_from": "2020-03-25",
            "field": "Tư pháp",
            "text": f"Điều 1. Nội dung quy định {i + 1}.",
        }
        for i in range(n)
    ]
    relations = [
        {
            "kind": "amends",
            "from": f"{i + 1:02d}/2020/QĐ-UBND",
            "to": f"{i:02d}/2020/QĐ-UBND",
            "date": "2020-03-25",
            "articles": "Điều 1",
        }
        for i in range(1, n)
    ]
    return {"documents": documents, "relations": relations}


def test_concurrent_imports_of_one_lawdocs_file_duplicate_nothing(stack: Stack, db: Any) -> None:
    if connection.vendor == "sqlite":
        with (
            connection.cursor() as cursor
        ):  # Django's flush after earlier transactional tests does not know the FTS table
            cursor.execute("DELETE FROM lawdocs_fts")
    data = lawdoc_data(30)
    path = stack.tmp / "van-ban.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    processes = 3
    results = stack.commands_together([["import_lawdocs", str(path), "--strict"]] * processes)
    created = added = 0
    for code, output in results:
        assert code == 0, output
        match = re.search(
            (
                r"Văn bản: (\d+) mới, (\d+) cập nhật, (\d+) không đổi; "
                r"quan hệ: (\d+) mới, (\d+) không đổi; (\d+) bản ghi lỗi"
            ),
            output,
        )
        assert match, output
        assert int(match[1]) + int(match[3]) == len(data["documents"]) and match[2] == "0", output
        assert int(match[4]) + int(match[5]) == len(data["relations"]) and match[6] == "0", output
        created, added = created + int(match[1]), added + int(match[4])
    assert created == len(data["documents"]) and added == len(data["relations"])
    assert LegalDocument.objects.count() == len(data["documents"])
    assert DocumentRelation.objects.count() == len(data["relations"])
    assert AuditEvent.objects.filter(action="lawdoc.create").count() == len(data["documents"])
    assert AuditEvent.objects.filter(action="lawdoc.relation_add").count() == len(data["relations"])
    with connection.cursor() as cursor:  # the search index holds each document once
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid, COUNT(*) FROM lawdocs_fts GROUP BY rowid")
            indexed = dict(cursor.fetchall())
            assert indexed == dict.fromkeys(LegalDocument.objects.values_list("pk", flat=True), 1)
        else:
            cursor.execute(
                "SELECT document_id, COUNT(*) FROM lawdocs_search WHERE body IS NOT NULL GROUP BY document_id"
            )
            indexed = dict(cursor.fetchall())
            assert indexed == dict.fromkeys(LegalDocument.objects.values_list("pk", flat=True), 1)


def test_concurrent_uploads_of_one_violation_workbook_duplicate_nothing(stack: Stack, make_staff: Any) -> None:
    specialist = make_staff("cvxl", Role.SPECIALIST)
    reporters = ["Công an tỉnh", "Sở Y tế", "Sở Tài nguyên và Môi trường", "Sở Công Thương", "Cục Thuế tỉnh"]
    fields = ["Giao thông", "Y tế", "Tài nguyên, môi trường", "Thương mại, quản lý thị trường", "Thuế, tài chính"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["Năm", "Quý", "Đơn vị báo cáo", "Lĩnh vực", "Số quyết định xử phạt", "Tiền phạt (đồng)", "Đã thu (đồng)"]
    )
    rows = [
        (2022, q, r, f, 10 * q + i, 1_000_000 * (i + 1), 900_000 * (i + 1))
        for q in (1, 2, 3, 4)
        for i, (r, f) in enumerate(zip(reporters, fields, strict=True))
    ]
    for row in rows:
        sheet.append(list(row))
    path = stack.tmp / "so-lieu.xlsx"
    workbook.save(path)
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(specialist.pk), "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = specialist.get_session_auth_hash()
    session.create()
    uploads = 4
    answers = stack.clients(
        [
            {
                "kind": "upload",
                "path": "/nhiem-vu/xu-ly-vi-pham/",
                "field": "imp-file",
                "file": str(path),
                "session": f"sessionid={session.session_key}",
            }
            for _ in range(uploads)
        ]
    ).results()
    for (answer,) in answers:
        assert answer["status"] == 200, answer["body"][-2000:]
    assert ViolationStat.objects.count() == len(rows)
    assert sorted(ViolationStat.objects.values_list("year", "quarter", "reporter", "decisions")) == sorted(
        (r[0], r[1], r[2], r[4]) for r in rows
    )
    assert AuditEvent.objects.filter(action="workplans.stat_create").count() == len(rows)
    assert not AuditEvent.objects.filter(action="workplans.stat_update").exists()
