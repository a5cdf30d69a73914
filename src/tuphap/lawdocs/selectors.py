"""Reads: status at a date, documents in force, search, the appraisal board,
the quarterly counts, follow-ups, the yearly list of expired documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from tuphap.lawdocs import search
from tuphap.lawdocs.models import (
    AppraisalRequest,
    AppraisalRule,
    DocumentRelation,
    FollowUp,
    LegalDocument,
    RuleAnchor,
)
from tuphap.lawdocs.numbers import number_key
from tuphap.lawdocs.search.folding import Term, parse_query, snippet
from tuphap.lawdocs.status import (
    AMENDING_KINDS,
    DETAILED_EXPIRED,
    ENDING_KINDS,
    LAW_2025_FROM,
    SUSPENDING_KINDS,
    Change,
    Effect,
    Status,
    detailing_expires,
    timeline,
)
from tuphap.lawdocs.status import status_at as pure_status_at
from tuphap.workdays.selectors import office_clock

STATUSES = [s.value for s in Status]

# --- Status -------------------------------------------------------------------------


GUIDES = "guides"


def detailing_end(document: LegalDocument, kept_in_force: bool = False) -> dt.date | None:
    """The day a document detailing ``document`` expires with it, by the law in
    force on the day ``document`` ends (``status.detailing_expires``); None if
    it does not (uses ``relations_in`` if prefetched)."""
    relations = getattr(document, "ending_in", None)
    if relations is None:
        relations = document.relations_in.all()
    ends = [(r.kind, r.date) for r in relations if r.kind in ENDING_KINDS and not r.partial]
    if document.expires_on is not None:
        ends.append(("expires_on", document.expires_on))
    return min((day for kind, day in ends if detailing_expires(kind, day, kept_in_force)), default=None)


def effects_of(document: LegalDocument) -> list[Effect]:
    """What acts on a document's status (uses the prefetches of ``with_relations``):
    repeals, replacements and suspensions; amendments by the body that issued it
    (expired in part, Law 80/2015 art. 154(1)(b), Law 64/2025 art. 57(1)(b)); and, for a detailing document,
    the expiry of the document it details unless it was kept in force (art.
    154(2); from 1 April 2025 Law 64/2025 art. 57(2): ``detailing_end``), one
    level deep (the SQL filter ``status_q`` follows the same rule)."""
    effects = []
    for r in document.relations_in.all():
        if r.kind in ENDING_KINDS or r.kind in SUSPENDING_KINDS:
            effects.append(
                Effect(kind=r.kind, date=r.date, partial=r.partial, ends_on=r.ends_on, source=r.source.number)
            )
        elif r.kind in AMENDING_KINDS and r.source.issuer == document.issuer:
            effects.append(Effect(kind=r.kind, date=r.date, partial=True, source=r.source.number))
    guides = getattr(document, "guides_out", None)
    if guides is None:
        guides = document.relations_out.filter(kind=GUIDES).select_related("target")
    for r in guides:
        if r.kind == GUIDES and not r.kept_in_force:
            end = detailing_end(r.target)
            if end is not None:
                effects.append(Effect(kind=DETAILED_EXPIRED, date=end, source=r.target.number))
    return effects


def status_at(document: LegalDocument, date: dt.date) -> Status:
    """The status of ``document`` on ``date``, derived from its dates and relations."""
    return pure_status_at(document.effective_from, document.expires_on, effects_of(document), date)


def status_timeline(document: LegalDocument) -> list[Change]:
    return timeline(document.effective_from, document.expires_on, effects_of(document))


def _acting(day: dt.date, kinds: frozenset[str], partial: bool | None = None) -> Exists:
    qs = DocumentRelation.objects.filter(target=OuterRef("pk"), kind__in=sorted(kinds), date__lte=day)
    if kinds == SUSPENDING_KINDS:
        qs = qs.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
    if partial is True:
        qs = qs.exclude(articles="")
    elif partial is False:
        qs = qs.filter(articles="")
    return Exists(qs)


def _detailed_expired(day: dt.date) -> Exists:
    """The document details (guides) one that is wholly expired on ``day``, and was not kept in force,
    by the law in force when that one ended (a replacement from 1 April 2025 does not count)."""
    target_ended = Exists(
        DocumentRelation.objects.filter(
            target=OuterRef("target"), kind__in=sorted(ENDING_KINDS), articles="", date__lte=day
        ).filter(Q(kind="repeals") | Q(date__lt=LAW_2025_FROM))
    )
    return Exists(
        DocumentRelation.objects.filter(source=OuterRef("pk"), kind=GUIDES, kept_in_force=False).filter(
            Q(target__expires_on__lte=day) | Q(target_ended)
        )
    )


def _amended_by_issuer(day: dt.date) -> Exists:
    return Exists(
        DocumentRelation.objects.filter(
            target=OuterRef("pk"), kind__in=sorted(AMENDING_KINDS), date__lte=day, source__issuer=OuterRef("issuer")
        )
    )


def status_q(status: str, day: dt.date) -> Q:
    """A filter equal to ``status_at(document, day) == status`` (for lists and search)."""
    started = Q(effective_from__lte=day)
    expired = Q(expires_on__lte=day) | Q(_acting(day, ENDING_KINDS, partial=False)) | Q(_detailed_expired(day))
    suspended = Q(_acting(day, SUSPENDING_KINDS))
    partly = Q(_acting(day, ENDING_KINDS, partial=True)) | Q(_amended_by_issuer(day))
    if status == Status.NOT_YET_IN_FORCE:
        return Q(effective_from__gt=day)
    if status == Status.EXPIRED:
        return started & expired
    if status == Status.SUSPENDED:
        return started & ~expired & suspended
    if status == Status.PARTLY_EXPIRED:
        return started & ~expired & ~suspended & partly
    if status == Status.IN_FORCE:
        return started & ~expired & ~suspended & ~partly
    raise ValueError(f"unknown status {status!r}")


def documents_in_force(date: dt.date, *, include_partly_expired: bool = True) -> QuerySet[LegalDocument]:
    """The documents in force on ``date`` (by default also those expired in part)."""
    q = status_q(Status.IN_FORCE, date)
    if include_partly_expired:
        q |= status_q(Status.PARTLY_EXPIRED, date)
    return LegalDocument.objects.filter(q)


def with_relations(qs: QuerySet[LegalDocument]) -> QuerySet[LegalDocument]:
    """Prefetch what the status needs (four queries whatever the number of
    documents): the relations acting on each document with their sources, and
    the documents each one details with what ends those."""
    return qs.prefetch_related(
        Prefetch("relations_in", queryset=DocumentRelation.objects.select_related("source")),
        Prefetch(
            "relations_out",
            queryset=DocumentRelation.objects.filter(kind=GUIDES)
            .select_related("target")
            .prefetch_related(
                Prefetch(
                    "target__relations_in",
                    queryset=DocumentRelation.objects.filter(kind__in=sorted(ENDING_KINDS)),
                    to_attr="ending_in",
                )
            ),
            to_attr="guides_out",
        ),
    )


def relations_both_sides(document: LegalDocument) -> dict[str, list[DocumentRelation]]:
    return {
        "outgoing": list(document.relations_out.select_related("target").order_by("date", "id")),
        "incoming": list(document.relations_in.select_related("source").order_by("date", "id")),
    }


def document_by_number(number: str) -> LegalDocument | None:
    """Look a document up by its number, tolerant of QD/QĐ, case and separators."""
    key = number_key(number)
    if key is None:
        return None
    return LegalDocument.objects.filter(number_key=key).first()


# --- Search -------------------------------------------------------------------------


@dataclass
class Filters:
    doc_type: str = ""
    issuer: str = ""
    field: str = ""
    status: str = ""
    status_at: dt.date | None = None
    issued_from: dt.date | None = None
    issued_to: dt.date | None = None

    def apply(self, qs: QuerySet[LegalDocument]) -> QuerySet[LegalDocument]:
        if self.doc_type:
            qs = qs.filter(doc_type=self.doc_type)
        if self.issuer:
            qs = qs.filter(issuer__icontains=self.issuer)
        if self.field:
            qs = qs.filter(field__icontains=self.field)
        if self.status:
            qs = qs.filter(status_q(self.status, self.status_at or timezone.localdate()))
        if self.issued_from:
            qs = qs.filter(issued_on__gte=self.issued_from)
        if self.issued_to:
            qs = qs.filter(issued_on__lte=self.issued_to)
        return qs

    @property
    def active(self) -> bool:
        return any([self.doc_type, self.issuer, self.field, self.status, self.issued_from, self.issued_to])


@dataclass
class Result:
    document: LegalDocument
    status: Status
    snippet: list[tuple[str, bool]] = field(default_factory=list)
    rank: float = 0.0


@dataclass
class ResultPage:
    results: list[Result]
    total: int
    page: int
    page_size: int
    terms: list[Term]

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def capped(self) -> bool:
        """More documents match than were counted (``search.COUNT_CAP``)."""
        return bool(self.terms) and self.total >= search.COUNT_CAP


#: At most this many excerpts per page of results (each reads at most
#: ``folding.SNIPPET_SCAN`` characters of its document): the work of a page is bounded.
MAX_SNIPPETS = 20


def search_documents(query: str, filters: Filters | None = None, *, page: int = 1, page_size: int = 20) -> ResultPage:
    """Ranked, filtered, highlighted search; without words: the newest documents.

    A query that is a document number finds that document first."""
    filters = filters or Filters()
    day = filters.status_at or timezone.localdate()
    page = max(1, page)
    offset = (page - 1) * page_size
    terms = parse_query(query or "")
    base = filters.apply(LegalDocument.objects.all())
    if not terms:
        total = base.count()
        docs = list(with_relations(base.order_by("-issued_on", "-id"))[offset : offset + page_size])
        return ResultPage([Result(d, status_at(d, day)) for d in docs], total, page, page_size, terms)
    within = base if filters.active else None
    hits = search.search_ids(terms, within=within, limit=page_size, offset=offset)
    total = search.count(terms, within=within) if (hits or page > 1) else 0
    exact = document_by_number(query) if page == 1 and len(query) < 60 else None
    ids = [h.id for h in hits]
    if exact is not None and (within is None or base.filter(pk=exact.pk).exists()):
        if exact.pk in ids:
            ids.remove(exact.pk)
        else:
            total += 1
        ids.insert(0, exact.pk)
        ids = ids[:page_size]
    ranks = {h.id: h.rank for h in hits}
    docs = {d.pk: d for d in with_relations(LegalDocument.objects.filter(pk__in=ids))}
    found = [docs[i] for i in ids if i in docs]
    results = [
        Result(
            doc,
            status_at(doc, day),
            snippet(doc.text or doc.title, terms) if n < MAX_SNIPPETS else [],
            ranks.get(doc.pk, 0.0),
        )
        for n, doc in enumerate(found)
    ]
    return ResultPage(results, total, page, page_size, terms)


# --- Appraisal ----------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    rule: AppraisalRule | None
    due_at: dt.datetime | None
    explanation: str

    @property
    def unconfirmed(self) -> str:
        """The rule's note when its figure was not checked against the legal text ("" otherwise)."""
        if self.rule is None or self.rule.confirmed:
            return ""
        return self.rule.note or "—"


