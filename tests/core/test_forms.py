"""tuphap.core.forms.add_service_errors: a service's errors back on the form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from tuphap.core.forms import add_service_errors
from tuphap.dossiers.forms import service_field


class _Form(forms.Form):
    phone = forms.CharField(required=False)
    applicant_name = forms.CharField(required=False)


def _bound() -> _Form:
    form = _Form({"phone": "0912", "applicant_name": "An"})
    assert form.is_valid()
    return form


def test_field_errors_go_next_to_their_fields_and_unknown_fields_to_the_top() -> None:
    form = _bound()
    add_service_errors(form, ValidationError({"phone": ["Số điện thoại không hợp lệ.", "Quá ngắn."], "due": "Sai."}))
    assert form.errors["phone"] == ["Số điện thoại không hợp lệ.", "Quá ngắn."]
    assert form.non_field_errors() == ["Sai."]
    assert "phone" not in form.cleaned_data and form.cleaned_data["applicant_name"] == "An"


def test_an_error_without_a_field_goes_to_the_top() -> None:
    form = _bound()
    add_service_errors(form, ValidationError("Hồ sơ đã đóng."))
    assert form.non_field_errors() == ["Hồ sơ đã đóng."]
    form = _bound()
    add_service_errors(form, ValidationError(["Một.", "Hai."]))
    assert form.non_field_errors() == ["Một.", "Hai."]


def test_the_dossier_services_fields_are_named_as_on_the_desk_form() -> None:
    assert service_field("applicant.phone") == "phone"
    assert service_field("applicant.name") == "applicant_name"
    assert service_field("name") == "name" and service_field("reason") == "reason"
    form = _bound()
    add_service_errors(
        form,
        ValidationError({"applicant.name": "Xin nhập họ tên.", "applicant.phone": "Sai số.", "applicant.email": "X."}),
        field_name=service_field,
    )
    assert form.errors["applicant_name"] == ["Xin nhập họ tên."] and form.errors["phone"] == ["Sai số."]
    assert form.non_field_errors() == ["X."]  # the form has no email field
