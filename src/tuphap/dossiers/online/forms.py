"""The online application form: the applicant's contact, delivery, one upload per component, declaration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuphap.dossiers.models import Dossier, OnlineApplication
from tuphap.dossiers.online.components import Component
from tuphap.dossiers.online.services import COMPONENT_PREFIX


class ApplyForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("How do you want to receive the result?"),
        choices=OnlineApplication.Delivery.choices,
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(label=_("Phone"), max_length=15, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    address = forms.CharField(
        label=_("Address"), max_length=255, required=False, help_text=_("Needed when the result is posted.")
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    declaration = forms.BooleanField(
        label=_("I declare that the information and the attached files are true and I take responsibility for them."),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        components: list[Component],
        draft: bool = False,
        kept: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.components = components
        self.kept = dict(kept or {})  # component id -> the draft's file (``OnlineDraftFile``)
        for c in components:
            self.fields[f"{COMPONENT_PREFIX}{c.id}"] = forms.FileField(
                label=c.name,
                required=False,  # the service says which are missing, with the component's name
                widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}),
            )
        if draft:
            self.fields["delivery"].required = False

    def component_fields(self) -> list[forms.BoundField]:
        return [self[f"{COMPONENT_PREFIX}{c.id}"] for c in self.components]

    def component_rows(self) -> list[dict[str, Any]]:
        """Each component's upload with the file the draft keeps for it (None: none kept)."""
        return [
            {"field": self[f"{COMPONENT_PREFIX}{c.id}"], "kept": self.kept.get(c.id), "component": c}
            for c in self.components
        ]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class SupplementForm(forms.Form):
    """The note beside the supplement; the files come as ``files`` (several), judged by the service."""

    note = forms.CharField(
        label=_("Note to the officer (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How satisfied are you with how the dossier was handled?"),
        choices=Dossier.Rating.choices,
        widget=forms.RadioSelect,
    )
