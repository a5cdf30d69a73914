"""Numbers, pages, years and dates from requests: one parser for every view and form.

``str.isdigit()`` accepts characters that ``int()`` refuses (``²``) and ``int()``
accepts characters no form sends (``０``, ``٣``); a number with twenty-three
digits overflows the database's integers, and year 0001 or 9999 the conversion
to UTC. So, everywhere:

* a number is ASCII digits (a leading ``-`` only where negatives make sense)
  within the bounds the caller names;
* a **page** number is a navigation hint, never an error: anything that is not
  a page number reads as the first page, a number past the last page (or past
  :data:`MAX_PAGE`) as past the end, which the paginator shows as the last page;
* the **id** of an object to act on that is no id names nothing: a 404, as an
  unknown id (:func:`id_param`);
* every other number, year or date out of shape or out of bounds is a **400**
  whose page names the parameter and the bounds in Vietnamese
  (:class:`ParamError`, rendered by ``core.views.error_400``);
* a year lies in :data:`YEAR_MIN`..:data:`YEAR_MAX`, a date between
  :data:`DATE_MIN` and :data:`DATE_MAX`; the form fields :class:`DateField` and
  :class:`DateTimeField` hold the same bounds (an error next to the field).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

__all__ = [
    "AMOUNT_MAX",
    "DATE_MAX",
    "DATE_MIN",
    "INT_MAX",
    "MAX_PAGE",
    "YEAR_MAX",
    "YEAR_MIN",
    "DateField",
    "DateTimeField",
    "ParamError",
    "date_param",
    "id_param",
    "int_param",
    "page_param",
    "parse_int",
    "year_param",
]

YEAR_MIN, YEAR_MAX = 1945, 2100
DATE_MIN, DATE_MAX = dt.date(YEAR_MIN, 1, 1), dt.date(YEAR_MAX, 12, 31)
#: The largest identifier or count a request may name (the databases' signed 32-bit integers).
INT_MAX = 2**31 - 1
#: The largest amount of money (VND) or count a form takes: a million billion.
AMOUNT_MAX = 10**15
#: Pages beyond this one read as past the end (a list of 20 a page holds 200,000 rows there).
MAX_PAGE = 10_000

_INT_RE = re.compile(r"-?[0-9]{1,18}")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

Source = Literal["GET", "POST"]


class ParamError(BadRequest):
    """A request parameter out of shape or out of bounds: a 400 with a Vietnamese message."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def parse_int(raw: str, *, min: int = 0, max: int = INT_MAX) -> int | None:  # noqa: A002 - the bounds' names
    """The integer ``raw`` spells in ASCII digits within ``min``..``max``, else None."""
    raw = raw.strip()
    if not _INT_RE.fullmatch(raw):
        return None
    value = int(raw)
    return value if min <= value <= max else None


def _raw(request: HttpRequest, name: str, source: Source) -> str:
    data = request.POST if source == "POST" else request.GET
    value = data.get(name, "")
    return value if isinstance(value, str) else ""


_WHOLE_NUMBER = gettext_lazy("“%(name)s” must be a whole number from %(min)s to %(max)s.")
_YEAR = gettext_lazy("“%(name)s” must be a year from %(min)s to %(max)s.")


def _bounded_int[D: (int, None)](
    request: HttpRequest,
    name: str,
    default: D,
    *,
    min: int,  # noqa: A002
    max: int,  # noqa: A002
    source: Source,
    message: object,
) -> int | D:
    """``default`` when the parameter is absent or empty, its integer value within
    ``min``..``max``, else a 400 whose ``message`` names the parameter and the bounds."""
    raw = _raw(request, name, source).strip()
    if not raw:
        return default
    value = parse_int(raw, min=min, max=max)
    if value is None:
        raise ParamError(name, str(message) % {"name": name, "min": min, "max": max})
    return value


def int_param(
    request: HttpRequest,
    name: str,
    default: int | None = None,
    *,
    min: int = 0,  # noqa: A002
    max: int = INT_MAX,  # noqa: A002
    source: Source = "GET",
) -> int | None:
    """An integer parameter: ``default`` when absent or empty; a 400 when it is not
    an integer within ``min``..``max``."""
    return _bounded_int(request, name, default, min=min, max=max, source=source, message=_WHOLE_NUMBER)


def id_param(request: HttpRequest, name: str, *, source: Source = "GET") -> int | None:
    """The id of an object to act on (a form's ``file``, ``plan``): None when absent;
    a value that is no id names nothing, like an unknown one: a 404."""
    raw = _raw(request, name, source).strip()
    if not raw:
        return None
    value = parse_int(raw, min=1)
    if value is None:
        raise Http404(name)
    return value


def page_param(request: HttpRequest, name: str = "trang") -> int:
    """A page number, 1 when absent or not a page number, :data:`MAX_PAGE` when beyond it
    (never an error: the paginator shows a page past the end as the last one)."""
    raw = _raw(request, name, "GET").strip()
    if raw.isascii() and raw.isdigit():
        value = int(raw) if len(raw) <= 6 else MAX_PAGE
        return min(max(value, 1), MAX_PAGE)
    return 1


def year_param(request: HttpRequest, name: str, default: int, *, source: Source = "GET") -> int:
    """A year in :data:`YEAR_MIN`..:data:`YEAR_MAX`; ``default`` when absent; a 400 otherwise."""
    return _bounded_int(request, name, default, min=YEAR_MIN, max=YEAR_MAX, source=source, message=_YEAR)


def date_param(
    request: HttpRequest, name: str, default: dt.date | None = None, *, source: Source = "GET"
) -> dt.date | None:
    """A date written YYYY-MM-DD between :data:`DATE_MIN` and :data:`DATE_MAX`;
    ``default`` when absent; a 400 otherwise."""
    raw = _raw(request, name, source).strip()
    if not raw:
        return default
    day = None
    if _DATE_RE.fullmatch(raw):
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            day = None
    if day is None or not DATE_MIN <= day <= DATE_MAX:
        raise ParamError(
            name,
            _("“%(name)s” must be a date (YYYY-MM-DD) from %(min)s to %(max)s.") % {"name": name, **_date_bounds()},
        )
    return day


def _date_bounds() -> dict[str, str]:
    return {"min": DATE_MIN.strftime("%d/%m/%Y"), "max": DATE_MAX.strftime("%d/%m/%Y")}


# --------------------------------------------------------------------------- form fields

_FIELD_MESSAGE = gettext_lazy("Enter a date from %(min)s to %(max)s.")


def _check_day(day: dt.date | None) -> None:
    if day is not None and not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(str(_FIELD_MESSAGE) % _date_bounds(), code="out_of_range")


class DateField(forms.DateField):
    """A date field within :data:`DATE_MIN`..:data:`DATE_MAX` (year 0001 or 9999 is a
    typing error, and would not even convert to UTC)."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        _check_day(value)


class DateTimeField(forms.DateTimeField):
    """A date and time whose day lies within :data:`DATE_MIN`..:data:`DATE_MAX`."""

    def to_python(self, value: Any) -> dt.datetime | None:
        try:
            return super().to_python(value)
        except OverflowError:  # year 0001 in a time zone east of UTC
            raise ValidationError(str(_FIELD_MESSAGE) % _date_bounds(), code="out_of_range") from None

    def validate(self, value: Any) -> None:
        super().validate(value)
        _check_day(value.date() if value is not None else None)
