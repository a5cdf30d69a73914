"""Pages of legal documents: public search and document page (no session, so
that they can be cached), staff pages for drafts, appraisals and reviews."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuphap.core.context_processors import department_name
from tuphap.core.forms import run_with_form, written_with_form
from tuphap.core.params import id_param, page_param, year_param
from tuphap.core.ratelimit import rate_limited
from tuphap.lawdocs import exports, selectors, services
from tuphap.lawdocs.forms import (
    STATUS_LABELS,
    DocumentFileForm,
    DocumentForm,
    DraftForm,
    FindingForm,
    FollowUpDoneForm,
    ReceiveForm,
    RelationForm,
    ReportForm,
    ReturnForm,
    ReviewRunForm,
    SearchForm,
)
from tuphap.lawdocs.models import (
    AppraisalRequest,
    DocumentFile,
    Draft,
    FollowUp,
    LegalDocument,
    ReviewFinding,
    ReviewRun,
)
from tuphap.orgs.permissions import can, capability_required, public, require


def _render_public(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """Render without the request's context processors: no session, no CSRF
    cookie, nothing personal, so the page can be cached for everyone."""
    from django.conf import settings

    context = {
        **context,
        "tuphap_name": settings.TUPHAP_SITE_NAME,
        "department_name": department_name(),
        "status_labels": {k.value: v for k, v in STATUS_LABELS.items()},
    }
    response = HttpResponse(loader.get_template(template).render(context), status=status)
    response["Cache-Control"] = "public, max-age=60"
    return response


@public
@require_GET
@rate_limited("lawdocs_search")
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = None
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            doc_type=data["type"],
            issuer=data["issuer"],
            field=data["field"],
            status=data["status"],
            status_at=data["at"],
            issued_from=data["issued_from"],
            issued_to=data["issued_to"],
        )
        page = selectors.search_documents(data["q"], filters, page=page_param(request))
    elif not request.GET:
        page = selectors.search_documents("", None)
    query = request.GET.copy()
    query.pop("trang", None)
    template = "lawdocs/_results.html" if request.headers.get("HX-Request") else "lawdocs/search.html"
    return _render_public(request, template, {"form": form, "page": page, "query": query.urlencode()})


@public
@require_GET
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(selectors.with_relations(LegalDocument.objects.prefetch_related("files")), pk=pk)
    today = timezone.localdate()
    context = {
        "doc": doc,
        "status": selectors.status_at(doc, today),
        "today": today,
        "timeline": selectors.status_timeline(doc),
        "relations": selectors.relations_both_sides(doc),
    }
    return _render_public(request, "lawdocs/document.html", context)


@public
@require_GET
def document_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """A file of a public document, through this view only (MEDIA_ROOT is not
    served): a download, never rendered by the browser as a page."""
    item = get_object_or_404(DocumentFile, pk=file_pk, document_id=pk)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=item.name or None)
    response["Cache-Control"] = "public, max-age=3600"
    return response


@public
@never_cache
@require_GET
def document_tools(request: HttpRequest, pk: int) -> HttpResponse:
    """The document page's personal corner, loaded by HTMX (the page itself is cached for
    everyone): the link to the edit page for those who may edit, nothing for the others."""
    if not can(request.user, "lawdocs.edit"):
        return HttpResponse("")
    doc = get_object_or_404(LegalDocument.objects.only("pk"), pk=pk)
    return render(request, "lawdocs/_document_tools.html", {"doc": doc})


# --- Staff: the registry -------------------------------------------------------------


def _posted[T](
    request: HttpRequest, capability: str, form: forms.BaseForm, write: Callable[[Mapping[str, Any]], T]
) -> T | None:
    """What a staff page's form wrote: on a POST, the capability to write (403
    without it, though the page may be read with less), then the service through
    the form; None on a GET, or when the form or the service refuses (its reasons
    then on the form)."""
    if request.method != "POST":
        return None
    require(request.user, capability)
    return written_with_form(form, write)


def _page_with_form[T](
    request: HttpRequest,
    capability: str,
    form: forms.BaseForm,
    write: Callable[[Mapping[str, Any]], T],
    *,
    done: Callable[[T], HttpResponse],
    template: str,
    context: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """A staff page with its form (a register and its "new" form, an entry and the form that adds
    to it): what the form wrote (``_posted``) goes to ``done``, a redirect; otherwise the page is
    rendered from ``context`` with the form, and its errors when it refused, and ``may_write``:
    whether the user has ``capability``, the one that gates the form (the page shows it only then)."""
    written = _posted(request, capability, form, write)
    if written is not None:
        return done(written)
    return render(request, template, {**context(), "form": form, "may_write": can(request.user, capability)})


def _register_page(
    capability: str,
    form_class: type[forms.Form],
    add: Callable[[HttpRequest, Mapping[str, Any]], HttpResponse],
    template: str,
    latest: Callable[[], dict[str, Any]],
) -> Callable[[HttpRequest], HttpResponse]:
    """The page of a register (drafts, review runs): its latest entries (``latest``), read with
    ``lawdocs.view``, and its "new" form, which ``capability`` gates; ``add`` writes the entry
    through its service and answers with the redirect to it."""

    @capability_required("lawdocs.view")
    @require_http_methods(["GET", "POST"])
    def page(request: HttpRequest) -> HttpResponse:
        form = form_class(request.POST or None)
        return _page_with_form(
            request,
            capability,
            form,
            lambda data: add(request, data),
            done=lambda response: response,
            template=template,
            context=latest,
        )

    page.__name__ = page.__qualname__ = template.rsplit("/", 1)[-1].removesuffix(".html")  # for tracebacks
    return page


def _saved(request: HttpRequest, message: str, to: str, pk: int) -> HttpResponse:
    messages.success(request, message)
    return redirect(to, pk=pk)


def _document_fields(data: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    fields = dict(data)
    return fields.pop("number"), fields


@capability_required("lawdocs.edit")
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest) -> HttpResponse:
    """Register a document (vào sổ); its files and relations are added on the edit page."""
    form = DocumentForm(request.POST or None, initial={"doc_type": "decision"})

    def register(data: Mapping[str, Any]) -> LegalDocument:
        number, fields = _document_fields(data)
        return services.document_save(actor=request.user, number=number, new=True, **fields)[0]

    return _page_with_form(
        request,
        "lawdocs.edit",
        form,
        register,
        done=lambda doc: _saved(
            request, _("Document %(number)s registered.") % {"number": doc.number}, "lawdocs:document_edit", doc.pk
        ),
        template="lawdocs/document_form.html",
        context=lambda: {"doc": None},
    )


@capability_required("lawdocs.edit")
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a document's registry fields, attach or remove its files, add its relations:
    one form per ``action``, each through its service."""
    doc = get_object_or_404(LegalDocument, pk=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    initial = {name: getattr(doc, name) for name in services.DOCUMENT_FIELDS}
    form = DocumentForm(request.POST if action == "save" else None, initial=initial)
    file_form = DocumentFileForm(
        request.POST if action == "file" else None,
        request.FILES if action == "file" else None,
        max_bytes=services.max_file_bytes(),
    )
    relation_form = RelationForm(request.POST if action == "relation" else None, initial={"date": doc.effective_from})
    if action:
        done, message = False, _("Saved.")
        if action == "save":

            def save(data: dict[str, Any]) -> None:
                nonlocal message
                number, fields = _document_fields(data)
                if services.document_save(actor=request.user, number=number, document=doc, **fields)[1] == "unchanged":
                    message = _("Nothing changed.")

            done = run_with_form(form, save)
        elif action == "file":
            done = run_with_form(
                file_form,
                lambda d: services.document_file_add(actor=request.user, document=doc, upload=d["file"]),
            )
            message = _("File attached.")
        elif action == "remove_file":
            item = get_object_or_404(DocumentFile, pk=id_param(request, "file", source="POST"), document=doc)
            services.document_file_remove(actor=request.user, item=item)
            done, message = True, _("File %(name)s removed.") % {"name": item.name}
        elif action == "relation":

            def relate(data: dict[str, Any]) -> None:
                nonlocal message
                target = selectors.document_by_number(data.pop("to"))
                if target is None:
                    raise ValidationError({"to": _("No document has this number.")})
                if not services.relation_add(actor=request.user, source=doc, target=target, **data)[1]:
                    message = _("This relation was already recorded.")

            done = run_with_form(relation_form, relate)
        else:
            return HttpResponse(status=400)
        if done:
            return _saved(request, message, "lawdocs:document_edit", doc.pk)
    return render(
        request,
        "lawdocs/document_form.html",
        {
            "doc": doc,
            "form": form,
            "file_form": file_form,
            "relation_form": relation_form,
            "files": list(doc.files.order_by("id")),
            "relations": selectors.relations_both_sides(doc),
        },
    )


# --- Staff: drafts and appraisals ----------------------------------------------------


def _add_draft(request: HttpRequest, data: Mapping[str, Any]) -> HttpResponse:
    draft = services.draft_create(actor=request.user, **data)
    return _saved(request, _("Draft created."), "lawdocs:draft", draft.pk)


def _drafts_latest() -> dict[str, Any]:
    return {"drafts": Draft.objects.prefetch_related("appraisals__report").order_by("-created_at")[:200]}


drafts = _register_page("lawdocs.appraise", DraftForm, _add_draft, "lawdocs/drafts.html", _drafts_latest)


@capability_required("lawdocs.view")
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Draft, pk=pk)
    requests = list(item.appraisals.select_related("rule", "report", "resubmission_of").order_by("received_at"))
    current = next((r for r in requests if r.returned_at is None), None)
    returned = next(
        (
            r
            for r in reversed(requests)
            if r.returned_at is not None and not AppraisalRequest.objects.filter(resubmission_of=r).exists()
        ),
        None,
    )
    action = request.POST.get("action") if request.method == "POST" else None
    now = timezone.localtime().replace(second=0, microsecond=0)
    receive = ReceiveForm(request.POST if action == "receive" else None, initial={"received_at": now})
    give_back = ReturnForm(request.POST if action == "return" else None, initial={"returned_at": now})
    report = ReportForm(request.POST if action == "report" else None, initial={"issued_at": now})
    if action:
        require(request.user, "lawdocs.appraise")
        done = False
        if action == "receive":
            done = run_with_form(
                receive,
                lambda d: services.appraisal_receive(
                    actor=request.user,
                    draft=item,
                    received_at=d["received_at"],
                    resubmission_of=returned if current is None else None,
                ),
            )
        elif action == "return" and current is not None:
            done = run_with_form(
                give_back,
                lambda d: services.appraisal_return_incomplete(
                    actor=request.user, request=current, returned_at=d["returned_at"], reason=d["reason"]
                ),
            )
        elif action == "report" and current is not None:
            done = run_with_form(
                report, lambda d: services.appraisal_report_issue(actor=request.user, request=current, **d)
            )
        if done:
            return _saved(request, _("Saved."), "lawdocs:draft", item.pk)
    context = {
        "draft": item,
        "requests": requests,
        "current": current,
        "returned": returned,
        "receive_form": receive,
        "return_form": give_back,
        "report_form": report,
        "may_appraise": can(request.user, "lawdocs.appraise"),
        "deadline": selectors.appraisal_deadline(
            current.received_at, meeting_date=item.meeting_date, kind=item.kind, shortened=item.shortened
        )
        if current
        else None,
    }
    return render(request, "lawdocs/draft.html", context)


