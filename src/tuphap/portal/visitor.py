"""The visitor rules, in pure Python (no Django): what one request counts.

A visitor is the first-party cookie the server sets on the first request; a
request without it is a new visitor. The cookie carries a random id, the time
of the visitor's last request and the articles whose view was counted in the
last hour. From it, each request decides:

- a **visit** starts when the visitor had no request for 30 minutes (or is new);
- an article **view** counts once per visitor per article per hour;
- the visitor is **online** while seen in the last 5 minutes (kept server-side).

Nothing about the person is kept: no IP address, no user agent; the cookie
expires two hours after the last request, when both rules have lapsed anyway.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

VISIT_SILENCE = 30 * 60  # seconds of silence after which a request starts a new visit
VIEW_WINDOW = 60 * 60  # an article view counts once per visitor per hour
ONLINE_WINDOW = 5 * 60  # "online now": seen in the last five minutes
COOKIE_LIFETIME = 2 * 60 * 60  # forget the visitor two hours after the last request
MAX_REMEMBERED_VIEWS = 40  # articles remembered per visitor (the oldest is dropped first)

_VID_RE = re.compile(r"^[0-9a-f]{16}$")


@dataclass
class VisitorState:
    vid: str
    last: int  # epoch seconds of the last request
    views: dict[int, int] = field(default_factory=dict)  # article id -> epoch seconds of the counted view


@dataclass(frozen=True)
class Outcome:
    state: VisitorState
    new_visitor: bool
    new_visit: bool
    count_view: bool


def new_vid() -> str:
    return secrets.token_hex(8)


def encode(state: VisitorState) -> str:
    """A cookie-safe text: ``vid.last.id-ts_id-ts`` (hexadecimal numbers)."""
    views = "_".join(f"{aid:x}-{ts:x}" for aid, ts in state.views.items())
    return f"{state.vid}.{state.last:x}.{views}"


def decode(text: str) -> VisitorState | None:
    """The state in a cookie, or None when it is not one of ours."""
    try:
        vid, last, views = text.split(".")
        if not _VID_RE.match(vid):
            return None
        parsed: dict[int, int] = {}
        if views:
            for item in views.split("_")[:MAX_REMEMBERED_VIEWS]:
                aid, ts = item.split("-")
                parsed[int(aid, 16)] = int(ts, 16)
        return VisitorState(vid=vid, last=int(last, 16), views=parsed)
    except ValueError:
        return None


def track(state: VisitorState | None, now: int, article_id: int | None = None) -> Outcome:
    """Decide what a request at ``now`` counts, and the visitor's next state."""
    new_visitor = state is None
    if state is None:
        state = VisitorState(vid=new_vid(), last=now)
        new_visit = True
    else:
        # a clock going backwards (another server) never starts a visit
        new_visit = now - state.last >= VISIT_SILENCE
    views = {aid: ts for aid, ts in state.views.items() if now - ts < VIEW_WINDOW and ts <= now}
    count_view = article_id is not None and article_id not in views
    if count_view:
        views[article_id] = now  # type: ignore[index]
    if len(views) > MAX_REMEMBERED_VIEWS:
        views = dict(sorted(views.items(), key=lambda item: item[1])[-MAX_REMEMBERED_VIEWS:])
    next_state = VisitorState(vid=state.vid, last=max(now, state.last), views=views)
    return Outcome(state=next_state, new_visitor=new_visitor, new_visit=new_visit, count_view=count_view)
