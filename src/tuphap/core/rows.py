"""Hot reads and writes as plain SQL written once: for the busy paths (the API token
of every request, the intake of a dossier) where building and compiling a queryset
costs more than the statement itself.

Reads: the caller writes its SELECT once with ``columns(model, alias)`` for each
model it reads, keeps the statement, and turns each row into instances with
``instance(model, fields, values)``, which converts each value as the ORM does
(the backend's converters, then the field's: dates on SQLite, JSON, …).

Writes: ``insert(*objs)`` adds new rows of one model (no hooks: no ``save()``, no
signals) in one statement, in the caller's transaction, and sets their keys.

Both run on ``cursor()``: on PostgreSQL each statement is prepared on the connection
(parsed and planned once a connection, not at every call), its values bound on the
server; on SQLite each statement's placeholders are converted once a process, and
sqlite3 keeps the compiled statement. ``pg_cursor()`` is psycopg's own cursor for the
bulk paths (arrays, ``COPY``).

Round trips (PostgreSQL): ``key_draws(*models)`` are the expressions that draw new keys of those models' tables
in a statement the caller runs anyway, and ``pipeline()`` sends the rows inserted in it as one statement, with the
other statements run in it, in one round trip: a transaction that holds a row lock (the intake's code counter)
writes its rows in one statement and one round trip instead of one each. An object whose key was drawn is
inserted with it (``insert``)."""

from __future__ import annotations

import contextvars
import functools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models


def columns(model: type[models.Model], alias: str) -> tuple[str, list[Any]]:
    """``alias."col", …`` for every concrete field of ``model``, and those fields in that order."""
    quote = connection.ops.quote_name
    fields = list(model._meta.concrete_fields)
    return ", ".join(f"{alias}.{quote(str(f.column))}" for f in fields), fields


