"""Forms of the workplans pages; the services do the checking that matters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.core import params
from tuphap.orgs.models import Unit
from tuphap.workplans import rules
from tuphap.workplans.models import DeadlineKind, PlanField, PlanKind, SourceKind, TaskStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _units() -> Any:
    return Unit.objects.filter(is_active=True).order_by("name")


class BoardFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Task status"), required=False, choices=[("", _("All statuses")), *TaskStatus.choices]
    )
    unit = forms.ChoiceField(label=_("Lead unit"), required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [
            ("", _("All units")),
            *[(u.code, u.name) for u in (units if units is not None else _units())],
        ]


class DeadlineMixin(forms.Form):
    deadline_kind = forms.ChoiceField(label=_("Deadline"), choices=DeadlineKind.choices, initial=DeadlineKind.DATE)
    due_on = params.DateField(label=_("Due on"), required=False, widget=DATE)
    deadline_days = forms.IntegerField(label=_("Days"), required=False, min_value=1, max_value=3650)


class ConclusionForm(DeadlineMixin):
    kind = forms.ChoiceField(label=_("Kind"), choices=SourceKind.choices, initial=SourceKind.CONCLUSION)
    number = forms.CharField(label=_("Number"), max_length=60, required=False)
    issued_on = params.DateField(label=_("Issued on"), widget=DATE)
    issuer = forms.CharField(label=_("Issuer"), max_length=255, required=False)
    title = forms.CharField(label=_("Title"), max_length=500)
    text = forms.CharField(
        label=_("Tasks"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("One task per numbered item (1., 2., …) or bullet (-); each becomes a task."),
    )
    lead_unit = forms.ModelChoiceField(
        label=_("Lead unit"), queryset=Unit.objects.none(), required=False, empty_label=_("The department")
    )
    field_order = [
        "kind",
        "number",
        "issued_on",
        "issuer",
        "title",
        "text",
        "lead_unit",
        "deadline_kind",
        "due_on",
        "deadline_days",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _units()  # type: ignore[attr-defined]

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if not rules.split_conclusion(text):
            raise forms.ValidationError(_("The conclusion has no task."))
        return text


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Progress note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class StartForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=5000)


class CompleteForm(forms.Form):
    result_document = forms.CharField(
        label=_("Result document"), max_length=500, help_text=_("E.g. Report No. 45/BC-STP of 20/3/2022.")
    )
    on = params.DateField(label=_("Completed on"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=5000)


class RescheduleForm(DeadlineMixin):
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class QuarterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=[(q, q) for q in (1, 2, 3, 4)])


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices)
    field = forms.ChoiceField(label=_("Field"), choices=PlanField.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none(), required=False)
    basis = forms.CharField(
        label=_("Basis"),
        max_length=255,
        required=False,
        help_text=_("E.g. the Prime Minister's plan that the province implements."),
    )
    basis_issued_on = params.DateField(label=_("Basis issued on"), required=False, widget=DATE)
    rule_code = forms.ChoiceField(
        label=_("Deadline rule"),
        required=False,
        choices=[("", _("None")), ("implementation_plan", _("Implementation plan (Decree 80/2025: 10 days)"))],
    )
    due_on = params.DateField(label=_("Due on"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _units()  # type: ignore[attr-defined]


class PlanSubmitForm(forms.Form):
    submitted_on = params.DateField(label=_("Submitted on"), widget=DATE)
    submission_number = forms.CharField(label=_("Submission number"), max_length=60, required=False)


class PlanIssueForm(forms.Form):
    issued_number = forms.CharField(label=_("Issued number"), max_length=60)
    issued_on = params.DateField(label=_("Issued on"), widget=DATE)


class StatForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=[(q, q) for q in (1, 2, 3, 4)])
    reporter = forms.CharField(label=_("Reporting body"), max_length=255)
    field = forms.ChoiceField(label=_("Field"), choices=[(f.value, rules.FIELD_NAMES_VI[f]) for f in rules.Field])
    decisions = forms.IntegerField(label=_("Sanctioning decisions"), min_value=0, max_value=params.INT_MAX)
    fines_imposed = forms.IntegerField(label=_("Fines imposed (VND)"), min_value=0, max_value=params.AMOUNT_MAX)
    fines_collected = forms.IntegerField(label=_("Fines collected (VND)"), min_value=0, max_value=params.AMOUNT_MAX)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX file"))