def department_clock() -> Any:
    """The office clock of the department this installation serves."""
    from django.conf import settings

    from tuphap.orgs.models import Agency

    return office_clock(Agency.objects.filter(code=settings.TUPHAP_AGENCY_CODE).values_list("pk", flat=True).first())


def rule_for(day: dt.date, kind: str = "", shortened: bool = False) -> AppraisalRule | None:
    """The time-limit rule in force on ``day`` for a draft of ``kind`` (by the
    shortened procedure or not): a rule for that kind before one for every
    kind, a shortened rule before the normal one, then the latest."""
    candidates = [
        r
        for r in AppraisalRule.objects.filter(applies_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )
        if r.kind in ("", kind) and (not r.shortened or shortened)
    ]
    return max(
        candidates,
        key=lambda r: (bool(kind) and r.kind == kind, r.shortened == shortened, r.applies_from),
        default=None,
    )


def appraisal_rules_on(day: dt.date) -> list[AppraisalRule]:
    """The rules that apply on ``day`` (for the board: what the department appraises, in how long)."""
    return list(
        AppraisalRule.objects.filter(applies_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("kind", "shortened", "applies_from")
    )


def _close_of_office(clock: Any, day: dt.date, tz: Any) -> dt.datetime:
    start = dt.datetime.combine(day, dt.time(7, 0), tzinfo=tz)
    return clock.due_at(start, 0, "calendar_days")  # type: ignore[no-any-return]


def appraisal_deadline(
    received_at: dt.datetime, *, meeting_date: dt.date | None = None, kind: str = "", shortened: bool = False
) -> Deadline:
    """When the appraisal report is due for a dossier received at ``received_at``.

    The rule is the one in force on the day of receipt; the time is counted
    by the department's office clock (working calendar). Under the 2015 law
    (anchor ``before_meeting``) the report is also due no later than N days
    before the meeting, whichever comes first. A rule saying the department
    does not appraise that kind gives no deadline."""
    local = timezone.localtime(received_at)
    rule = rule_for(local.date(), kind, shortened)
    if rule is None:
        return Deadline(None, None, "")
    if not rule.department_appraises:
        return Deadline(rule, None, f"{rule.legal_basis}: Sở Tư pháp không thẩm định loại dự thảo này")
    clock = department_clock()
    due = clock.due_at(local, rule.amount, rule.unit)
    unit = {"calendar_days": "ngày", "working_days": "ngày làm việc"}[rule.unit]
    explanation = f"{rule.legal_basis}: {rule.amount} {unit} kể từ khi nhận hồ sơ"
    if rule.anchor == RuleAnchor.BEFORE_MEETING and meeting_date is not None and rule.before_meeting_days:
        day = meeting_date - dt.timedelta(days=rule.before_meeting_days)
        while not clock.is_working_day(day):
            day -= dt.timedelta(days=1)
        cap = _close_of_office(clock, day, local.tzinfo)
        explanation += f"; chậm nhất {rule.before_meeting_days} ngày trước phiên họp {meeting_date:%d/%m/%Y}"
        if cap < due:
            due = cap
    if shortened and not rule.shortened:
        explanation += "; thủ tục rút gọn: chưa có thời hạn riêng, áp dụng thời hạn thông thường"
    return Deadline(rule, due, explanation)


@dataclass
class BoardRow:
    request: AppraisalRequest
    working_days_left: int
    overdue: bool


def appraisal_board(at: dt.datetime | None = None) -> list[BoardRow]:
    """Drafts under appraisal (dossiers neither returned nor reported), with the
    working days left before the report is due, most urgent first."""
    at = at or timezone.now()
    clock = department_clock()
    rows = []
    qs = (
        AppraisalRequest.objects.select_related("draft", "rule")
        .filter(returned_at__isnull=True, report__isnull=True)
        .order_by("due_at", "id")
    )
    today = timezone.localtime(at).date()
    for request in qs:
        left = 0
        overdue = request.due_at is not None and request.due_at < at
        if request.due_at is not None and not overdue:
            due_day = timezone.localtime(request.due_at).date()
            day = today
            while day < due_day:
                day += dt.timedelta(days=1)
                left += clock.is_working_day(day)
        rows.append(BoardRow(request, left, overdue))
    return rows


def appraisals_count(start: dt.date, end: dt.date) -> dict[str, int]:
    """For the quarterly report: dossiers received for appraisal in [start, end]
    (a resubmission is the same dossier) and, of those, the ones appraised (a
    report issued on the dossier or its resubmission by ``end``)."""
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    firsts = list(
        AppraisalRequest.objects.filter(
            resubmission_of__isnull=True, received_at__gte=lo, received_at__lt=hi
        ).values_list("pk", flat=True)
    )
    chains: dict[int, int] = {}  # request -> first request of its chain
    rows = dict(
        AppraisalRequest.objects.filter(draft__appraisals__pk__in=firsts).values_list("pk", "resubmission_of_id")
    )
    for pk in rows:
        root = pk
        while rows.get(root) is not None:
            root = rows[root]
        chains[pk] = root
    reported = set(
        AppraisalRequest.objects.filter(pk__in=list(chains), report__issued_at__lt=hi).values_list("pk", flat=True)
    )
    appraised = {chains[pk] for pk in reported} & set(firsts)
    return {"received": len(firsts), "appraised": len(appraised)}


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


# --- Review -------------------------------------------------------------------------


def follow_ups(*, open_only: bool = True, owner: Any = None) -> QuerySet[FollowUp]:
    qs = FollowUp.objects.select_related("finding__document", "finding__run", "owner")
    if open_only:
        qs = qs.filter(done_on__isnull=True)
    if owner is not None:
        qs = qs.filter(owner=owner)
    return qs.order_by("due_on", "id")


@dataclass(frozen=True)
class ListedDocument:
    document: LegalDocument
    status: Status
    date: dt.date
    reason: str


def expired_or_suspended_in(year: int) -> list[ListedDocument]:
    """The province's documents that expired (in whole or in part) or were
    suspended during ``year``: the yearly list the Chairman publishes."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    touched = (
        Q(expires_on__range=(start, end))
        | Q(
            relations_in__kind__in=sorted(ENDING_KINDS | SUSPENDING_KINDS | AMENDING_KINDS),
            relations_in__date__range=(start, end),
        )
        | Q(relations_out__kind=GUIDES, relations_out__target__expires_on__range=(start, end))
        | Q(
            relations_out__kind=GUIDES,
            relations_out__target__relations_in__kind__in=sorted(ENDING_KINDS),
            relations_out__target__relations_in__date__range=(start, end),
        )
    )
    docs = with_relations(LegalDocument.objects.filter(touched).distinct().order_by("issued_on", "id"))
    rows = []
    for document in docs:
        for change in status_timeline(document):
            if start <= change.date <= end and change.status in (
                Status.EXPIRED,
                Status.PARTLY_EXPIRED,
                Status.SUSPENDED,
            ):
                rows.append(ListedDocument(document, change.status, change.date, _reason_text(document, change)))
    rows.sort(key=lambda r: (r.date, r.document.number))
    return rows


def _reason_text(document: LegalDocument, change: Change) -> str:
    labels = {
        "repeals": "Bị bãi bỏ bởi",
        "replaces": "Được thay thế bởi",
        "suspends": "Bị ngưng hiệu lực bởi",
        "amends": "Được sửa đổi, bổ sung bởi",
    }
    parts = []
    for reason in change.reasons:
        if reason == "expires_on":
            parts.append("Hết thời hạn có hiệu lực quy định trong văn bản")
            continue
        kind, _sep, source = reason.partition(":")
        if kind == DETAILED_EXPIRED:
            parts.append(f"Văn bản được quy định chi tiết ({source}) hết hiệu lực")
            continue
        relation = next((r for r in document.relations_in.all() if r.kind == kind and r.source.number == source), None)
        text = f"{labels.get(kind, kind)} {source}"
        if relation is not None and relation.articles:
            text += f" ({relation.articles})"
        parts.append(text)
    return "; ".join(parts)