@contextmanager
def cursor() -> Iterator[Any]:
    """A cursor for statements written once and run often (this module's, the intake's, the API token's). On
    PostgreSQL: psycopg's own cursor on Django's connection and transaction (``pg_cursor``) whose ``execute``
    prepares the statement on the connection (the server parses and plans it once a connection: at the intake,
    in-process, the database server's CPU time per dossier went from about 3.3 to 1.8 ms), logged as Django's
    cursor logs (tests count queries). Needs ``prepare_threshold`` set on the connection (``settings``).
    On SQLite: sqlite3's own cursor, each statement's ``%s`` turned into ``?`` once a process (Django's cursor runs
    a regular expression on every statement), through the same wrappers, checks and log. Elsewhere Django's
    cursor."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor == "postgresql":
        with pg_cursor() as raw:
            yield _Prepared(raw, db, _run_prepared)
    elif db.vendor == "sqlite":
        db.ensure_connection()
        db.validate_thread_sharing()
        with db.wrap_database_errors:
            raw = db.connection.cursor()
            try:
                yield _Prepared(raw, db, _run_qmark)
            finally:
                raw.close()
    else:
        with db.cursor() as django_cursor:
            yield django_cursor


@contextmanager
def pg_cursor() -> Iterator[Any]:
    """psycopg's own cursor on Django's connection (PostgreSQL): values bound on the server, sent in binary
    where asked (``%b``: Django's cursor binds them in Python, quoting every value of a list), ``COPY``; the
    driver's errors as Django's. The same connection, transaction and session time zone: the values read are
    those the ORM reads."""
    import psycopg

    db = connections[DEFAULT_DB_ALIAS]
    db.ensure_connection()
    with db.wrap_database_errors, psycopg.Cursor(db.connection) as raw:
        yield raw


def _run_prepared(raw: Any, sql: str, params: Any) -> Any:
    return raw.execute(sql, params, prepare=True)


def _run_qmark(raw: Any, sql: str, params: Any) -> Any:
    return raw.execute(sql) if params is None else raw.execute(qmark(sql), params)


@functools.lru_cache(maxsize=512)
def qmark(sql: str) -> str:
    """``sql`` with Django's ``%s`` placeholders as sqlite3's ``?`` (and ``%%`` as ``%``), as Django's SQLite
    cursor converts it."""
    from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX

    return FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")


class _Prepared:
    """``execute`` with the statement prepared (psycopg keeps the connection's prepared statements, the most
    used; sqlite3 its compiled statements), through the connection's execute wrappers as Django's cursor runs
    them (``connection.execute_wrapper``: instrumentation, the hardening tests' faults); logged in Django's query
    log when it logs (``CaptureQueriesContext``, ``DEBUG``)."""

    def __init__(self, raw: Any, db: Any, run: Any) -> None:
        self._raw, self._db, self._run = raw, db, run

    def execute(self, sql: str, params: Any = None) -> Any:
        executor: Any = self._execute
        for wrapper in reversed(self._db.execute_wrappers):
            executor = functools.partial(wrapper, executor)
        return executor(sql, params, False, {"connection": self._db, "cursor": self})

    def _execute(self, sql: str, params: Any, _many: bool, _context: dict[str, Any]) -> Any:
        self._db.validate_no_broken_transaction()  # as Django's cursor: nothing runs in a failed atomic block
        start = time.monotonic()
        try:
            return self._run(self._raw, sql, params)
        finally:
            if self._db.queries_logged:
                shown = sql if not params else f"{sql} -- {list(params)!r}"
                self._db.queries_log.append({"sql": shown, "time": f"{time.monotonic() - start:.3f}"})

    def __getattr__(self, name: str) -> Any:  # fetchone, fetchall, rowcount, ...
        return getattr(self._raw, name)


def table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def instance[M: models.Model](model: type[M], fields: list[Any], values: Any) -> M:
    """An instance of ``model`` from the values of ``fields`` (as ``columns`` listed them), as the ORM loads it."""
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself: each access through the proxy costs a lookup
    names, converting = _reading(db, fields)
    converted = list(values)
    for i, col, converters in converting:
        value = converted[i]
        if value is not None:
            for converter in converters:
                value = converter(value, col, db)
            converted[i] = value
    return model.from_db(db.alias, names, converted)


def value_of(field: Any, value: Any) -> Any:
    """A value of ``field``'s column as the ORM reads it."""
    if value is not None:
        db = connections[DEFAULT_DB_ALIAS]
        col, converters = _converters(db, field)
        for converter in converters:
            value = converter(value, col, db)
    return value


#: (database vendor, field) -> the column expression and the converters of its values
_CONVERTERS: dict[tuple[str, Any], tuple[Any, list[Any]]] = {}


def _converters(db: Any, field: Any) -> tuple[Any, list[Any]]:
    key = (db.vendor, field)
    entry = _CONVERTERS.get(key)
    if entry is None:
        col = field.get_col(field.model._meta.db_table)
        entry = _CONVERTERS[key] = (col, [*db.ops.get_db_converters(col), *field.get_db_converters(db)])
    return entry


#: (database vendor, id of a caller's list of fields) -> the list, its attribute names and, for the fields whose
#: values need converting, (position, column, converters); the list is kept so that its id is never reused
_READING: dict[tuple[str, int], tuple[list[Any], list[str], list[tuple[int, Any, list[Any]]]]] = {}


def _reading(db: Any, fields: list[Any]) -> tuple[list[str], list[tuple[int, Any, list[Any]]]]:
    key = (db.vendor, id(fields))
    entry = _READING.get(key)
    if entry is None or entry[0] is not fields:
        converting = []
        for i, field in enumerate(fields):
            col, converters = _converters(db, field)
            if converters:
                converting.append((i, col, converters))
        entry = _READING[key] = (fields, [f.attname for f in fields], converting)
    return entry[1], entry[2]


#: (vendor, model, rows, with their keys) -> the INSERT statement of that many new rows, the fields it fills and
#: how each value is prepared; without their keys the statement returns the keys the table gave
_INSERTS: dict[
    tuple[str, type[models.Model], int, bool], tuple[str, list[Any], list[tuple[str, frozenset[type] | None]]]
] = {}


def insert(*objs: models.Model) -> None:
    """Insert new rows of one model in one statement (a row each), in the caller's transaction: what
    ``save()`` or ``bulk_create`` writes, less their SQL compilation at every call, and without hooks (the
    caller's model has none it needs). Each field prepares its value as in ``save()`` (``pre_save``:
    ``auto_now_add``; ``get_db_prep_save``: JSON, time zones). Objects that have their keys (drawn with
    ``key_draws``; all or none) are inserted with them; the others get the keys the table gives, at once, or at
    the end of a ``pipeline()`` run in."""
    if not objs:
        return
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself: each access through the proxy costs a lookup
    model = type(objs[0])
    keyed = objs[0].pk is not None
    if any((obj.pk is not None) is not keyed for obj in objs):
        raise ValueError(f"{model.__name__}: insert objects that all have their keys, or none")
    sql, fields, plain = _statement(db, model, len(objs), keyed)
    batch = _batched.get()
    values = []
    for obj in objs:
        for field, (attname, kinds) in zip(fields, plain, strict=True):
            value = getattr(obj, attname) if kinds is not None else None
            if kinds is None or (value is not None and type(value) not in kinds):  # as ``save()`` prepares it
                value = field.get_db_prep_save(field.pre_save(obj, True), db)
            if value is None and batch and isinstance(field, models.ForeignKey) and field.is_cached(obj):
                batch.check_not_waiting(field.get_cached_value(obj), model)
            values.append(value)
    if batch is not None:
        batch.inserts.append((model, keyed, objs, values))
        return
    with cursor() as rows_cursor:
        rows_cursor.execute(sql, values)
        if keyed:
            _inserted(objs, db)
        else:
            _keys_of(objs, rows_cursor.fetchall(), db)


def _statement(
    db: Any, model: type[models.Model], count: int, keyed: bool
) -> tuple[str, list[Any], list[tuple[str, frozenset[type] | None]]]:
    """``insert``'s statement of ``count`` rows of ``model``, the fields it fills and how each value is prepared."""
    key = (db.vendor, model, count, keyed)
    entry = _INSERTS.get(key)
    if entry is None:
        meta = model._meta
        fields = [f for f in meta.concrete_fields if keyed or not f.primary_key]
        quote = db.ops.quote_name
        slots = "(" + ", ".join(["%s"] * len(fields)) + ")"
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(str(f.column)) for f in fields)}) "  # noqa: S608 - names from the model
            f"VALUES {', '.join([slots] * count)}" + ("" if keyed else f" RETURNING {_key_column(db, model)}")
        )
        plain = [(f.attname, _PLAIN.get(type(f))) for f in fields]
        entry = _INSERTS[key] = (sql, fields, plain)
    return entry


