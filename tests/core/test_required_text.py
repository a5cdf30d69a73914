"""A text a person must give (a reason, what was done): one rule, ``core.text.required_text``,
for the services that ask for one (the dossiers' reasons, the lawdocs' return reason and
follow-up result): blank or spaces is an error on that field, the rest is kept without its
outer spaces."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tuphap.core.text import required_text


@pytest.mark.parametrize("blank", ["", " ", "\t\n  "])
def test_a_blank_text_is_an_error_on_its_field(blank: str) -> None:
    with pytest.raises(ValidationError) as error:
        required_text(blank, field="reason", message="Give the reason.")
    assert error.value.message_dict == {"reason": ["Give the reason."]}


def test_a_given_text_is_kept_without_its_outer_spaces() -> None:
    assert required_text("  Thiếu bản sao giấy khai sinh \n", field="reason", message="x") == (
        "Thiếu bản sao giấy khai sinh"
    )
    assert required_text("a  b", field="reason", message="x") == "a  b"  # inner spaces are the person's
