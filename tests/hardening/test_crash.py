"""Crash safety: SIGKILL the server, the task worker, an import and the sync
export in the middle of their work (the engine of the current run: SQLite
file in WAL mode, or PostgreSQL), restart, finish, and check that nothing is
lost, half-written, reused or sent twice.

Faults, all real SIGKILLs of real processes:

1. a granian worker dies inside an intake transaction (after the dossier's
   code was taken and its row and event written); granian replaces it;
2. the import dies inside a row's transaction;
3. the whole server (every granian process) and the task worker are killed
   from outside in the middle of the intake burst, while messages are being sent;
4. after the restart, the worker dies after handing a message to the mail or
   SMS sink and before marking it sent (the one window for a second copy);
5. the sync export dies after writing its lines and before marking them.
"""

from __future__ import annotations

import io
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.models import F

from tests.hardening.procs import Stack, stack_in
from tests.hardening.sinks import read_mail, read_sms
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
from tuphap.core.notifications import message_key
from tuphap.dossiers.models import (
    ChangedDossier,
    CodeCounter,
    Dossier,
    DossierEvent,
    SyncRecord,
)

pytestmark = pytest.mark.django_db(transaction=True)

SIGKILLED = -9


def wait_for(condition: Any, seconds: float, what: str, stack: Stack) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}\n{stack.logs()}")
        time.sleep(0.02)


