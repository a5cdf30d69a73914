"""The working calendar's page: a year view, edits for administrators, and a
deadline calculator (HTMX) for every officer."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuphap.core.forms import add_service_errors
from tuphap.orgs.permissions import can, capability_required
from tuphap.workdays import selectors, services
from tuphap.workdays.core import WorkdaysError
from tuphap.workdays.forms import CalendarDayForm, DueForm
from tuphap.workdays.models import CalendarDay


@capability_required("workdays.view_calendar")
@require_http_methods(["GET", "POST"])
def calendar_year(request: HttpRequest, year: int | None = None) -> HttpResponse:
    if year is None:
        year = timezone.localdate().year
    if not selectors.FIRST_YEAR <= year <= selectors.LAST_YEAR:
        raise Http404
    may_edit = can(request.user, "workdays.edit_calendar")
    form = CalendarDayForm(request.POST or None, initial={"date": dt.date(year, 1, 1)})
    if request.method == "POST":
        if not may_edit:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            try:
                day = services.calendar_day_set(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved: %(day)s.") % {"day": day})
                return redirect("workdays:calendar_year", year=day.date.year)
    context = {
        "year": year,
        "months": selectors.year_view(year),
        "special_days": selectors.special_days(year),
        "working_days": selectors.working_day_count(year),
        "year_info": selectors.year_info(year),
        "form": form,
        "may_edit": may_edit,
        "due_form": DueForm(initial={"received": timezone.localtime().replace(second=0, microsecond=0), "amount": 5}),
        "years": range(selectors.FIRST_YEAR, selectors.LAST_YEAR + 1),
        "weekday_names": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
    }
    return render(request, "workdays/calendar.html", context)


@capability_required("workdays.edit_calendar")
@require_POST
def calendar_day_delete(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_object_or_404(CalendarDay, pk=pk)
    year = day.date.year
    services.calendar_day_remove(actor=request.user, day=day)
    messages.success(request, _("Removed: %(day)s.") % {"day": day})
    return redirect("workdays:calendar_year", year=year)


@capability_required("workdays.view_calendar")
@require_GET
def due_calculator(request: HttpRequest) -> HttpResponse:
    """The appointment for a receipt time and a time limit, with its explanation."""
    form = DueForm(request.GET)
    explanation = None
    error = None
    if form.is_valid():
        try:
            explanation = selectors.office_clock().explain(
                form.cleaned_data["received"], form.cleaned_data["amount"], form.cleaned_data["unit"]
            )
        except WorkdaysError as exc:
            error = str(exc)
    estimated = (
        selectors.estimated_years(form.cleaned_data["received"], explanation.due) if explanation is not None else []
    )
    return render(
        request,
        "workdays/_due.html",
        {"due_form": form, "explanation": explanation, "error": error, "estimated_years": estimated},
    )