@capability_required("lawdocs.view")
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = year_param(request, "nam", today.year)
    quarters = []
    for q in range(1, 5):
        start, end = selectors.quarter_bounds(year, q)
        quarters.append({"quarter": q, "start": start, "end": end, **selectors.appraisals_count(start, end)})
    context = {
        "rows": selectors.appraisal_board(),
        "rules": selectors.appraisal_rules_on(today),
        "quarters": quarters,
        "year": year,
        "years": range(today.year - 5, today.year + 1),
    }
    return render(request, "lawdocs/board.html", context)


# --- Staff: review ---------------------------------------------------------------------


def _start_review(request: HttpRequest, data: Mapping[str, Any]) -> HttpResponse:
    return redirect("lawdocs:review", pk=services.review_run_start(actor=request.user, **data).pk)


def _reviews_latest() -> dict[str, Any]:
    today = timezone.localdate()
    return {"runs": ReviewRun.objects.all()[:100], "follow_ups": selectors.follow_ups()[:100], "today": today}


reviews = _register_page("lawdocs.review", ReviewRunForm, _start_review, "lawdocs/reviews.html", _reviews_latest)


@capability_required("lawdocs.view")
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ReviewRun, pk=pk)
    form = FindingForm(request.POST or None)

    def record(d: Mapping[str, Any]) -> ReviewFinding:
        fields = dict(d)
        doc = selectors.document_by_number(fields.pop("number"))
        if doc is None:
            raise ValidationError({"number": _("No document has this number.")})
        return services.review_finding_record(actor=request.user, run=run, document=doc, **fields)

    return _page_with_form(
        request,
        "lawdocs.review",
        form,
        record,
        done=lambda _finding: _saved(request, _("Finding recorded."), "lawdocs:review", run.pk),
        template="lawdocs/review.html",
        context=lambda: {
            "run": run,
            "findings": run.findings.select_related("document", "follow_up__owner").order_by("id"),
        },
    )


