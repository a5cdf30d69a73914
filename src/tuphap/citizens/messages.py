"""The texts sent to citizens about their portal account, always in Vietnamese (``in_vietnamese``).

The msgids are English like the rest of the code; the Vietnamese is in this app's catalogue.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from tuphap.core.notifications import in_vietnamese


@in_vietnamese
def verification_code(*, code: str, minutes: int) -> tuple[str, str]:
    """The one-time code that verifies an account's phone or email: ``(email subject, text)``;
    an SMS carries the text alone."""
    return (
        _("Account verification code"),
        _(
            "Verification code for the public-service account of the Department of Justice: %(code)s (valid for %(minutes)s minutes)."  # noqa: E501
        )
        % {"code": code, "minutes": minutes},
    )
