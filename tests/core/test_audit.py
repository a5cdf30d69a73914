from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tuphap.core.models import AppendOnlyError, AuditEvent
from tuphap.core.services import audit_record, audit_value, audited_create, audited_edit, audited_save
from tuphap.orgs.models import Unit


def test_audit_event_records_actor_object_and_changes(reception: Any, units: dict[str, Any]) -> None:
    event = audit_record(
        actor=reception,
        action="unit.rename",
        obj=units["hctp"],
        before={"name": "a"},
        after={"name": "b"},
        ip="10.0.0.7",
    )
    event.refresh_from_db()
    assert event.actor == reception and event.actor_name == "motcua"
    assert event.object_type == "orgs.unit" and event.object_id == str(units["hctp"].pk)
    assert event.before == {"name": "a"} and event.after == {"name": "b"}
    assert event.ip == "10.0.0.7" and event.at is not None


def _name(unit: Unit) -> dict[str, Any]:
    return {"name": unit.name, "active": unit.is_active}


def test_audited_save_of_a_loaded_row_writes_the_changed_fields_and_snapshots_before_and_after(
    reception: Any, units: dict[str, Any]
) -> None:
    unit = Unit.objects.get(pk=units["hctp"].pk)
    with CaptureQueriesContext(connection) as queries:
        audited_save(unit, actor=reception, action="unit.test", changes={"name": "Phòng mới"}, snapshot=_name)
    update = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE"))
    assert '"name"' in update and '"code"' not in update and '"is_active"' not in update
    event = AuditEvent.objects.get(action="unit.test")
    assert event.object_id == str(unit.pk) and event.actor == reception
    assert event.before == {"name": "Phòng Hành chính tư pháp", "active": True}
    assert event.after == {"name": "Phòng mới", "active": True}
    assert Unit.objects.get(pk=unit.pk).name == "Phòng mới"


def test_audited_save_inserts_a_new_row_with_no_before(units: dict[str, Any]) -> None:
    unit = audited_save(
        Unit(agency=units["hctp"].agency, code="moi", name="Phòng mới"),
        actor=None,
        action="unit.test",
        snapshot=_name,
        operator="cli",
    )
    event = AuditEvent.objects.get(action="unit.test")
    assert unit.pk is not None and event.object_id == str(unit.pk) and event.actor_name == "cli"
    assert event.before is None and event.after == {"name": "Phòng mới", "active": True}


def test_audited_save_given_payloads_win_and_the_write_goes_with_its_event(units: dict[str, Any]) -> None:
    unit = Unit.objects.get(pk=units["hctp"].pk)
    audited_save(unit, actor=None, action="unit.test", changes={"is_active": False}, before={"a": 1}, after={"b": 2})
    event = AuditEvent.objects.get(action="unit.test")
    assert (event.before, event.after) == ({"a": 1}, {"b": 2})
    with pytest.raises(TypeError), transaction.atomic():  # an event that cannot be written: no write either
        audited_save(unit, actor=None, action="unit.test", changes={"name": "Khác"}, after={"x": object()})
    assert Unit.objects.get(pk=unit.pk).name == "Phòng Hành chính tư pháp"
    assert AuditEvent.objects.filter(action="unit.test").count() == 1


def test_audited_save_without_payloads_records_its_changes_as_plain_values(
    reception: Any, units: dict[str, Any]
) -> None:
    unit = Unit.objects.get(pk=units["hctp"].pk)
    moved = dt.datetime(2025, 7, 1, 8, 30, tzinfo=dt.UTC)
    audited_save(unit, actor=None, action="unit.test", changes={"name": "Phòng mới", "is_active": False})
    event = AuditEvent.objects.get(action="unit.test")
    assert event.before is None and event.after == {"name": "Phòng mới", "is_active": False}
    # what JSON cannot hold as it is: a date or time as ISO text, a row as its key
    assert audit_value(moved) == "2025-07-01T08:30:00+00:00" and audit_value(dt.date(2025, 3, 1)) == "2025-03-01"
    assert audit_value(reception) == reception.pk and audit_value("x") == "x" and audit_value(None) is None


def test_audited_edit_validates_and_records_the_changed_fields_as_text(units: dict[str, Any]) -> None:
    unit = Unit.objects.get(pk=units["hctp"].pk)
    audited_edit(unit, {"is_active": False}, actor=None, action="unit.test")
    event = AuditEvent.objects.get(action="unit.test")
    assert (event.before, event.after) == ({"is_active": "True"}, {"is_active": "False"})
    with pytest.raises(ValidationError):
        audited_edit(unit, {"code": "not a slug!"}, actor=None, action="unit.test")
    assert Unit.objects.get(pk=unit.pk).code == "hctp"


def test_audited_create_validates_then_inserts_the_row_with_its_event(units: dict[str, Any]) -> None:
    agency = units["hctp"].agency
    with pytest.raises(ValidationError):  # invalid: neither row nor event
        audited_create(Unit, actor=None, action="unit.test", agency=agency, code="not a slug!", name="X")
    assert not AuditEvent.objects.filter(action="unit.test").exists()
    unit = audited_create(
        Unit, actor=None, action="unit.test", snapshot=_name, agency=agency, code="moi", name="Phòng mới"
    )
    event = AuditEvent.objects.get(action="unit.test")
    assert Unit.objects.get(pk=unit.pk).code == "moi" and event.object_id == str(unit.pk)
    assert event.before is None and event.after == {"name": "Phòng mới", "active": True}


def test_audit_events_are_append_only(reception: Any) -> None:
    event = audit_record(actor=reception, action="x.test")
    event.action = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="changed")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "x.test"


def test_services_write_audit_events(make_staff: Any) -> None:
    from tuphap.orgs.roles import Role

    before = AuditEvent.objects.filter(action="staff.create").count()
    make_staff("moi", Role.SPECIALIST)
    assert AuditEvent.objects.filter(action="staff.create").count() == before + 1


def test_request_ip_reaches_the_audit_event(rf: Any, admin_user: Any) -> None:
    from tuphap.core.middleware import RequestContextMiddleware

    events = []

    def view(request: Any) -> Any:
        from django.http import HttpResponse

        events.append(audit_record(actor=admin_user, action="x.ip"))
        return HttpResponse("ok")

    RequestContextMiddleware(view)(rf.get("/", REMOTE_ADDR="192.0.2.10"))
    assert events[0].ip == "192.0.2.10"
    # outside a request there is no address
    assert audit_record(actor=admin_user, action="x.no_ip").ip is None
