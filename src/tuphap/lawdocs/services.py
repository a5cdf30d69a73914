"""Every write on legal documents, drafts, appraisals and reviews.

Each function: keyword-only arguments, the acting user first (None: the
command line, an import or the demo, run by an operator), a permission check,
one transaction, an audit event. The search index is updated in the same
transaction as the document.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core.services import audit_record
from tuphap.core.text import TextError, clean_block, clean_line
from tuphap.dossiers.attachments import sniff
from tuphap.lawdocs import search
from tuphap.lawdocs.models import (
    AppraisalReport,
    AppraisalRequest,
    Conclusion,
    DocumentFile,
    DocumentRelation,
    DocumentType,
    Draft,
    DraftStage,
    FollowUp,
    LegalDocument,
    Outcome,
    RelationKind,
    ReviewFinding,
    ReviewKind,
    ReviewRun,
)
from tuphap.lawdocs.models.review import ACTION_OUTCOMES
from tuphap.lawdocs.numbers import NumberError, parse_number
from tuphap.lawdocs.search.folding import fold
from tuphap.orgs.permissions import require
from tuphap.workdays.core import WorkdaysError

DOCUMENT_FIELDS = (
    "number",
    "doc_type",
    "issuer",
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


def _require(actor: Any, capability: str) -> None:
    if actor is not None:
        require(actor, capability)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


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


#: The registry holds the documents of the state founded on 2 September 1945; a
#: date after 2100 is a typing error (or 9999-12-31 written for "no end").
EARLIEST_DATE = dt.date(1945, 9, 2)
LATEST_DATE = dt.date(2100, 12, 31)
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
    if not isinstance(value, dt.date):
        return
    if value < EARLIEST_DATE:
        errors[name] = _("%(date)s is before 2 September 1945.") % {"date": f"{value:%d/%m/%Y}"}
    elif value > LATEST_DATE:
        errors[name] = _("%(date)s is after 2100: a typing error? Leave the date empty when there is none.") % {
            "date": value.isoformat()
        }


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
                "The number %(number)s is already in the registry (same issuing body, type, year and sequence): %(existing)s, “%(title)s”."
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
        before = {name: _plain(getattr(document, name)) for name in changed if name != "text"}
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
            after={name: _plain(getattr(document, name)) for name in keys if name != "text"},
        )
        return document, "updated"


def document_delete(*, actor: Any, document: LegalDocument) -> None:
    _require(actor, "lawdocs.edit")
    with transaction.atomic():
        audit_record(actor=actor, action="lawdoc.delete", obj=document, before={"number": document.number})
        search.remove_document(document.pk)
        document.delete()


# --- Files of a document -------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
DOC = "application/msword"
#: content type -> (extensions, magic prefixes), the table of ``dossiers.attachments.sniff``; a ZIP
#: archive may be a DOCX or an ODT, an OLE2 compound file a DOC, each told apart by what it holds
FILE_TYPES: dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]] = {
    "application/pdf": ((".pdf",), (b"%PDF-",)),
    DOCX: ((".docx", ".odt"), (b"PK\x03\x04",)),
    DOC: ((".doc",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
}
FILE_EXTENSIONS = {"application/pdf": ".pdf", DOCX: ".docx", ODT: ".odt", DOC: ".doc"}
_STORED_NAME_RE = re.compile(r"[^a-z0-9_.-]+")
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # the main stream of a Word 97–2003 file, named in its directory


def _file_type(upload: Any) -> str | None:
    """The content type of an uploaded file from its content (None: not a PDF, DOC, DOCX or ODT)."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head, FILE_TYPES)
    if kind == DOCX:  # a ZIP archive: a Word document (without macros) or an OpenDocument text
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                    kind = ODT if archive.read("mimetype").strip() == ODT.encode() else None
                elif not {"[Content_Types].xml", "word/document.xml"} <= names or "word/vbaProject.bin" in names:
                    kind = None
        except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
            kind = None
    elif kind == DOC:  # an OLE2 file is also an Excel sheet, a PowerPoint or an MSI installer
        found, tail = False, b""
        for chunk in upload.chunks():
            if _WORD_STREAM in tail + chunk:
                found = True
                break
            tail = chunk[-len(_WORD_STREAM) :]
        kind = DOC if found else None
    upload.seek(0)
    return kind


