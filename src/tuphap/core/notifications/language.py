"""The language of what is sent to people outside the office.

Applicants and citizens read Vietnamese whatever language the officer's screen
or a background job is in. Each app keeps its message texts in a small module
of builders (msgids in English, Vietnamese in the app's catalogue) and wraps
each builder with ``in_vietnamese``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.utils import translation

RECIPIENT_LANGUAGE = "vi"


def in_vietnamese[**P, R](builder: Callable[P, R]) -> Callable[P, R]:
    """Run ``builder`` with Vietnamese active, then give the caller's language back (already active, as in
    most requests, it is left as it is: switching costs more than a message's texts)."""

    @wraps(builder)
    def render(*args: P.args, **kwargs: P.kwargs) -> R:
        if translation.get_language() == RECIPIENT_LANGUAGE:
            return builder(*args, **kwargs)
        with translation.override(RECIPIENT_LANGUAGE):
            return builder(*args, **kwargs)

    return render