def _key_name(model: type[models.Model]) -> str:
    """The column of ``model``'s key."""
    return str(model._meta.pk.column if model._meta.pk is not None else "id")


def _key_column(db: Any, model: type[models.Model]) -> str:
    return str(db.ops.quote_name(_key_name(model)))


def _inserted(objs: tuple[models.Model, ...], db: Any) -> None:
    for obj in objs:
        obj._state.adding = False
        obj._state.db = db.alias


def _keys_of(objs: tuple[models.Model, ...], keys: list[Any], db: Any) -> None:
    # the keys come back in the order of the rows (as ``bulk_create`` relies on, on both engines)
    for obj, (pk_value,) in zip(objs, keys, strict=True):
        obj.pk = pk_value
    _inserted(objs, db)


def key_draws(*models_: type[models.Model]) -> list[str]:
    """On PostgreSQL, an expression for each model that draws a new key from its table's sequence, for the caller
    to add to a statement it runs anyway (one round trip fewer than a statement of their own); the objects the
    caller gives those keys are inserted with them (``insert``). Elsewhere none: the insert gives the keys."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        return []
    return [f"nextval(pg_get_serial_sequence('{m._meta.db_table}', '{_key_name(m)}'))" for m in models_]


class _Batch:
    """The inserts of the ``pipeline()`` under way, sent at its end as one statement (``send``)."""

    def __init__(self) -> None:
        #: (model, with their keys, objects, their values) in the order ``insert`` was called
        self.inserts: list[tuple[type[models.Model], bool, tuple[models.Model, ...], list[Any]]] = []

    def __bool__(self) -> bool:
        return bool(self.inserts)

    def check_not_waiting(self, related: Any, model: type) -> None:
        """Refuse a row that refers to one whose key comes at the pipeline's end."""
        if any(related is obj for _m, keyed, objs, _v in self.inserts if not keyed for obj in objs):
            raise RuntimeError(
                f"a {model.__name__} refers to a {type(related).__name__} whose key comes at the pipeline's end; "
                "draw its key first (rows.key_draws)"
            )

    def send(self, db: Any) -> Any:
        """Send the inserts as one statement (``_together``), in the pipeline; the cursor its keys come on."""
        if not self.inserts:
            return None
        shape = tuple((model, len(objs), keyed) for model, keyed, objs, _values in self.inserts)
        values = [value for *_rest, row_values in self.inserts for value in row_values]
        import psycopg

        raw = psycopg.Cursor(db.connection)  # open until its keys are read (``give_keys``), unlike ``pg_cursor``'s
        _Prepared(raw, db, _run_prepared).execute(_together(db, shape), values)
        return raw

    def give_keys(self, raw: Any, db: Any) -> None:
        """Each object its key, as the statement returned them: the position of its insert, then the key, in the
        order of the rows."""
        keys: dict[int, list[tuple[Any]]] = {}
        for part, key in raw.fetchall():
            keys.setdefault(part, []).append((key,))
        for drawn in keys.values():
            drawn.sort()  # the table's sequence numbers the rows of an insert in their order
        for part, (_model, keyed, objs, _values) in enumerate(self.inserts):
            if keyed:
                _inserted(objs, db)
            else:
                _keys_of(objs, keys.get(part, []), db)


