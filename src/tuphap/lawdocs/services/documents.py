"""Legal documents in the registry: saving and deleting a document, and the relations between documents.

A document's search entry is updated in the same transaction as the document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core.dates import implausible_day
from tuphap.core.services import audit_record, audit_value, audited_create, audited_save
from tuphap.core.text import TextError, clean_block, clean_line
from tuphap.lawdocs import search
from tuphap.lawdocs.models import (
    DocumentRelation,
    DocumentType,
    LegalDocument,
    RelationKind,
)
from tuphap.lawdocs.numbers import NumberError, parse_number
from tuphap.lawdocs.services.common import _require

DOCUMENT_FIELDS = (
    "number",
    "doc_type",
    "issuer",
    "level",
    "signer",
    "title",
    "field",
    "issued_on",
    "effective_from",
    "expires_on",
    "gazette_ref",
    "text",
    "source",
)


# --- Registry -------------------------------------------------------------------


def _apply_number(document: LegalDocument, number: str) -> None:
    try:
        parsed = parse_number(number)
    except NumberError as exc:
        raise ValidationError({"number": str(exc)}) from None
    document.number = number.strip()
    document.number_key = parsed.key
    document.sequence = parsed.sequence
    document.year = parsed.year
    document.type_code = parsed.type_code
    document.issuer_code = parsed.issuer_code


# one-line fields: maximum length and whether they name a person or a body
_LINE_FIELDS = {
    "issuer": (255, True),
    "signer": (255, True),
    "title": (2000, False),
    "field": (200, False),
    "gazette_ref": (255, False),
    "source": (255, False),
}


def _check_date(name: str, value: Any, errors: dict[str, str]) -> None:
    """The registry holds the documents of the state founded on 2 September 1945 (``tuphap.core.dates``)."""
    if isinstance(value, dt.date) and (error := implausible_day(value)):
        errors[name] = error


def _clean_document(number: str, fields: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Texts in NFC without control or direction characters, dates between 1945 and 2100."""
    errors: dict[str, str] = {}
    try:
        number = clean_line(number, max_length=100)
    except TextError as exc:
        errors["number"] = str(exc)
    cleaned = dict(fields)
    for name, value in fields.items():
        if not isinstance(value, str):
            _check_date(name, value, errors)
            continue
        try:
            if name == "text":
                cleaned[name] = clean_block(value)
            elif name in _LINE_FIELDS:
                length, is_name = _LINE_FIELDS[name]
                cleaned[name] = clean_line(value, max_length=length, name=is_name)
            else:
                cleaned[name] = value.strip()
        except TextError as exc:
            errors[name] = str(exc)
    effective, expires = fields.get("effective_from"), fields.get("expires_on")
    if isinstance(effective, dt.date) and isinstance(expires, dt.date) and expires < effective and not errors:
        errors["expires_on"] = _("The document cannot expire (%(expires)s) before it takes effect (%(effective)s).") % {
            "expires": f"{expires:%d/%m/%Y}",
            "effective": f"{effective:%d/%m/%Y}",
        }
    issued = fields.get("issued_on")
    if isinstance(issued, dt.date) and "issued_on" not in errors and issued > timezone.localdate():
        errors["issued_on"] = _("The issue date %(date)s has not come yet.") % {"date": f"{issued:%d/%m/%Y}"}
    if errors:
        raise ValidationError(errors)
    return number, cleaned


def _duplicate(number: str, existing: LegalDocument) -> ValidationError:
    return ValidationError(
        {
            "number": _(
                "The number %(number)s is already in the registry (same issuing body, type, year and sequence): %(existing)s, “%(title)s”."  # noqa: E501
            )
            % {"number": number.strip(), "existing": existing.number, "title": existing.title[:120]}
        },
        code="duplicate",
    )


