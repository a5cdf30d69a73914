"""Forms of the legal documents pages (errors next to the field, in Vietnamese)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from tuphap.core import params
from tuphap.lawdocs.models import (
    AppraisalReport,
    Conclusion,
    DocumentType,
    DraftKind,
    IssuingLevel,
    Outcome,
    RelationKind,
    ReviewKind,
)
from tuphap.lawdocs.search.folding import query_problem
from tuphap.lawdocs.status import Status

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


def _dt_field(label: Any) -> params.DateTimeField:
    return params.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _date_field(label: Any, required: bool = True) -> forms.DateField:
    # no bounds here: the services check the registry's dates (1945–2100) with their own messages
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


STATUS_LABELS = {
    Status.NOT_YET_IN_FORCE: _("not yet in force"),
    Status.IN_FORCE: _("in force"),
    Status.PARTLY_EXPIRED: _("expired in part"),
    Status.EXPIRED: _("expired"),
    Status.SUSPENDED: _("suspended"),
}


QUERY_PROBLEMS = {
    "prefix_short": _("A prefix (word*) needs at least %(limit)s letters."),
    "prefixes": _("At most %(limit)s prefixes (word*) per search."),
    "terms": _("At most %(limit)s words or phrases per search."),
}


def query_error(query: str) -> str | None:
    """Why a search query is refused (too broad: see ``folding.query_problem``), in words."""
    problem = query_problem(query)
    if problem is None:
        return None
    kind, limit = problem
    return str(QUERY_PROBLEMS[kind]) % {"limit": limit}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words, “phrase”, prefix* or number"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("all"))] + list(DocumentType.choices))
    issuer = forms.CharField(label=_("Issuing body"), required=False, max_length=100)
    field = forms.CharField(label=_("Field"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any"))] + [(k.value, v) for k, v in STATUS_LABELS.items()]
    )
    at = _date_field(_("on"), required=False)
    issued_from = _date_field(_("issued from"), required=False)
    issued_to = _date_field(_("issued until"), required=False)

    def clean_q(self) -> str:
        query: str = self.cleaned_data["q"]
        error = query_error(query)
        if error:
            raise forms.ValidationError(error, code="too_broad")
        return query


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=DraftKind.choices,
        initial=DraftKind.PROVINCE_COMMITTEE_DECISION,
        required=False,
    )
    # older clients send the type only: a provincial document of that type
    doc_type = forms.ChoiceField(choices=DocumentType.choices, required=False, widget=forms.HiddenInput)
    shortened = forms.BooleanField(label=_("Shortened procedure"), required=False)
    lead_agency = forms.CharField(label=_("Lead drafting agency"), max_length=255)
    sets_policy = forms.BooleanField(label=_("Sets policy (impact report required)"), required=False)
    consultees = forms.CharField(
        label=_("Required consultees (one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="Sở Tài chính\nSở Nội vụ\nSở Tư pháp\nSở Khoa học và Công nghệ",
    )
    meeting_date = _date_field(_("Meeting date"), required=False)

    def clean_consultees(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["consultees"].splitlines() if line.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("kind") and not data.get("doc_type"):
            self.add_error("kind", _("Choose the kind of document."))
        return data


class ReceiveForm(forms.Form):
    received_at = _dt_field(_("Received at"))


class ReturnForm(forms.Form):
    returned_at = _dt_field(_("Returned at"))
    reason = forms.CharField(label=_("What is missing"), widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(forms.Form):
    number = forms.CharField(label=_("Report number"), required=False, max_length=60)
    issued_at = _dt_field(_("Issued at"))
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=Conclusion.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in AppraisalReport.SECTIONS:
            model_field = AppraisalReport._meta.get_field(name)
            self.fields[name] = forms.CharField(
                label=model_field.verbose_name, required=name == "legality", widget=forms.Textarea(attrs={"rows": 2})
            )


class ReviewRunForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReviewKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    topic = forms.CharField(label=_("Topic"), required=False, max_length=255)
    period_start = _date_field(_("Period from"))
    period_end = _date_field(_("Period until"))


class FindingForm(forms.Form):
    number = forms.CharField(label=_("Document number"), max_length=100)
    articles = forms.CharField(label=_("Articles (empty: whole document)"), required=False, max_length=255)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(
        label=_("Owner of the follow-up"),
        required=False,
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
    )
    due_on = _date_field(_("Follow-up due on"), required=False)


class FollowUpDoneForm(forms.Form):
    done_on = _date_field(_("Done on"))
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(forms.Form):
    """The registry's fields of a document (the service cleans the texts, parses the number
    and checks the dates against 1945–2100, the expiry against the entry into force)."""

    number = forms.CharField(label=_("Number"), max_length=100, help_text=_("As written, e.g. 12/2022/QĐ-UBND"))
    doc_type = forms.ChoiceField(label=_("Type"), choices=DocumentType.choices)
    issuer = forms.CharField(label=_("Issuing body"), max_length=255)
    level = forms.ChoiceField(
        label=_("Issuing level"), choices=IssuingLevel.choices, initial=IssuingLevel.PROVINCE, required=False
    )
    signer = forms.CharField(label=_("Signer"), required=False, max_length=255)
    title = forms.CharField(label=_("Title"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    field = forms.CharField(label=_("Field"), required=False, max_length=200)
    issued_on = _date_field(_("Issued on"))
    effective_from = _date_field(_("Effective from"))
    expires_on = _date_field(_("No longer in force from"), required=False)
    gazette_ref = forms.CharField(
        label=_("Official Gazette"), required=False, max_length=255, help_text=_("Issue and page, e.g. Số 15, trang 3")
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=255)
    text = forms.CharField(label=_("Full text"), required=False, widget=forms.Textarea(attrs={"rows": 12}))

    def clean_level(self) -> str:
        return self.cleaned_data.get("level") or IssuingLevel.PROVINCE

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        issued, effective = data.get("issued_on"), data.get("effective_from")
        if issued and effective and effective < issued:
            # local documents may not take effect retroactively (Law 80/2015 art. 152); a page typo, mostly.
            # Only the page checks it: the API and the import take the dates as the source gives them.
            self.add_error(
                "effective_from",
                _("A document cannot take effect (%(effective)s) before it is issued (%(issued)s).")
                % {"effective": f"{effective:%d/%m/%Y}", "issued": f"{issued:%d/%m/%Y}"},
            )
        return data


class DocumentFileForm(forms.Form):
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,.odt"}))

    def __init__(self, *args: Any, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, DOC, DOCX or ODT, at most %(mb)s MB.") % {
            "mb": f"{max_bytes / 1048576:g}"
        }


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("This document"), choices=RelationKind.choices)
    to = forms.CharField(label=_("Document number"), max_length=100)
    date = _date_field(_("Takes effect on"))
    articles = forms.CharField(label=_("Articles (empty: whole document)"), required=False, max_length=255)
    ends_on = _date_field(_("Ends on (suspensions)"), required=False)
