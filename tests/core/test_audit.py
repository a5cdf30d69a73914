from __future__ import annotations

from typing import Any

import pytest

from tuphap.core.models import AppendOnlyError, AuditEvent
from tuphap.core.services import audit_record


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
