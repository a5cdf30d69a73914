"""Import of documents and relations from JSON (``manage.py import_lawdocs``).

``{"documents": [{"number", "type", "issuer", "title", "issued_on",
"effective_from", "expires_on"?, "field"?, "text"?, "signer"?,
"gazette_ref"?, "source"?}], "relations": [{"kind", "from", "to", "date",
"articles"?, "ends_on"?}]}``. Idempotent: a second import of the same file
changes nothing. A bad record is reported (with its place in the file) and
skipped; the good ones are kept.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuphap.lawdocs import services
from tuphap.lawdocs.models import DocumentType, RelationKind
from tuphap.lawdocs.numbers import NumberError, parse_number
from tuphap.lawdocs.search.folding import fold
from tuphap.lawdocs.selectors import document_by_number

TYPE_ALIASES = {
    "nq": DocumentType.RESOLUTION,
    "resolution": DocumentType.RESOLUTION,
    "nghi quyet": DocumentType.RESOLUTION,
    "qd": DocumentType.DECISION,
    "decision": DocumentType.DECISION,
    "quyet dinh": DocumentType.DECISION,
    "ct": DocumentType.DIRECTIVE,
    "directive": DocumentType.DIRECTIVE,
    "chi thi": DocumentType.DIRECTIVE,
    "vbhn": DocumentType.CONSOLIDATED,
    "consolidated": DocumentType.CONSOLIDATED,
    "van ban hop nhat": DocumentType.CONSOLIDATED,
    "other": DocumentType.OTHER,
    "khac": DocumentType.OTHER,
}


DOCUMENT_KEYS = (
    "number",
    "type",
    "issuer",
    "title",
    "issued_on",
    "effective_from",
    "expires_on",
    "field",
    "text",
    "signer",
    "gazette_ref",
    "source",
)
RELATION_KEYS = ("kind", "from", "to", "date", "articles", "ends_on")
MAX_RECORDS = 100_000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class LawdocsFileError(ValueError):
    """The data as a whole cannot be imported (nothing is written); the message is for the person."""


@dataclass
class DocumentTally:
    """The documents imported, by what ``document_save`` did with each."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class RelationTally:
    """The relations imported: added, or already there."""

    added: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """What an import did: a tally of each kind of record, and the records refused with why."""

    documents: DocumentTally = field(default_factory=DocumentTally)
    relations: RelationTally = field(default_factory=RelationTally)
    errors: list[str] = field(default_factory=list)


def _date(record: dict[str, Any], name: str, required: bool = True) -> dt.date | None:
    value = record.get(name)
    if value in (None, ""):
        if required:
            raise ValueError(f"thiếu trường “{name}”")
        return None
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
        # not str(value): 20220101 (a number) would pass as a date in ISO basic format
        raise ValueError(f"“{name}” = “{value}” không phải ngày dạng YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            _("“%(name)s” = “%(value)s”: no such day in the calendar") % {"name": name, "value": value}
        ) from None


def _text(record: dict[str, Any], name: str, required: bool = False) -> str:
    value = record.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValueError(f"“{name}” phải là chuỗi ký tự")
    if required and not value.strip():
        raise ValueError(f"thiếu trường “{name}”")
    return value


def _check_keys(record: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """Refuse unknown keys: a misspelt ``expire_on`` would be dropped silently
    and the document would stay in force for ever."""
    for key in record:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            if close:
                raise ValueError(
                    _("unknown field “%(key)s” (did you mean “%(suggestion)s”?)") % {"key": key, "suggestion": close[0]}
                )
            raise ValueError(
                _("unknown field “%(key)s” (the fields are: %(fields)s)") % {"key": key, "fields": ", ".join(allowed)}
            )


def _doc_type(raw: str, number: str) -> str:
    key = fold(raw).replace("-", " ").strip()
    if key in TYPE_ALIASES:
        return TYPE_ALIASES[key]
    if not key:
        code = parse_number(number).type_code.lower()
        return TYPE_ALIASES.get(code, DocumentType.OTHER)
    raise ValueError(f"loại văn bản “{raw}” không rõ (NQ, QĐ, CT, VBHN)")


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "message_dict"):
            return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        return " ".join(exc.messages)
    return str(exc)


