from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.core import params
from tuphap.workdays.core import UNITS
from tuphap.workdays.models import DayKind


class CalendarDayForm(forms.Form):
    date = params.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    kind = forms.ChoiceField(label=_("Kind"), choices=DayKind.choices)
    reason = forms.CharField(label=_("Reason"), max_length=255)
    source = forms.CharField(
        label=_("Legal source"),
        max_length=255,
        required=False,
        help_text=_("e.g. the official letter announcing the day off"),
    )


UNIT_LABELS = {
    "working_days": _("working days"),
    "working_hours": _("working hours"),
    "calendar_days": _("calendar days"),
}


class DueForm(forms.Form):
    received = params.DateTimeField(
        label=_("Received at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    amount = forms.IntegerField(label=_("Time limit"), min_value=0, max_value=3650, initial=5)
    unit = forms.ChoiceField(
        label=_("Unit"), choices=[(u, UNIT_LABELS.get(u, u)) for u in UNITS], initial="working_days"
    )