def document_save(
    *, actor: Any, number: str, document: LegalDocument | None = None, new: bool = False, **fields: Any
) -> tuple[LegalDocument, str]:
    """Register a document or update the one with the same number (upsert).

    ``new=True`` (the registration page) refuses a number already registered
    instead of updating that document. ``document`` (the edit page) updates
    that document, whose number may change but not to another document's.
    Returns the document and what happened: ``"created"``, ``"updated"`` or
    ``"unchanged"`` (then nothing is written, not even an audit event).
    """
    _require(actor, "lawdocs.edit")
    if new and document is not None:
        raise TypeError("new and document exclude each other")
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    number, fields = _clean_document(number, fields)
    try:
        key = parse_number(number).key
    except NumberError as exc:
        raise ValidationError({"number": str(exc)}) from None
    if not fields.get("doc_type"):
        fields["doc_type"] = DocumentType.OTHER
    with transaction.atomic():
        if document is not None:
            document = LegalDocument.objects.select_for_update().get(pk=document.pk)
            other = LegalDocument.objects.filter(number_key=key).exclude(pk=document.pk).first()
            if other is not None:
                raise _duplicate(number, other)
        else:
            document = LegalDocument.objects.select_for_update().filter(number_key=key).first()
            if document is not None and new:
                raise _duplicate(number, document)
        if document is None:
            document = LegalDocument()
            _apply_number(document, number)
            for name, value in fields.items():
                setattr(document, name, value)
            document.full_clean(validate_unique=False)  # the number's uniqueness: the database's, just below
            try:
                with transaction.atomic():
                    document.save()
            except IntegrityError:
                # registered meanwhile by another process (a concurrent import): update that one
                document = LegalDocument.objects.select_for_update().filter(number_key=key).first()
                if document is None:
                    raise
                if new:
                    raise _duplicate(number, document) from None
            else:
                search.index_document(document)
                audit_record(
                    actor=actor,
                    action="lawdoc.create",
                    obj=document,
                    after={"number": document.number, "title": document.title[:200]},
                )
                return document, "created"
        changed = {name: value for name, value in fields.items() if getattr(document, name) != value}
        if number.strip() != document.number:
            changed["number"] = number.strip()
        if not changed:
            return document, "unchanged"
        keys = set(changed)
        before = {name: audit_value(getattr(document, name)) for name in changed if name != "text"}
        if "number" in changed:
            _apply_number(document, changed.pop("number"))
        for name, value in changed.items():
            setattr(document, name, value)
        document.full_clean(validate_unique=False)  # the number's uniqueness: checked above, and the database's
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError:
            other = LegalDocument.objects.filter(number_key=document.number_key).exclude(pk=document.pk).first()
            if other is None:
                raise
            raise _duplicate(document.number, other) from None
        if {"number", "title", "text", "issued_on"} & keys:  # the index ranks by issue date too
            search.index_document(document)
        audit_record(
            actor=actor,
            action="lawdoc.update",
            obj=document,
            before=before,
            after={name: audit_value(getattr(document, name)) for name in keys if name != "text"},
        )
        return document, "updated"


def document_delete(*, actor: Any, document: LegalDocument) -> None:
    _require(actor, "lawdocs.edit")
    with transaction.atomic():
        audit_record(actor=actor, action="lawdoc.delete", obj=document, before={"number": document.number})
        search.remove_document(document.pk)
        document.delete()


def relation_add(
    *,
    actor: Any,
    source: LegalDocument,
    target: LegalDocument,
    kind: str,
    date: dt.date,
    articles: str = "",
    ends_on: dt.date | None = None,
    note: str = "",
    kept_in_force: bool = False,
) -> tuple[DocumentRelation, bool]:
    """Record that ``source`` ``kind`` ``target`` from ``date`` (idempotent).
    ``kept_in_force`` (``guides`` only): the detailing document stays in force
    when the one it details expires, because the new document keeps it (Law
    80/2015 art. 154(2); from 1 April 2025 a replacement keeps it anyway, Law
    64/2025 art. 57(2)).

    Returns the relation and whether it was created or changed."""
    _require(actor, "lawdocs.edit")
    if kind not in RelationKind.values:
        raise ValidationError({"kind": _("Unknown relation kind “%(kind)s”.") % {"kind": kind}})
    errors: dict[str, str] = {}
    if source.pk is not None and source.pk == target.pk:
        errors["to"] = _("A document cannot be related to itself.")
    _check_date("date", date, errors)
    _check_date("ends_on", ends_on, errors)
    if isinstance(ends_on, dt.date) and isinstance(date, dt.date) and ends_on <= date and "ends_on" not in errors:
        errors["ends_on"] = _("The end (%(end)s) must come after the day the relation takes effect (%(date)s).") % {
            "end": f"{ends_on:%d/%m/%Y}",
            "date": f"{date:%d/%m/%Y}",
        }
    try:
        articles = clean_line(articles, max_length=255)
    except TextError as exc:
        errors["articles"] = str(exc)
    try:
        note = clean_line(note, max_length=255)
    except TextError as exc:
        errors["note"] = str(exc)
    if kept_in_force and kind != RelationKind.GUIDES:
        errors["kept_in_force"] = _("Only a detailing document (guides) can be kept in force.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # the acting document's row lock queues concurrent additions of its relations (no duplicate, no IntegrityError)
        LegalDocument.objects.select_for_update().filter(pk=source.pk).first()
        relation = DocumentRelation.objects.filter(source=source, target=target, kind=kind, articles=articles).first()
        if relation is not None:
            if (relation.date, relation.ends_on, relation.note, relation.kept_in_force) == (
                date,
                ends_on,
                note,
                kept_in_force,
            ):
                return relation, False
            before = {
                "date": audit_value(relation.date),
                "ends_on": audit_value(relation.ends_on),
                "kept_in_force": relation.kept_in_force,
            }
            relation.date, relation.ends_on, relation.note = date, ends_on, note
            relation.kept_in_force = kept_in_force
            relation.full_clean()
            audited_save(
                relation,
                actor=actor,
                action="lawdoc.relation_update",
                fields=["date", "ends_on", "note", "kept_in_force"],
                before=before,
                after={"date": audit_value(date), "ends_on": audit_value(ends_on), "kept_in_force": kept_in_force},
            )
            return relation, True
        relation = audited_create(
            DocumentRelation,
            actor=actor,
            action="lawdoc.relation_add",
            after={
                "source": source.number,
                "kind": kind,
                "target": target.number,
                "date": date.isoformat(),
                "articles": articles,
                "kept_in_force": kept_in_force,
            },
            source=source,
            target=target,
            kind=kind,
            date=date,
            articles=articles,
            ends_on=ends_on,
            note=note,
            kept_in_force=kept_in_force,
        )
        return relation, True