def _each(
    report: ImportReport,
    name: str,
    records: list[Any],
    keys: tuple[str, ...],
    load: Callable[[dict[str, Any], list[str]], None],
) -> None:
    """``load`` each record of the list ``name`` in turn; a record that fails is
    reported by its place (``documents[3]``, then what ``load`` put in its
    label list, once known) and the others go on."""
    for index, record in enumerate(records, start=1):
        label: list[str] = []
        try:
            if not isinstance(record, dict):
                raise ValueError("bản ghi phải là một đối tượng")
            _check_keys(record, keys)
            load(record, label)
        except (ValueError, NumberError, ValidationError) as exc:
            where = f"{name}[{index}]" + (f" ({label[0]})" if label else "")
            report.errors.append(f"{where}: {_message(exc)}")


def _load_document(actor: Any, report: ImportReport, record: dict[str, Any], label: list[str]) -> None:
    number = _text(record, "number", required=True)
    label.append(number)
    parse_number(number)
    fields = {
        "doc_type": _doc_type(_text(record, "type"), number),
        "issuer": _text(record, "issuer", required=True),
        "title": _text(record, "title", required=True),
        "issued_on": _date(record, "issued_on"),
        "effective_from": _date(record, "effective_from"),
        "expires_on": _date(record, "expires_on", required=False),
        "field": _text(record, "field"),
        "text": _text(record, "text"),
        "signer": _text(record, "signer"),
        "gazette_ref": _text(record, "gazette_ref"),
        "source": _text(record, "source"),
    }
    with transaction.atomic():
        _doc, outcome = services.document_save(actor=actor, number=number, **fields)
    setattr(report.documents, outcome, getattr(report.documents, outcome) + 1)


def _load_relation(actor: Any, report: ImportReport, record: dict[str, Any], label: list[str]) -> None:
    kind = _text(record, "kind", required=True)
    if kind not in RelationKind.values:
        raise ValueError(f"loại quan hệ “{kind}” không rõ ({', '.join(RelationKind.values)})")
    source_number, target_number = _text(record, "from", required=True), _text(record, "to", required=True)
    label.append(f"{source_number} {kind} {target_number}")
    source, target = document_by_number(source_number), document_by_number(target_number)
    if source is None:
        raise ValueError(f"không có văn bản số “{source_number}”")
    if target is None:
        raise ValueError(f"không có văn bản số “{target_number}”")
    with transaction.atomic():
        _rel, changed = services.relation_add(
            actor=actor,
            source=source,
            target=target,
            kind=kind,
            date=_date(record, "date"),  # type: ignore[arg-type]
            articles=_text(record, "articles"),
            ends_on=_date(record, "ends_on", required=False),
        )
    if changed:
        report.relations.added += 1
    else:
        report.relations.unchanged += 1


def import_lawdocs(*, actor: Any, data: Any) -> ImportReport:
    """Import the records of ``data``; raises :class:`LawdocsFileError` (nothing
    written) when ``data`` as a whole is not of the expected shape."""
    report = ImportReport()
    if not isinstance(data, dict):
        raise LawdocsFileError("tệp phải là một đối tượng JSON có “documents” và “relations”")
    unknown = [str(key) for key in data if key not in ("documents", "relations")]
    if unknown:
        raise LawdocsFileError(
            _("unknown keys at the top of the file: %(keys)s (a file has “documents” and “relations”)")
            % {"keys": ", ".join(f"“{k}”" for k in unknown)}
        )
    documents = data.get("documents") or []
    relations = data.get("relations") or []
    if not isinstance(documents, list) or not isinstance(relations, list):
        raise LawdocsFileError("“documents” và “relations” phải là danh sách")
    if len(documents) + len(relations) > MAX_RECORDS:
        raise LawdocsFileError(
            _("the file has %(count)s records, more than the %(max)s imported at once: split it")
            % {"count": len(documents) + len(relations), "max": MAX_RECORDS}
        )
    _each(report, "documents", documents, DOCUMENT_KEYS, partial(_load_document, actor, report))
    _each(report, "relations", relations, RELATION_KEYS, partial(_load_relation, actor, report))
    return report