def orphans(table: str, column: str = "dossier_id") -> int:
    """Rows of ``table`` pointing at no dossier (whatever the foreign keys say)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {table} t LEFT JOIN dossiers_dossier d ON d.id = t.{column} "  # noqa: S608 - fixed names
            f"WHERE t.{column} IS NOT NULL AND d.id IS NULL"
        )
        return int(cursor.fetchone()[0])


def test_kill_9_mid_intake_and_import_loses_nothing_and_sends_each_message_once(
    tmp_path: Path, department: Any, units: dict[str, Any], make_staff: Any
) -> None:
    desk = build_desk(department, units, make_staff)
    rows = dossier_rows(80)
    csv_path = write_csv(tmp_path / "ho-so-cu.csv", rows)
    sync_file = tmp_path / "dong-bo.jsonl"
    clients_n, per_client = 4, 25
    figures: Counter[str] = Counter()
    started = time.monotonic()
    phases: dict[str, float] = {}
    with stack_in(tmp_path) as stack:
        stack.env.update(HARDENING_SEND_DELAY="0.01", HARDENING_OUTBOX_LEASE="1")

        # -- phase 1: the burst, with faults 1-3 -----------------------------------
        server = stack.server(
            # anywhere in a statement: on PostgreSQL the intake's rows go in one (``rows.pipeline``)
            HARDENING_KILL_SQL='INSERT INTO "dossiers_syncrecord"',
            HARDENING_KILL_NTH="8",
            HARDENING_KILL_ONCE=str(tmp_path / "server-died"),
        )
        worker = stack.worker(HARDENING_SEND_DELAY="0.2")  # a slow carrier: the kill finds it mid-drain
        importer = stack.command(
            "import_dossiers",
            str(csv_path),
            "--no-progress",
            "--batch-size",
            "10",  # eight transactions of ten rows: the bulk path numbers each batch's codes in one statement
            HARDENING_KILL_SQL="^INSERT INTO dossiers_codecounter",
            HARDENING_KILL_NTH="6",  # inside the sixth batch's transaction: five batches kept, the sixth not
        )
        wait_for(lambda: Dossier.objects.filter(import_key__isnull=False).exists(), 120, "the import to begin", stack)
        clients = stack.clients(
            [
                {
                    "kind": "intake",
                    "name": f"k{i}",
                    "count": per_client,
                    "token": desk["tokens"]["motcua"],
                    "procedure_code": NATIONALITY,
                    "wait_for_server": 120,
                }
                for i in range(clients_n)
            ]
        )
        wait_for(lambda: Dossier.objects.filter(import_key__isnull=True).count() >= 40, 120, "40 intakes", stack)
        assert (tmp_path / "server-died").exists()  # fault 1: a granian worker died inside an intake
        stack.kills += 1
        figures["pending messages when killed"] = Notification.objects.filter(status="pending").count()
        stack.kill9(server)  # fault 3: the whole server and the worker, from outside
        stack.kill9(worker)
        figures["intakes committed when killed"] = at_kill = Dossier.objects.filter(import_key__isnull=True).count()
        assert at_kill < clients_n * per_client, "the burst was over before the kill"
        assert figures["pending messages when killed"] > 0, "the worker had nothing left to send when killed"
        assert importer.wait(120) == SIGKILLED, stack.output(importer)  # fault 2: inside a row's transaction
        stack.kills += 1
        figures["rows imported when killed"] = Dossier.objects.filter(import_key__isnull=False).count()
        phases["burst"] = round(time.monotonic() - started, 1)

        # -- phase 2: restart; the worker dies between sending and marking (fault 4) --
        stack.server()
        worker = stack.worker(HARDENING_KILL_SQL='^UPDATE "core_notification" SET "status"', HARDENING_KILL_NTH="40")
        stack.manage("import_dossiers", str(csv_path), "--no-progress")
        answers = [a for client in clients.results(180) for a in client]
        assert worker.wait(120) == SIGKILLED, stack.output(worker)
        stack.kills += 1
        phases["restart"] = round(time.monotonic() - started, 1)

        # -- phase 3: the sync export dies after writing, before marking (fault 5) ---
        export = stack.command(
            "export_sync",
            "--output",
            str(sync_file),
            HARDENING_KILL_SQL='^UPDATE "dossiers_syncrecord" SET "exported_at"',
        )
        assert export.wait(120) == SIGKILLED, stack.output(export)
        stack.kills += 1
        assert sync_file.stat().st_size > 0
        phases["export"] = round(time.monotonic() - started, 1)

        # -- phase 4: finish: the periodic sweep (every minute under scripts/serve) sends
        # what the killed workers claimed once their lease is over; the export runs again
        for _ in range(10):
            if not Notification.objects.exclude(status="sent").exists():
                break
            time.sleep(1.1)
            stack.manage("periodic")
            figures["periodic runs"] += 1
        assert "đã có trong tệp" in stack.manage("export_sync", "--output", str(sync_file))
        stack.manage("periodic")  # the export queued the dossiers first synced: the service index counts them
        stack.close()
        kills = stack.kills
        phases["finish"] = round(time.monotonic() - started, 1)

    # -- what the clients were told -------------------------------------------------
    assert {a["status"] for a in answers} <= {201, "lost"}, [a for a in answers if a["status"] not in (201, "lost")][:3]
    confirmed = {a["code"] for a in answers if a["status"] == 201}
    lost = [a for a in answers if a["status"] == "lost"]
    dossiers = list(Dossier.objects.all())
    intakes = [d for d in dossiers if d.import_key is None]
    assert confirmed <= {d.code for d in intakes}  # every answered dossier is there
    # a request cut by a kill was committed wholly or not at all, once
    committed_tags = Counter(d.applicant_email.split("@")[0] for d in intakes)
    assert all(n == 1 for n in committed_tags.values())
    assert len(intakes) == len(confirmed) + sum(1 for a in lost if committed_tags[a["tag"]])

    # -- the database is consistent ---------------------------------------------------
    events = assert_control_slips(dossiers)  # events 1..version, none missing, ending in the state
    for table in ("dossiers_dossierevent", "dossiers_syncrecord", "dossiers_changeddossier"):
        assert orphans(table) == 0, table
    about = set(Notification.objects.filter(object_type="dossiers.dossier").values_list("object_id", flat=True))
    assert about <= {str(pk) for pk in Dossier.objects.values_list("pk", flat=True)}, "core_notification"  # no orphan
    codes = [d.code for d in dossiers if not d.code.startswith("CU-")]
    assert len(set(codes)) == len(codes)
    for day, numbers in numbers_by_day(codes).items():  # no code skipped or reused by a committed dossier
        assert numbers == list(range(1, len(numbers) + 1)), f"codes of {day}: {numbers}"
        counter = CodeCounter.objects.get(agency=desk["agency"], day=f"20{day[:2]}-{day[2:4]}-{day[4:]}")
        assert counter.last == len(numbers), (day, counter.last, len(numbers))
    by_name = {d.applicant_name: d for d in dossiers if d.import_key is not None}
    assert len(by_name) == len(rows)  # each historical row once, after a killed and a full run
    for row in rows:  # and whole: all its steps
        assert list(
            by_name[row["applicant_name"]].events.order_by("seq").values_list("action", flat=True)
        ) == expected_actions(row), row
    for d in intakes:
        assert d.version == 1 and d.state == "received"
    assert Counter(SyncRecord.objects.values_list("dossier_id", flat=True)) == Counter(
        DossierEvent.objects.exclude(from_state=F("to_state")).values_list("dossier_id", flat=True)
    )
    audit = Counter(AuditEvent.objects.filter(action__startswith="dossier.").values_list("object_id", "action"))
    assert audit == Counter((str(e.dossier_id), f"dossier.{e.action}") for e in DossierEvent.objects.all())
    assert not ChangedDossier.objects.exists()  # the sweep counted every change into the report aggregates

    # -- every message sent, each under one key ---------------------------------------
    notes = list(Notification.objects.all())
    assert Counter((n.object_id, n.kind) for n in notes if n.object_type == "dossiers.dossier") == Counter(
        (str(d.pk), k) for d in intakes for k in ("email", "sms")
    )
    assert [n for n in notes if n.status != "sent"] == []
    keys = {message_key(n): n for n in notes}
    mail = Counter(m["Message-ID"] for m in read_mail(stack.mail_dir))
    sms = Counter(s["key"] for s in read_sms(stack.sms_dir))
    delivered = mail + sms
    assert set(delivered) == set(keys)  # nothing lost, nothing unknown
    for key, copies in delivered.items():
        note = keys[key]
        # a second copy only if the sender died between handing it over and marking it, with the same key
        assert copies == 1 or copies <= note.attempts, (note.pk, copies, note.attempts)
    assert {m["To"] for m in read_mail(stack.mail_dir)} == {n.to for n in notes if n.kind == "email"}
    resent = [k for k, copies in delivered.items() if copies > 1]
    assert len(resent) >= 1  # fault 4 hit the window: its message went out twice, under one key

    # -- every sync record exported exactly once ---------------------------------------
    lines = sync_file.read_text(encoding="utf-8").splitlines()
    exported = Counter(json.loads(line)["id"] for line in lines)
    assert exported == Counter(SyncRecord.objects.values_list("pk", flat=True))
    assert not SyncRecord.objects.filter(exported_at__isnull=True).exists()

    figures.update(
        {
            "intake requests": len(answers),
            "lost answers": len(lost),
            "dossiers": len(dossiers),
            "events": events,
            "messages": len(notes),
            "copies resent under the same key": len(resent),
            "sync lines": len(lines),
            "SIGKILLs": kills,
        }
    )
    print("crash figures:", dict(figures), "seconds from the start to the end of each phase (indicative):", phases)


# --------------------------------------------------------------------------- the same rules, in process


def test_a_claimed_message_waits_for_its_lease_then_goes_again_under_the_same_key(
    department: Any, units: dict[str, Any], make_staff: Any, settings: Any
) -> None:
    """What a worker killed between claiming (or sending) and marking leaves behind."""
    from django.core import mail
    from django.utils import timezone

    from tuphap.core.notifications.delivery import _claim, deliver_pending
    from tuphap.dossiers import services

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.TUPHAP_OUTBOX_LEASE_SECONDS = 60
    build_desk(department, units, make_staff)
    services.dossier_receive(
        actor=None, procedure_code=NATIONALITY, applicant={"name": "Võ Thị Sáu", "email": "sau@example.vn"}
    )
    note = Notification.objects.get(kind="email")
    claimed = _claim(note.pk)  # a worker claimed it, then died
    assert claimed is not None and claimed.attempts == 1 and _claim(note.pk) is None  # nobody else may take it
    assert deliver_pending() == {"sent": 0, "failed": 0} and mail.outbox == []
    Notification.objects.filter(pk=note.pk).update(next_attempt_at=timezone.now())  # the lease is over
    assert deliver_pending() == {"sent": 1, "failed": 0}
    note.refresh_from_db()
    assert note.status == "sent" and note.attempts == 2
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [message_key(note)]
    assert message_key(note) == message_key(claimed)  # the key every attempt carries


def test_export_sync_does_not_write_again_what_a_killed_run_wrote(
    department: Any, units: dict[str, Any], make_staff: Any, tmp_path: Path
) -> None:
    from django.core.management import call_command

    from tuphap.dossiers import services

    build_desk(department, units, make_staff)
    for i in range(3):
        services.dossier_receive(actor=None, procedure_code=NATIONALITY, applicant={"name": f"Người {i}"})
    out = tmp_path / "dong-bo.jsonl"
    call_command("export_sync", "--output", str(out), stderr=io.StringIO())
    first = SyncRecord.objects.order_by("pk").last()
    for i in range(3, 6):
        services.dossier_receive(actor=None, procedure_code=NATIONALITY, applicant={"name": f"Người {i}"})
    pending = list(SyncRecord.objects.filter(exported_at__isnull=True).order_by("pk"))
    line = json.dumps({"id": pending[0].pk, **pending[0].payload}, ensure_ascii=False)
    with open(out, "a", encoding="utf-8") as fh:  # a run killed before marking: one line whole, one torn
        fh.write(line + "\n" + json.dumps({"id": pending[1].pk})[:7])
    err = io.StringIO()
    call_command("export_sync", "--output", str(out), stderr=err)
    assert "1 bản ghi đã có trong tệp" in err.getvalue()
    ids = [json.loads(text)["id"] for text in out.read_text(encoding="utf-8").splitlines()]
    assert ids == sorted(SyncRecord.objects.values_list("pk", flat=True)) and first is not None and first.pk in ids
    assert not SyncRecord.objects.filter(exported_at__isnull=True).exists()