def max_file_bytes() -> int:
    """The size limit of a document's file (setting ``TUPHAP_LAWDOCS_FILE_MAX_BYTES``)."""
    return int(getattr(settings, "TUPHAP_LAWDOCS_FILE_MAX_BYTES", 20 * 1024 * 1024))


def document_file_add(*, actor: Any, document: LegalDocument, upload: Any) -> DocumentFile:
    """Attach a file (PDF, DOC, DOCX or ODT, judged by its content, at most
    ``TUPHAP_LAWDOCS_FILE_MAX_BYTES``) to a document; stored under MEDIA_ROOT,
    which is not served: the public reaches it through ``views.document_file``."""
    _require(actor, "lawdocs.edit")
    size = upload.size or 0
    limit = max_file_bytes()
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > limit:
        raise ValidationError(
            {
                "file": _("The file is too large (%(size)s MB); at most %(limit)s MB.")
                % {"size": f"{size / 1048576:.1f}".replace(".", ","), "limit": f"{limit / 1048576:g}".replace(".", ",")}
            }
        )
    content_type = _file_type(upload)
    if content_type is None:
        raise ValidationError(
            {"file": _("Only PDF, DOC, DOCX or ODT files are accepted; the content of this file is none of them.")}
        )
    extension = FILE_EXTENSIONS[content_type]
    try:
        name = clean_line((upload.name or "").replace("\\", "/").rsplit("/", 1)[-1], max_length=200)
    except TextError as exc:
        raise ValidationError({"file": str(exc)}) from None
    stem, given = os.path.splitext(name)
    if given.lower() in FILE_EXTENSIONS.values() and given.lower() != extension:
        raise ValidationError(
            {
                "file": _("The file is named %(given)s but its content is %(real)s.")
                % {"given": given.lower(), "real": extension.lstrip(".").upper()}
            }
        )
    if given.lower() != extension:
        stem = name
    name = (stem or document.number.replace("/", "-")) + extension
    stored = (
        _STORED_NAME_RE.sub("-", fold(stem)).strip(".-")[:60] or "van-ban"
    ) + extension  # ASCII, no path, no dot file
    item = DocumentFile(document=document, name=name)
    item.file.save(stored, upload, save=False)
    try:
        with transaction.atomic():
            item.save()
            audit_record(
                actor=actor,
                action="lawdoc.file_add",
                obj=document,
                after={"file": item.pk, "name": name, "type": content_type, "size": size},
            )
    except BaseException:
        item.file.storage.delete(str(item.file.name))
        raise
    return item


