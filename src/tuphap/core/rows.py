"""Hot reads and writes as plain SQL written once: for the busy paths (the API token
of every request, the intake of a dossier) where building and compiling a queryset
costs more than the statement itself.

Reads: the caller writes its SELECT once with ``columns(model, alias)`` for each
model it reads, keeps the statement, and turns each row into instances with
``instance(model, fields, values)``, which converts each value as the ORM does
(the backend's converters, then the field's: dates on SQLite, JSON, …).

Writes: ``insert(*objs)`` adds new rows of one model (no hooks: no ``save()``, no
signals) in one statement, in the caller's transaction, and sets their keys."""

from __future__ import annotations

from typing import Any

from django.db import connection, models


def columns(model: type[models.Model], alias: str) -> tuple[str, list[Any]]:
    """``alias."col", …`` for every concrete field of ``model``, and those fields in that order."""
    quote = connection.ops.quote_name
    fields = list(model._meta.concrete_fields)
    return ", ".join(f"{alias}.{quote(str(f.column))}" for f in fields), fields


def table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def instance[M: models.Model](model: type[M], fields: list[Any], values: Any) -> M:
    """An instance of ``model`` from the values of ``fields`` (as ``columns`` listed them), as the ORM loads it."""
    converted = [value_of(field, value) for field, value in zip(fields, values, strict=True)]
    return model.from_db(connection.alias, [f.attname for f in fields], converted)


def value_of(field: Any, value: Any) -> Any:
    """A value of ``field``'s column as the ORM reads it."""
    if value is not None:
        col, converters = _converters(field)
        for converter in converters:
            value = converter(value, col, connection)
    return value


#: (database vendor, field) -> the column expression and the converters of its values
_CONVERTERS: dict[tuple[str, Any], tuple[Any, list[Any]]] = {}


def _converters(field: Any) -> tuple[Any, list[Any]]:
    key = (connection.vendor, field)
    entry = _CONVERTERS.get(key)
    if entry is None:
        col = field.get_col(field.model._meta.db_table)
        entry = _CONVERTERS[key] = (
            col,
            [*connection.ops.get_db_converters(col), *field.get_db_converters(connection)],
        )
    return entry


#: (vendor, model, rows) -> the INSERT statement of that many new rows and the fields it fills
_INSERTS: dict[tuple[str, type[models.Model], int], tuple[str, list[Any]]] = {}


def insert(*objs: models.Model) -> None:
    """Insert new rows of one model in one statement (a row each), in the caller's transaction: what
    ``save()`` or ``bulk_create`` writes, less their SQL compilation at every call, and without hooks (the
    caller's model has none it needs). Each field prepares its value as in ``save()`` (``pre_save``:
    ``auto_now_add``; ``get_db_prep_save``: JSON, time zones); each object gets its key."""
    if not objs:
        return
    model = type(objs[0])
    key = (connection.vendor, model, len(objs))
    entry = _INSERTS.get(key)
    if entry is None:
        meta = model._meta
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        slots = "(" + ", ".join(["%s"] * len(fields)) + ")"
        pk = quote(str(meta.pk.column if meta.pk is not None else "id"))
        sql = (
            f"INSERT INTO {table(model)} ({', '.join(quote(str(f.column)) for f in fields)}) "  # noqa: S608 - names from the model
            f"VALUES {', '.join([slots] * len(objs))} RETURNING {pk}"
        )
        entry = _INSERTS[key] = (sql, fields)
    sql, fields = entry
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in objs for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        keys = cursor.fetchall()
    # the keys come back in the order of the rows (as ``bulk_create`` relies on, on both engines)
    for obj, (pk_value,) in zip(objs, keys, strict=True):
        obj.pk = pk_value
        obj._state.adding = False
        obj._state.db = connection.alias
