from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tuphap.core import params
from tuphap.portal.images import prepare_image
from tuphap.portal.models import Announcement, Article


class ArticleForm(forms.ModelForm):
    """The editor's form; saving goes through the services, never ``form.save()``."""

    image = forms.FileField(
        label=_("Add a photo"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, at most 8 MB; resized to 1600 pixels."),
    )
    caption = forms.CharField(label=_("Caption of the photo"), max_length=300, required=False)

    class Meta:
        model = Article
        fields = ["category", "title", "lead", "body", "byline"]
        widgets = {"lead": forms.Textarea(attrs={"rows": 3})}

    def clean_image(self) -> Any:
        upload = self.cleaned_data.get("image")
        if upload:
            prepare_image(upload)  # raises ValidationError shown next to the field
            upload.seek(0)
        return upload


class PublishForm(forms.Form):
    at = params.DateTimeField(
        label=_("Publish at (empty: now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["title", "body", "pinned", "valid_from", "valid_to"]
        field_classes = {"valid_from": params.DateField, "valid_to": params.DateField}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 4}),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("valid_to") and data.get("valid_from") and data["valid_to"] < data["valid_from"]:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})
        return data


class OptionsForm(forms.Form):
    approval_required = forms.BooleanField(label=_("Directors approve articles before publication"), required=False)
    visits_imported = forms.IntegerField(
        label=_("Visits imported from the old portal"), min_value=0, max_value=params.AMOUNT_MAX, required=True
    )