#: (vendor, the shape of a batch: each insert's model, rows and whether with their keys) -> its one statement
_TOGETHER: dict[tuple[str, tuple[tuple[type[models.Model], int, bool], ...]], str] = {}


def _together(db: Any, shape: tuple[tuple[type[models.Model], int, bool], ...]) -> str:
    """One statement for the inserts of a batch (PostgreSQL): each ``insert``'s statement as a data-modifying
    ``WITH`` part; the keys the table gave come back as (the insert's position, the key), each insert's in the
    order of its rows. Foreign keys are checked at commit (Django declares them deferred), so the parts' order
    does not matter."""
    sql = _TOGETHER.get((db.vendor, shape))
    if sql is None:
        parts, returned = [], []
        for i, (model, count, keyed) in enumerate(shape):
            parts.append(f"i{i} AS ({_statement(db, model, count, keyed)[0]})")
            if not keyed:
                key = _key_column(db, model)
                returned.append(f"SELECT {i} AS part, {key}::bigint AS key FROM i{i}")  # noqa: S608 - names from the model
        select = " UNION ALL ".join(returned) or "SELECT NULL::integer AS part, NULL::bigint AS key WHERE false"
        sql = _TOGETHER[(db.vendor, shape)] = f"WITH {', '.join(parts)} {select}"
    return sql


#: the batch of the ``pipeline()`` under way (None: no pipeline)
_batched: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar("tuphap_rows_pipeline", default=None)


@contextmanager
def pipeline() -> Iterator[None]:
    """PostgreSQL: the rows ``insert`` adds in it go to the server at its end, all of them in one statement
    (``_together``), and with the statements run in it through ``cursor()`` in one round trip (psycopg's
    pipeline mode), in the caller's transaction; an error of any of them is raised there, as Django's. The keys
    of rows inserted without theirs come then too: a row inserted in it may refer to one inserted before it only
    if that one had its key (``key_draws``; else ``insert`` refuses it). Elsewhere, and inside another pipeline,
    each statement runs at once."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql" or _batched.get() is not None:
        yield
        return
    db.ensure_connection()
    batch = _Batch()
    token = _batched.set(batch)
    raw = None
    try:
        with db.wrap_database_errors, db.connection.pipeline():
            yield
            raw = batch.send(db)
        if raw is not None:
            with db.wrap_database_errors:
                batch.give_keys(raw, db)
    finally:
        _batched.reset(token)
        if raw is not None:
            raw.close()


#: field classes (exactly these, not a subclass) whose value, when of one of these exact types (or None), is what
#: ``save()`` sends to either database unchanged (``pre_save`` reads the attribute, ``get_db_prep_save`` returns it):
#: no call for them; the others (dates, JSON, decimals, a str subclass such as a lazy translation) go through the field
_PLAIN: dict[type, frozenset[type]] = {
    **dict.fromkeys(
        (models.CharField, models.TextField, models.SlugField, models.EmailField, models.URLField), frozenset({str})
    ),
    **dict.fromkeys(
        (
            models.IntegerField,
            models.BigIntegerField,
            models.SmallIntegerField,
            models.PositiveIntegerField,
            models.PositiveSmallIntegerField,
            models.PositiveBigIntegerField,
            models.ForeignKey,
            models.OneToOneField,
        ),
        frozenset({int}),
    ),  # fmt: skip
    models.BooleanField: frozenset({bool}),
}
