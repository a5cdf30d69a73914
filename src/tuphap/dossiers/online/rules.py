"""When an electronic dossier counts as received (issue 18): the rule the desk's ``receive`` applies
to a dossier that came online. Decree 45/2020/NĐ-CP, Art. 11(1), has the portal notify the
applicant of "the official receipt time" (read in a secondary summary); which instant that is, and
that after office hours it is the next opening of the office, is the practice of provincial systems,
unconfirmed in a text (docs/domain/onestop.md, "Electronic dossiers": "chưa xác nhận")."""

from __future__ import annotations

import datetime as dt
from typing import Any


def electronic_receipt_instant(clock: Any, at: dt.datetime) -> dt.datetime:
    """The instant an electronic dossier counts from on the agency's office clock: ``at`` itself
    in office hours; after hours or on a day off, the next opening of the office."""
    return clock.instant_at(clock.office_seconds_at(at) + 1) - dt.timedelta(seconds=1)