@capability_required("lawdocs.review")
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(FollowUp, pk=pk)
    form = FollowUpDoneForm(request.POST)
    if run_with_form(form, lambda d: services.follow_up_complete(actor=request.user, follow_up=item, **d)):
        messages.success(request, _("Follow-up done."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("lawdocs:reviews")


@capability_required("lawdocs.view")
@require_GET
def yearly_list(request: HttpRequest, year: int, fmt: str = "") -> HttpResponse:
    if not 2000 <= year <= 2100:
        raise Http404
    rows = selectors.expired_or_suspended_in(year)
    if fmt == "docx":
        response = HttpResponse(
            exports.yearly_list_docx(year, rows),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.yearly_list_xlsx(year, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt:
        raise Http404
    else:
        return render(
            request,
            "lawdocs/yearly.html",
            {
                "year": year,
                "rows": rows,
                "years": range(timezone.localdate().year, 2014, -1),
                "heading": exports.title_of(year, exports.issuing_province(year)),
            },
        )
    response["Content-Disposition"] = f'attachment; filename="danh-muc-het-hieu-luc-{year}.{fmt}"'
    return response


@capability_required("lawdocs.view")
@require_GET
def yearly_latest(request: HttpRequest) -> HttpResponse:
    """The list being compiled in January is last year's."""
    return redirect("lawdocs:yearly", year=timezone.localdate().year - 1)