def document_file_remove(*, actor: Any, item: DocumentFile) -> None:
    """Remove a file from a document; the stored file goes once the removal is committed."""
    _require(actor, "lawdocs.edit")
    with transaction.atomic():
        document = item.document
        stored, name, pk = str(item.file.name), item.name, item.pk
        storage = item.file.storage
        item.delete()
        audit_record(actor=actor, action="lawdoc.file_remove", obj=document, before={"file": pk, "name": name})
        transaction.on_commit(lambda: storage.delete(stored))


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
) -> tuple[DocumentRelation, bool]:
    """Record that ``source`` ``kind`` ``target`` from ``date`` (idempotent).

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
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # the acting document's row lock queues concurrent additions of its relations (no duplicate, no IntegrityError)
        LegalDocument.objects.select_for_update().filter(pk=source.pk).first()
        relation = DocumentRelation.objects.filter(source=source, target=target, kind=kind, articles=articles).first()
        if relation is not None:
            if (relation.date, relation.ends_on, relation.note) == (date, ends_on, note):
                return relation, False
            before = {"date": _plain(relation.date), "ends_on": _plain(relation.ends_on)}
            relation.date, relation.ends_on, relation.note = date, ends_on, note
            relation.full_clean()
            relation.save(update_fields=["date", "ends_on", "note"])
            audit_record(
                actor=actor,
                action="lawdoc.relation_update",
                obj=relation,
                before=before,
                after={"date": _plain(date), "ends_on": _plain(ends_on)},
            )
            return relation, True
        relation = DocumentRelation(
            source=source, target=target, kind=kind, date=date, articles=articles, ends_on=ends_on, note=note
        )
        relation.full_clean()
        relation.save()
        audit_record(
            actor=actor,
            action="lawdoc.relation_add",
            obj=relation,
            after={
                "source": source.number,
                "kind": kind,
                "target": target.number,
                "date": date.isoformat(),
                "articles": articles,
            },
        )
        return relation, True


# --- Drafting and appraisal -------------------------------------------------------


def draft_create(
    *,
    actor: Any,
    title: str,
    doc_type: str,
    lead_agency: str,
    sets_policy: bool = False,
    consultees: list[str] | None = None,
    meeting_date: dt.date | None = None,
) -> Draft:
    _require(actor, "lawdocs.appraise")
    with transaction.atomic():
        draft = Draft(
            title=title.strip(),
            doc_type=doc_type,
            lead_agency=lead_agency.strip(),
            sets_policy=sets_policy,
            consultees=list(consultees or []),
            meeting_date=meeting_date,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        draft.full_clean()
        draft.save()
        audit_record(
            actor=actor,
            action="lawdoc.draft_create",
            obj=draft,
            after={"title": draft.title[:200], "lead_agency": draft.lead_agency},
        )
        return draft


def draft_update(*, actor: Any, draft: Draft, **changes: Any) -> Draft:
    """Change the stage, the consultation window, the consultees or the meeting date."""
    _require(actor, "lawdocs.appraise")
    allowed = {
        "stage",
        "consultation_start",
        "consultation_end",
        "consultees",
        "meeting_date",
        "document",
        "lead_agency",
    }
    if set(changes) - allowed:
        raise TypeError(f"unknown fields {sorted(set(changes) - allowed)}")
    changed = {k: v for k, v in changes.items() if getattr(draft, k) != v}
    if not changed:
        return draft
    with transaction.atomic():
        before = {k: str(getattr(draft, k)) for k in changed}
        for key, value in changed.items():
            setattr(draft, key, value)
        draft.full_clean()
        draft.save(update_fields=list(changed))
        if "meeting_date" in changed:
            for request in draft.appraisals.filter(returned_at__isnull=True, report__isnull=True):
                _time(request)
                request.save(update_fields=["rule", "due_at"])
        audit_record(
            actor=actor,
            action="lawdoc.draft_update",
            obj=draft,
            before=before,
            after={k: str(v) for k, v in changed.items()},
        )
        return draft


def _time(request: AppraisalRequest) -> None:
    from tuphap.lawdocs.selectors import appraisal_deadline

    try:
        deadline = appraisal_deadline(request.received_at, meeting_date=request.draft.meeting_date)
    except WorkdaysError as exc:  # a day outside the working calendar's years: the user's typing, not a 500
        raise ValidationError({"received_at": str(exc)}) from None
    request.rule = deadline.rule
    request.due_at = deadline.due_at


def appraisal_receive(
    *, actor: Any, draft: Draft, received_at: dt.datetime, resubmission_of: AppraisalRequest | None = None
) -> AppraisalRequest:
    """Receive a draft's dossier for appraisal; the report's deadline is computed
    by the rule in force on the day of receipt, through the office clock."""
    _require(actor, "lawdocs.appraise")
    if timezone.is_naive(received_at):
        raise ValidationError({"received_at": _("The time of receipt needs a time zone.")})
    if resubmission_of is not None:
        if resubmission_of.draft_id != draft.pk or resubmission_of.returned_at is None:
            raise ValidationError(_("Only a dossier returned as incomplete can be resubmitted."))
        if AppraisalRequest.objects.filter(resubmission_of=resubmission_of).exists():
            raise ValidationError(_("This dossier was already resubmitted."))
        if received_at < resubmission_of.returned_at:
            raise ValidationError({"received_at": _("A resubmission cannot precede the return.")})
    elif draft.appraisals.filter(returned_at__isnull=True).exists():
        raise ValidationError(_("This draft already has a dossier under appraisal."))
    with transaction.atomic():
        request = AppraisalRequest(
            draft=draft,
            received_at=received_at,
            resubmission_of=resubmission_of,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        _time(request)
        request.save()
        if draft.stage != DraftStage.APPRAISAL:
            draft.stage = DraftStage.APPRAISAL
            draft.save(update_fields=["stage"])
        audit_record(
            actor=actor,
            action="lawdoc.appraisal_receive",
            obj=request,
            after={
                "draft": draft.pk,
                "received_at": received_at.isoformat(),
                "due_at": request.due_at.isoformat() if request.due_at else None,
                "rule": str(request.rule) if request.rule else None,
                "resubmission_of": resubmission_of.pk if resubmission_of else None,
            },
        )
        return request


def appraisal_return_incomplete(
    *, actor: Any, request: AppraisalRequest, returned_at: dt.datetime, reason: str
) -> AppraisalRequest:
    """Return a dossier as incomplete; its clock stops, a resubmission starts a new one."""
    _require(actor, "lawdocs.appraise")
    if request.returned_at is not None or AppraisalReport.objects.filter(request=request).exists():
        raise ValidationError(_("This dossier is no longer under appraisal."))
    if not reason.strip():
        raise ValidationError({"return_reason": _("Say what is missing.")})
    if returned_at < request.received_at:
        raise ValidationError({"returned_at": _("A dossier cannot be returned before it was received.")})
    with transaction.atomic():
        request.returned_at = returned_at
        request.return_reason = reason.strip()
        request.save(update_fields=["returned_at", "return_reason"])
        audit_record(
            actor=actor,
            action="lawdoc.appraisal_return",
            obj=request,
            after={"returned_at": returned_at.isoformat(), "reason": reason.strip()},
        )
        return request


def appraisal_report_issue(
    *,
    actor: Any,
    request: AppraisalRequest,
    issued_at: dt.datetime,
    conclusion: str,
    number: str = "",
    **sections: str,
) -> AppraisalReport:
    """Issue the appraisal report: the sections the law requires and a conclusion."""
    _require(actor, "lawdocs.appraise")
    unknown = set(sections) - set(AppraisalReport.SECTIONS)
    if unknown:
        raise TypeError(f"unknown sections {sorted(unknown)}")
    if request.returned_at is not None or AppraisalReport.objects.filter(request=request).exists():
        raise ValidationError(_("This dossier is no longer under appraisal."))
    if conclusion not in Conclusion.values:
        raise ValidationError({"conclusion": _("Choose a conclusion.")})
    if not sections.get("legality", "").strip():
        raise ValidationError({"legality": _("The report must assess constitutionality, legality and consistency.")})
    if issued_at < request.received_at:
        raise ValidationError({"issued_at": _("A report cannot precede the receipt of the dossier.")})
    with transaction.atomic():
        report = AppraisalReport(
            request=request,
            issued_at=issued_at,
            conclusion=conclusion,
            number=number.strip(),
            author=actor if actor is not None and actor.is_authenticated else None,
            **{k: v.strip() for k, v in sections.items()},
        )
        report.full_clean()
        report.save()
        draft = request.draft
        if draft.stage == DraftStage.APPRAISAL:
            draft.stage = DraftStage.ADOPTION
            draft.save(update_fields=["stage"])
        late = request.due_at is not None and issued_at > request.due_at
        audit_record(
            actor=actor,
            action="lawdoc.appraisal_report",
            obj=report,
            after={"request": request.pk, "conclusion": conclusion, "issued_at": issued_at.isoformat(), "late": late},
        )
        return report


def appraisals_retime(agency: Any, first_changed: dt.date) -> int:
    """Re-time the open appraisals after a change of the working calendar
    (subscribed to ``workdays``); returns how many deadlines moved."""
    moved = 0
    with transaction.atomic():
        open_requests = AppraisalRequest.objects.select_related("draft").filter(
            returned_at__isnull=True, report__isnull=True, due_at__date__gte=first_changed
        )
        for request in open_requests:
            old = request.due_at
            _time(request)
            if request.due_at != old:
                request.save(update_fields=["rule", "due_at"])
                audit_record(
                    actor=None,
                    action="lawdoc.appraisal_retime",
                    obj=request,
                    before={"due_at": old.isoformat() if old else None},
                    after={
                        "due_at": request.due_at.isoformat() if request.due_at else None,
                        "reason": "calendar change",
                    },
                )
                moved += 1
    return moved


# --- Review ------------------------------------------------------------------------


def review_run_start(
    *, actor: Any, kind: str, title: str, period_start: dt.date, period_end: dt.date, topic: str = ""
) -> ReviewRun:
    _require(actor, "lawdocs.review")
    if kind not in ReviewKind.values:
        raise ValidationError({"kind": _("Unknown kind of review.")})
    if kind == ReviewKind.TOPIC and not topic.strip():
        raise ValidationError({"topic": _("A review by topic needs its topic.")})
    with transaction.atomic():
        run = ReviewRun(
            kind=kind,
            title=title.strip(),
            topic=topic.strip(),
            period_start=period_start,
            period_end=period_end,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        run.full_clean()
        run.save()
        audit_record(actor=actor, action="lawdoc.review_start", obj=run, after={"kind": kind, "title": run.title})
        return run


def review_finding_record(
    *,
    actor: Any,
    run: ReviewRun,
    document: LegalDocument,
    outcome: str,
    articles: str = "",
    note: str = "",
    owner: Any = None,
    due_on: dt.date | None = None,
) -> ReviewFinding:
    """Record one finding; a finding that needs action becomes a follow-up with
    an owner and a deadline (both then required)."""
    _require(actor, "lawdocs.review")
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")})
    if run.closed_at is not None:
        raise ValidationError(_("This review run is closed."))
    needs_action = outcome in ACTION_OUTCOMES
    if needs_action and (owner is None or due_on is None):
        raise ValidationError({"owner": _("A finding that needs action needs an owner and a deadline.")})
    with transaction.atomic():
        finding = ReviewFinding(
            run=run,
            document=document,
            outcome=outcome,
            articles=articles.strip(),
            note=note.strip(),
            recorded_by=actor if actor is not None and actor.is_authenticated else None,
        )
        finding.full_clean()
        finding.save()
        after: dict[str, Any] = {"document": document.number, "outcome": outcome, "articles": finding.articles}
        if needs_action:
            follow_up = FollowUp.objects.create(finding=finding, owner=owner, due_on=due_on)
            after.update(
                owner=owner.get_username(), due_on=due_on.isoformat() if due_on else None, follow_up=follow_up.pk
            )
        audit_record(actor=actor, action="lawdoc.review_finding", obj=finding, after=after)
        return finding


def follow_up_complete(*, actor: Any, follow_up: FollowUp, done_on: dt.date, result: str) -> FollowUp:
    _require(actor, "lawdocs.review")
    if follow_up.done_on is not None:
        raise ValidationError(_("This follow-up is already done."))
    if not result.strip():
        raise ValidationError({"result": _("Say what was done.")})
    with transaction.atomic():
        follow_up.done_on = done_on
        follow_up.result = result.strip()
        follow_up.save(update_fields=["done_on", "result"])
        audit_record(
            actor=actor,
            action="lawdoc.follow_up_done",
            obj=follow_up,
            after={"done_on": done_on.isoformat(), "late": done_on > follow_up.due_on},
        )
        return follow_up


def review_run_close(*, actor: Any, run: ReviewRun) -> ReviewRun:
    _require(actor, "lawdocs.review")
    if run.closed_at is not None:
        return run
    with transaction.atomic():
        run.closed_at = timezone.now()
        run.save(update_fields=["closed_at"])
        audit_record(actor=actor, action="lawdoc.review_close", obj=run)
        return run
