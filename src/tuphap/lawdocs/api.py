"""API of legal documents, mounted at /api/v1/lawdocs (public reads, staff writes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from ninja import Query, Schema, Status
from ninja.errors import HttpError

from tuphap.api import PUBLIC_PAGE_SIZE, Date, PageOut, Router, errors
from tuphap.core.api_bodies import Text
from tuphap.core.idempotency import idempotent
from tuphap.core.ratelimit import ScopeThrottle
from tuphap.lawdocs import selectors, services
from tuphap.lawdocs.forms import query_error
from tuphap.lawdocs.models import DocumentType, IssuingLevel, LegalDocument, RelationKind
from tuphap.lawdocs.status import Status as DocStatus
from tuphap.orgs.permissions import require

router = Router(tags=["lawdocs"])


class DocumentOut(Schema):
    id: int
    number: str
    title: str
    type: str
    issuer: str
    level: str
    field: str
    issued_on: dt.date
    effective_from: dt.date
    expires_on: dt.date | None
    status: str
    url: str
    snippet: str | None = None


class DocumentPage(PageOut):
    results: list[DocumentOut]


class RelationOut(Schema):
    kind: str
    direction: str  # "outgoing": this document acts on the other; "incoming": the other acts on it
    document: int
    number: str
    date: dt.date
    articles: str
    ends_on: dt.date | None


class StatusChangeOut(Schema):
    date: dt.date
    status: str


class DocumentDetailOut(DocumentOut):
    signer: str
    gazette_ref: str
    source: str
    text: str
    relations: list[RelationOut]
    timeline: list[StatusChangeOut]


class StatusOut(Schema):
    status: str
    at: dt.date


class DocumentIn(Schema):
    number: Text
    type: DocumentType
    issuer: Text
    level: IssuingLevel | None = None  # province, commune or district; unchanged (or province) when absent
    title: Text
    issued_on: Date
    effective_from: Date
    expires_on: Date | None = None
    field: Text = ""
    signer: Text = ""
    gazette_ref: Text = ""
    source: Text = ""
    text: Text = ""


class RelationIn(Schema):
    kind: RelationKind
    to: Text  # number of the document concerned
    date: Date
    articles: Text = ""
    ends_on: Date | None = None


def _out(doc: LegalDocument, day: dt.date, snippet: str | None = None) -> dict[str, Any]:
    return {
        "id": doc.pk,
        "number": doc.number,
        "title": doc.title,
        "type": doc.doc_type,
        "issuer": doc.issuer,
        "level": doc.level,
        "field": doc.field,
        "issued_on": doc.issued_on,
        "effective_from": doc.effective_from,
        "expires_on": doc.expires_on,
        "status": selectors.status_at(doc, day).value,
        "url": doc.get_absolute_url(),
        "snippet": snippet,
    }


def _staff(request: HttpRequest, capability: str) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    try:
        require(user, capability)
    except PermissionDenied:
        raise HttpError(403, "Không có quyền thực hiện thao tác này.") from None
    return user


@router.public_get(
    "",
    response={200: DocumentPage, **errors(422, 429)},
    throttle=ScopeThrottle("lawdocs_search"),
    summary="Search and list documents (paged)",
)
def list_documents(
    request: HttpRequest,
    q: str = "",
    type: str = "",  # noqa: A002 - the public parameter's name
    issuer: str = "",
    field: str = "",
    status: str = "",
    status_at: Date | None = None,
    page: int = Query(1, le=100_000),
) -> dict[str, Any]:
    if status and status not in selectors.STATUSES:
        raise ValidationError(
            {"status": _("Unknown status; one of: %(values)s.") % {"values": ", ".join(selectors.STATUSES)}}
        )
    if type and type not in DocumentType.values:
        raise ValidationError(
            {"type": _("Unknown type; one of: %(values)s.") % {"values": ", ".join(DocumentType.values)}}
        )
    problem = query_error(q[:200])
    if problem:
        raise ValidationError({"q": problem})
    filters = selectors.Filters(doc_type=type, issuer=issuer, field=field, status=status, status_at=status_at)
    result = selectors.search_documents(q[:200], filters, page=page, page_size=PUBLIC_PAGE_SIZE)
    day = status_at or timezone.localdate()
    return {
        "count": result.total,
        "page": result.page,
        "page_size": result.page_size,
        "results": [
            _out(
                r.document,
                day,
                "".join(f"<mark>{escape(p)}</mark>" if hit else escape(p) for p, hit in r.snippet)
                if r.snippet and result.terms
                else None,
            )
            for r in result.results
        ],
    }


@router.public_get(
    "/by-number",
    response={200: DocumentOut, **errors(404, 422)},
    summary="Look a document up by its number (tolerant)",
)
def by_number(request: HttpRequest, number: str) -> dict[str, Any]:
    doc = selectors.document_by_number(number)
    if doc is None:
        raise HttpError(404, "Không tìm thấy văn bản có số, ký hiệu này.")
    doc = selectors.with_relations(LegalDocument.objects.filter(pk=doc.pk)).get()
    return _out(doc, timezone.localdate())


@router.public_get(
    "/{int:document_id}",
    response={200: DocumentDetailOut, **errors(404)},
    summary="A document with its relations and status history",
)
def detail(request: HttpRequest, document_id: int) -> dict[str, Any]:
    doc = get_object_or_404(selectors.with_relations(LegalDocument.objects.all()), pk=document_id)
    sides = selectors.relations_both_sides(doc)
    relations = [
        {
            "kind": r.kind,
            "direction": "outgoing",
            "document": r.target_id,
            "number": r.target.number,
            "date": r.date,
            "articles": r.articles,
            "ends_on": r.ends_on,
        }
        for r in sides["outgoing"]
    ] + [
        {
            "kind": r.kind,
            "direction": "incoming",
            "document": r.source_id,
            "number": r.source.number,
            "date": r.date,
            "articles": r.articles,
            "ends_on": r.ends_on,
        }
        for r in sides["incoming"]
    ]
    return {
        **_out(doc, timezone.localdate()),
        "signer": doc.signer,
        "gazette_ref": doc.gazette_ref,
        "source": doc.source,
        "text": doc.text,
        "relations": relations,
        "timeline": [{"date": c.date, "status": c.status.value} for c in selectors.status_timeline(doc)],
    }


@router.public_get(
    "/{int:document_id}/status",
    response={200: StatusOut, **errors(404, 422)},
    summary="The status of a document on a date",
)
def status(request: HttpRequest, document_id: int, at: Date | None = None) -> dict[str, Any]:
    doc = get_object_or_404(selectors.with_relations(LegalDocument.objects.all()), pk=document_id)
    day = at or timezone.localdate()
    return {"status": DocStatus(selectors.status_at(doc, day)).value, "at": day}


@router.post(
    "",
    response={201: DocumentOut, 200: DocumentOut, **errors(401, 403, 422)},
    summary="Register or update a document (staff)",
)
@idempotent
def create(request: HttpRequest, payload: DocumentIn) -> Status:
    user = _staff(request, "lawdocs.edit")
    data = payload.dict()
    if data.get("level") is None:
        data.pop("level", None)
    doc, outcome = services.document_save(actor=user, number=data.pop("number"), doc_type=data.pop("type"), **data)
    doc = selectors.with_relations(LegalDocument.objects.filter(pk=doc.pk)).get()
    return Status(201 if outcome == "created" else 200, _out(doc, timezone.localdate()))


@router.post(
    "/{int:document_id}/relations",
    response={201: RelationOut, 200: RelationOut, **errors(401, 403, 404, 422)},
    summary="Record a relation from this document (staff)",
)
@idempotent
def add_relation(request: HttpRequest, document_id: int, payload: RelationIn) -> Status:
    user = _staff(request, "lawdocs.edit")
    source = get_object_or_404(LegalDocument, pk=document_id)
    target = selectors.document_by_number(payload.to)
    if target is None:
        raise ValidationError({"to": _("No document has this number.")})
    relation, changed = services.relation_add(
        actor=user,
        source=source,
        target=target,
        kind=payload.kind,
        date=payload.date,
        articles=payload.articles,
        ends_on=payload.ends_on,
    )
    return Status(
        201 if changed else 200,
        {
            "kind": relation.kind,
            "direction": "outgoing",
            "document": target.pk,
            "number": target.number,
            "date": relation.date,
            "articles": relation.articles,
            "ends_on": relation.ends_on,
        },
    )
