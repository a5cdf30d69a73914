"""Forms of the desk, the inbox, the dossier page and the citizen pages.

Forms check the shape of the input and give the field's error in Vietnamese;
the services check everything else (their ValidationError messages are put
back next to the same fields by ``tuphap.core.forms.add_service_errors``,
with ``service_field`` naming the desk form's fields)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuphap.core import params
from tuphap.dossiers.models import Channel, Dossier, DossierAttachment, LimitUnit
from tuphap.dossiers.validation import normalise_citizen_id, normalise_other_papers, normalise_phone
from tuphap.dossiers.workflow import STATE_LABELS_VI, State

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


def service_field(field: str) -> str:
    """The desk form's field for a dossier service's field (``applicant.phone``
    → ``phone``, ``applicant.name`` → ``applicant_name``); for
    ``tuphap.core.forms.add_service_errors``."""
    if not field.startswith("applicant."):
        return field
    name = field.removeprefix("applicant.")
    return {"name": "applicant_name"}.get(name, name)


def check_applicant_field(name: str, value: str, id_type: str = "cccd") -> str | None:
    """The error of one applicant field as typed at the desk (None: fine)."""
    value = value.strip()
    try:
        if name == "phone" and value:
            normalise_phone(value)
        elif name == "id_number" and value:
            normalise_citizen_id(value) if id_type == "cccd" else normalise_other_papers(value)
        elif name == "email" and value:
            forms.EmailField().clean(value)
        elif name == "applicant_name" and not value:
            return str(_("Enter the applicant's full name."))
    except ValueError as exc:
        return str(exc)
    except ValidationError:
        return str(_("Enter a valid email address."))
    return None


class DeskForm(forms.Form):
    q = forms.CharField(label=_("Find a procedure (name or code)"), required=False, max_length=100)
    procedure = forms.ChoiceField(label=_("Procedure"))
    components = forms.MultipleChoiceField(
        label=_("Components received"), required=False, widget=forms.CheckboxSelectMultiple
    )
    applicant_name = forms.CharField(label=_("Applicant's full name"), max_length=255)
    id_type = forms.ChoiceField(label=_("ID papers"), choices=Dossier.IdType.choices, initial=Dossier.IdType.CITIZEN_ID)
    id_number = forms.CharField(label=_("ID number"), max_length=20, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(Channel.DESK, Channel.DESK.label), (Channel.POST, Channel.POST.label)],
        initial=Channel.DESK,
    )
    receiving_point = forms.ChoiceField(
        label=_("Receiving point"),
        required=False,
        help_text=_("Empty: your own point, or the provincial centre; by post: the public post"),
    )
    scanned = forms.BooleanField(label=_("Components scanned into the system"), required=False)
    missing = forms.CharField(
        label=_("Missing items (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(
        label=_("Reason (refusal or request to supplement)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # one-time token of this page (tuphap.core.idempotency): sending the form twice shows the first result
    form_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        procedures: list[Any],
        components: list[str] | None = None,
        points: list[Any] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = [("", "—")] + [(p.code, f"{p.name} ({p.code})") for p in procedures]
        self.fields["receiving_point"].choices = [("", "—")] + [(p.code, p.name) for p in points]
        self.fields["components"].choices = [(c, c) for c in (components or [])]
        for name in ("applicant_name", "id_number", "phone", "email"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs.update({"inputmode": "tel"})
        self.fields["id_number"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["email"].widget.attrs.update({"inputmode": "email"})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("applicant_name", "phone", "id_number", "email"):
            if name in data:
                error = check_applicant_field(name, data.get(name) or "", data.get("id_type") or "cccd")
                if error:
                    self.add_error(name, error)
        return data

    def applicant(self) -> dict[str, str]:
        d = self.cleaned_data
        return {
            "name": d["applicant_name"],
            "id_type": d["id_type"],
            "id_number": d["id_number"],
            "phone": d["phone"],
            "email": d["email"],
            "address": d["address"],
        }

    def missing_items(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("missing") or "").splitlines() if line.strip()]


SCOPES = [("mine", _("My dossiers")), ("unit", _("My unit's dossiers"))]
DUE_FILTERS = [("", _("All")), ("overdue", _("Overdue")), ("due_soon", _("Due within one working day"))]


class InboxFilterForm(forms.Form):
    scope = forms.ChoiceField(label=_("Show"), choices=SCOPES, required=False)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All"))] + [(s.value, STATE_LABELS_VI[s]) for s in State]
    )
    due = forms.ChoiceField(label=_("Deadline"), choices=DUE_FILTERS, required=False)
    q = forms.CharField(label=_("Search (code or applicant)"), required=False, max_length=100)


class AssignForm(forms.Form):
    handler = forms.ChoiceField(label=_("Handler"))
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args: Any, handlers: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = [(u.username, u.get_full_name() or u.username) for u in handlers]


class ForwardForm(AssignForm):
    step_days = forms.IntegerField(label=_("Working days for this step"), required=False, min_value=1, max_value=365)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].label = _("Hand over to")


class SupplementForm(forms.Form):
    items = forms.CharField(label=_("Missing items (one per line)"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def item_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class FeePaidForm(forms.Form):
    online = forms.BooleanField(label=_("Paid online"), required=False)


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the delay"), widget=forms.Textarea(attrs={"rows": 2}))
    new_due_at = params.DateTimeField(
        label=_("New appointment"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Dossier.Outcome.choices, widget=forms.RadioSelect, initial=Dossier.Outcome.APPROVED
    )
    reason = forms.CharField(
        label=_("Reasons (required when rejected)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    electronic_result = forms.BooleanField(label=_("Electronic result attached"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=_("Your rating"), choices=Dossier.Rating.choices, widget=forms.RadioSelect)


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "assign": AssignForm,
    "forward": ForwardForm,
    "request_supplement": SupplementForm,
    "supplement_received": NoteForm,
    "request_fee": NoteForm,
    "fee_paid": FeePaidForm,
    "extend": ExtendForm,
    "resolve": ResolveForm,
    "stop": ReasonForm,
    "withdraw": ReasonForm,
    "return": NoteForm,
    "rate": RateForm,
    "refuse": ReasonForm,
    "receive": NoteForm,
}


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DossierAttachment.Kind.choices)
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG, at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class RegisterForm(forms.Form):
    start = params.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = params.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end date is before the start date."))
            elif end - start > dt.timedelta(days=366):
                self.add_error("end", _("A register covers at most one year."))
        return data


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Dossier code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Last four digits of the phone number"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{4}", "autocomplete": "off"}),
    )

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if not value.isdigit():
            raise ValidationError(_("Enter the last four digits of the phone number."))
        return value


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search procedures"), required=False, max_length=100)
    field = forms.ChoiceField(label=_("Field"), required=False)
    # the catalogue as it was (or will be) on a day; empty: today
    on = forms.DateField(
        label=_("In force on"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, fields: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("All fields"))] + [(f, f) for f in fields]


def local_now() -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class TimeVariantForm(forms.Form):
    """Apply one of the procedure version's time-limit variants (``services.dossier_apply_time_variant``)."""

    variant = forms.ChoiceField(label=_("Time limit to apply"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args: Any, variants: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_labels = dict(LimitUnit.choices)
        self.fields["variant"].choices = [
            (v["key"], f"{v['label']}: {v['amount']} {unit_labels.get(v['unit'], v['unit'])} ({v['condition']})")
            for v in variants
        ]
