"""``core.rows``' writes: ``insert`` with the keys the table gives or with keys drawn beforehand
(``key_draws``), and ``pipeline``, where PostgreSQL gets the statements together and answers them at its end
(elsewhere each runs at once). Run on each engine: what differs is asserted for the engine at hand."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from tuphap.core import rows
from tuphap.core.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"


def _note(n: int) -> Notification:
    return Notification(kind="email", to=f"a{n}@example.vn", subject="S", body=f"B{n}")


def test_insert_gives_each_row_its_key_in_the_order_of_the_rows() -> None:
    notes = [_note(n) for n in range(3)]
    rows.insert(*notes)
    assert all(n.pk is not None and not n._state.adding for n in notes)
    assert [Notification.objects.get(pk=n.pk).body for n in notes] == ["B0", "B1", "B2"]


def test_insert_takes_rows_that_all_have_their_keys_or_none() -> None:
    keyed, plain = _note(1), _note(2)
    keyed.pk = 10_000
    with pytest.raises(ValueError, match="all have their keys, or none"):
        rows.insert(keyed, plain)
    assert not Notification.objects.exists()


def _draw(*models: type) -> tuple[int, ...]:
    draws = rows.key_draws(*models)
    if not draws:
        return ()
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(draws))
        return tuple(cursor.fetchone())


def test_keys_drawn_beforehand_are_the_keys_the_rows_get() -> None:
    keys = _draw(Notification, Notification)
    if not POSTGRES:
        assert keys == ()  # SQLite has no sequence to draw from: the insert gives the keys
        return
    first, second = keys
    assert second > first
    notes = [_note(1), _note(2)]
    notes[0].pk, notes[1].pk = first, second
    with CaptureQueriesContext(connection) as ctx:
        rows.insert(*notes)
    assert "RETURNING" not in ctx.captured_queries[-1]["sql"]
    assert Notification.objects.get(pk=first).body == "B1"
    assert Notification.objects.get(pk=second).body == "B2"
    # the table's own next key comes after the drawn ones
    later = _note(3)
    rows.insert(later)
    assert later.pk > second


def test_a_pipeline_gives_the_keys_at_its_end_on_postgresql_and_at_once_elsewhere() -> None:
    note = _note(1)
    with transaction.atomic(), rows.pipeline():
        rows.insert(note)
        key_inside = note.pk
    assert note.pk is not None and Notification.objects.filter(pk=note.pk, body="B1").exists()
    assert (key_inside is None) is POSTGRES


def test_a_row_may_not_refer_to_one_whose_key_is_still_to_come() -> None:
    user = get_user_model()(username="rows-pipeline")
    event = AuditEvent(actor=user, actor_name="rows-pipeline", action="test.rows")
    if POSTGRES:
        with pytest.raises(RuntimeError, match="draw its key first"), transaction.atomic(), rows.pipeline():
            rows.insert(user)
            rows.insert(event)
        assert not get_user_model().objects.filter(username="rows-pipeline").exists()
    else:
        with transaction.atomic(), rows.pipeline():
            rows.insert(user)
            event.actor = user  # the key is there: the insert ran at once
            rows.insert(event)
        assert AuditEvent.objects.get(action="test.rows").actor_id == user.pk


def test_a_row_refers_to_one_inserted_before_it_in_the_pipeline_with_a_drawn_key() -> None:
    user = get_user_model()(username="rows-drawn")
    drawn = _draw(get_user_model())
    with transaction.atomic(), rows.pipeline():
        if drawn:
            user.pk = drawn[0]
        rows.insert(user)
        rows.insert(AuditEvent(actor=user, actor_name=user.username, action="test.rows"))
    assert AuditEvent.objects.get(action="test.rows").actor_id == user.pk


def test_an_error_in_a_pipeline_is_django_s_and_nothing_of_the_transaction_stays() -> None:
    first = _note(1)
    rows.insert(first)
    clash, before = _note(2), _note(3)
    clash.pk = first.pk  # the key is taken: the server refuses the row
    with pytest.raises(IntegrityError), transaction.atomic(), rows.pipeline():
        rows.insert(before)
        rows.insert(clash)
    assert list(Notification.objects.values_list("body", flat=True)) == ["B1"]
    # the connection is usable afterwards, in a pipeline too
    after = _note(4)
    with transaction.atomic(), rows.pipeline():
        rows.insert(after)
    assert Notification.objects.filter(pk=after.pk, body="B4").exists()


def test_the_rows_of_a_pipeline_go_in_one_statement_on_postgresql_each_with_its_key() -> None:
    drawn = _draw(Notification, Notification)
    keyed = [_note(10), _note(11)]
    if drawn:
        keyed[0].pk, keyed[1].pk = drawn
    plain = [_note(n) for n in range(3)]
    audit = AuditEvent(actor_name="rows", action="test.rows.together")
    with CaptureQueriesContext(connection) as ctx, transaction.atomic(), rows.pipeline():
        rows.insert(*plain)
        rows.insert(audit)
        rows.insert(*keyed)
    inserts = [q["sql"] for q in ctx.captured_queries if "INSERT" in q["sql"]]
    assert len(inserts) == (1 if POSTGRES else 3)
    # each object has its own row's key, in the order of the rows
    for note in [*plain, *keyed]:
        assert Notification.objects.get(pk=note.pk).body == note.body
        assert not note._state.adding
    assert AuditEvent.objects.get(pk=audit.pk).action == "test.rows.together"
    assert plain[0].pk < plain[1].pk < plain[2].pk
