"""Pages of plans and tasks: the board, a task with its history, a leader's
conclusion, the directors' summary, plans and decisions, violation figures.
HTTP only: each view parses input, calls one service or selector, renders."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tuphap.core.forms import run_with_form, written_with_form
from tuphap.core.params import id_param, int_param
from tuphap.orgs.permissions import can, capability_required, visible_units
from tuphap.workplans import importer, rules, selectors, services
from tuphap.workplans.forms import (
    BoardFilterForm,
    CompleteForm,
    ConclusionForm,
    ImportForm,
    NoteForm,
    PlanForm,
    PlanIssueForm,
    PlanSubmitForm,
    QuarterForm,
    ReopenForm,
    RescheduleForm,
    StartForm,
    StatForm,
)
from tuphap.workplans.models import Plan, TaskSource, TaskStatus


def _current_quarter(request: HttpRequest) -> tuple[int, int, QuarterForm]:
    today = timezone.localdate()
    year, quarter = rules.quarter_of(today)
    form = QuarterForm(request.GET or None, initial={"year": year, "quarter": quarter})
    if form.is_valid():
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    elif not request.GET:
        form = QuarterForm(initial={"year": year, "quarter": quarter})
    return year, quarter, form


# --------------------------------------------------------------------------- tasks


@capability_required("workplans.view")
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    form = BoardFilterForm(request.GET or None, units=visible_units(request.user).order_by("name"))
    status = unit = None
    if form.is_valid():
        status, unit = form.cleaned_data["status"] or None, form.cleaned_data["unit"] or None
    source = int_param(request, "source", min=1)
    today = timezone.localdate()
    qs = selectors.tasks_filter(
        selectors.tasks_visible(request.user), status=status, unit=unit, source=source, today=today
    )
    context = {
        "form": form,
        "groups": selectors.task_board(qs, today),
        "today": today,
        "may_direct": can(request.user, "workplans.direct"),
    }
    template = "workplans/board.html#tasks" if request.htmx else "workplans/board.html"  # type: ignore[attr-defined]
    return render(request, template, context)


TASK_FORMS = {
    "start": StartForm,
    "note": NoteForm,
    "complete": CompleteForm,
    "reschedule": RescheduleForm,
    "reopen": ReopenForm,
}


@capability_required("workplans.view")
@require_http_methods(["GET", "POST"])
def task(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.tasks_visible(request.user), pk=pk)
    user = request.user
    forms = {name: cls(prefix=name) for name, cls in TASK_FORMS.items()}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in TASK_FORMS:
            return HttpResponse(status=400)
        form = TASK_FORMS[action](request.POST, prefix=action)
        forms[action] = form
        version = int_param(request, "version", source="POST")

        def act(data: Mapping[str, Any]) -> object:
            return services.task_act(actor=user, task=item, action=action, data=data, expected_version=version)

        if run_with_form(form, act):
            messages.success(request, _("Saved."))
            return redirect("workplans:task", pk=item.pk)
    today = timezone.localdate()
    status = item.status(today)
    in_scope = services.task_in_scope(user, item)
    context = {
        "task": item,
        "status": status,
        "status_label": TaskStatus(status).label,
        "overdue": status == rules.Status.OVERDUE,
        "history": selectors.task_history(item),
        "forms": forms,
        "may_edit": can(user, "workplans.edit") and in_scope,
        "may_note": can(user, "workplans.edit") and services.task_in_scope(user, item, coordinating=True),
        "may_direct": can(user, "workplans.direct") and in_scope,
        "done": item.state == "done",
    }
    return render(request, "workplans/task.html", context)


@capability_required("workplans.direct")
@require_http_methods(["GET", "POST"])
def conclusion_new(request: HttpRequest) -> HttpResponse:
    form = ConclusionForm(request.POST or None)

    def enter(d: Mapping[str, Any]) -> TaskSource:
        return services.conclusion_enter(
            actor=request.user,
            kind=d["kind"],
            number=d["number"],
            issued_on=d["issued_on"],
            issuer=d["issuer"],
            title=d["title"],
            text=d["text"],
            lead_unit=d["lead_unit"],
            deadline_kind=d["deadline_kind"],
            due_on=d["due_on"],
            deadline_days=d["deadline_days"],
        )

    source = written_with_form(form, enter) if request.method == "POST" else None
    if source is not None:
        messages.success(request, _("%(count)s tasks assigned.") % {"count": source.tasks.count()})
        return redirect(f"{_board_url()}?source={source.pk}")
    return render(request, "workplans/conclusion.html", {"form": form})


def _board_url() -> str:
    from django.urls import reverse

    return reverse("workplans:board")


@capability_required("workplans.direct")
@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    year, quarter, form = _current_quarter(request)
    today = timezone.localdate()
    context = {
        "rows": selectors.tasks_summary(selectors.tasks_visible(request.user), today),
        "statuses": TaskStatus.choices,
        "figures": selectors.quarter_figures(year, quarter),
        "year": year,
        "quarter": quarter,
        "quarter_form": form,
        "today": today,
    }
    return render(request, "workplans/summary.html", context)


# --------------------------------------------------------------------------- plans


@capability_required("workplans.view")
@require_http_methods(["GET", "POST"])
def plans(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PlanForm(prefix="new")
    if request.method == "POST":
        if not can(user, "workplans.edit"):
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "create":
            form = PlanForm(request.POST, prefix="new")
            if run_with_form(form, lambda d: services.plan_create(actor=user, **d)):
                messages.success(request, _("Saved."))
                return redirect("workplans:plans")
        elif action in ("submit", "issue"):
            plan = get_object_or_404(Plan, pk=id_param(request, "plan", source="POST"))
            sub = (
                PlanSubmitForm(request.POST, prefix=f"p{plan.pk}")
                if action == "submit"
                else PlanIssueForm(request.POST, prefix=f"p{plan.pk}")
            )
            call = (
                (lambda d: services.plan_submit(actor=user, plan=plan, **d))
                if action == "submit"
                else (lambda d: services.plan_record_issue(actor=user, plan=plan, **d))
            )
            if run_with_form(sub, call):
                messages.success(request, _("Saved."))
            else:
                messages.error(request, " ".join(str(e) for errors in sub.errors.values() for e in errors))
            return redirect("workplans:plans")
        else:
            return HttpResponse(status=400)
    year, quarter, quarter_form = _current_quarter(request)
    today = timezone.localdate()
    rows = [
        {"plan": p, "status": rules.plan_status(p.submitted_on, p.issued_on, p.due_on, today).value}
        for p in selectors.plans_all()[:500]
    ]
    context = {
        "rows": rows,
        "form": form,
        "quarter_form": quarter_form,
        "figures": selectors.quarter_figures(year, quarter),
        "year": year,
        "quarter": quarter,
        "may_edit": can(user, "workplans.edit"),
    }
    return render(request, "workplans/plans.html", context)


# --------------------------------------------------------------------------- violation figures


@capability_required("workplans.view")
@require_http_methods(["GET", "POST"])
def violations(request: HttpRequest) -> HttpResponse:
    user = request.user
    year, quarter, quarter_form = _current_quarter(request)
    form = StatForm(prefix="stat", initial={"year": year, "quarter": quarter})
    import_form = ImportForm(prefix="imp")
    report = None
    if request.method == "POST":
        if not can(user, "workplans.edit"):
            raise PermissionDenied
        if request.POST.get("action") == "import":
            import_form = ImportForm(request.POST, request.FILES, prefix="imp")
            results: list[importer.ImportReport] = []
            if run_with_form(
                import_form, lambda d: results.append(importer.violation_stats_import(actor=user, file=d["file"]))
            ):
                report = results[0]
        else:
            form = StatForm(request.POST, prefix="stat")
            if run_with_form(form, lambda d: services.violation_stat_save(actor=user, row=rules.StatRow(**d))):
                messages.success(request, _("Saved."))
                return redirect(
                    f"{request.path}?year={form.cleaned_data['year']}&quarter={form.cleaned_data['quarter']}"
                )
    context = {
        "table": selectors.violation_report(year, quarter),
        "periods": selectors.stat_periods(),
        "form": form,
        "import_form": import_form,
        "import_report": report,
        "quarter_form": quarter_form,
        "year": year,
        "quarter": quarter,
        "may_edit": can(user, "workplans.edit"),
    }
    return render(request, "workplans/violations.html", context)


@capability_required("workplans.view")
@require_GET
def violations_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        importer.template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="mau-so-lieu-xlvphc-{timezone.localdate():%Y}.xlsx"'
    return response
