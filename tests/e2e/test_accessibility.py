"""axe-core on every page, as every role that reaches it: no critical or serious violation.

The pages and who reaches them come from the role matrix
(tests/hardening/test_matrix.py: every URL of the project with the principals
it succeeds for) over the matrix's data (build_world: dossiers in every state,
documents, drafts, reviews, plans, tasks, articles). Every GET page that
answers HTML is visited: public pages anonymously, back-office pages as each
role that may open them. One browser, one context per role, the pages in a
loop; axe-core comes from axe-playwright-python (axe.min.js, injected before
each page's scripts).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from tests.hardening.test_matrix import ANON, PAGES, Row, _fill, build_world
from tests.hardening.test_matrix import A as ADMIN
from tests.hardening.test_matrix import D as DIRECTOR
from tests.hardening.test_matrix import E as EDITOR
from tests.hardening.test_matrix import H as UNIT_HEAD
from tests.hardening.test_matrix import R as RECEPTION
from tests.hardening.test_matrix import S as SPECIALIST

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROLES = (RECEPTION, SPECIALIST, UNIT_HEAD, DIRECTOR, EDITOR, ADMIN)
FAILING_IMPACTS = {"critical", "serious"}
NOT_A_PAGE = re.compile(r"\.(pdf|docx|xlsx|xml|csv|json|txt|ico|png|jpe?g|svg)$|/media/|/tep/|/healthz")
AXE_OPTIONS = {"resultTypes": ["violations"]}


def pages_for(principal: str) -> list[Row]:
    """The HTML pages this principal opens: public ones anonymously, the back office as a role."""
    rows = []
    for row in PAGES:
        if row.method != "GET" or row.api or row.htmx or row.heavy or NOT_A_PAGE.search(row.path):
            continue
        if principal == ANON:
            reaches = ANON in row.allowed and row.expect.get(ANON, row.ok) == 200
        else:
            reaches = ANON not in row.allowed and principal in row.allowed
            reaches = reaches and row.expect.get(principal, row.ok) == 200
        if reaches and (row.data is None or isinstance(row.data, dict)):
            rows.append(row)
    return rows


def url_of(row: Row, ids: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    path = _fill(row.path, ids)
    query = urlencode(_fill(row.data or {}, ids), doseq=True)
    return f"{path}?{query}" if query else path


def session_cookie(user: Any, live_url: str) -> dict[str, Any]:
    client = Client()
    client.force_login(user)
    from django.conf import settings

    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_url,
    }


def describe(violation: dict[str, Any]) -> Iterator[str]:
    for node in violation["nodes"][:5]:
        target = " ".join(str(t) for t in node.get("target", []))
        summary = node.get("failureSummary", "").splitlines()[-1].strip() if node.get("failureSummary") else ""
        yield f"{target}: {summary}"


def add_an_overdue_task(world: Any) -> None:
    """The matrix's tasks are all due next month; the board shows overdue rows differently."""
    import datetime as dt

    from django.utils import timezone

    from tuphap.workplans import services as workplans
    from tuphap.workplans.models import Task

    task = Task.objects.get(pk=world.ids["t_new"])
    today = timezone.localdate()
    workplans.task_create(
        actor=None,
        source=task.source,
        content="Báo cáo kết quả kiểm tra văn bản quý trước",
        lead_unit=task.lead_unit,
        assigned_on=today - dt.timedelta(days=15),
        deadline_kind="date",
        due_on=today - dt.timedelta(days=5),
        coordinating_units=["btp"],
    )


def test_every_page_as_every_role_has_no_serious_accessibility_violation(
    live_server: Any, browser: Any, axe_script: str
) -> None:
    world = build_world()
    add_an_overdue_task(world)
    started = time.monotonic()
    findings: list[str] = []
    visited = 0
    for principal in (ANON, *ROLES):
        rows = pages_for(principal)
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        context.add_init_script(axe_script)
        if principal != ANON:
            context.add_cookies([session_cookie(world.users[principal], live_server.url)])
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            for row in rows:
                url = url_of(row, world.ids)
                response = page.goto(live_server.url + url, wait_until="load")
                assert response is not None
                if response.status != 200 or "text/html" not in (response.headers.get("content-type") or ""):
                    findings.append(
                        f"{url} as {principal}: answered {response.status} {response.headers.get('content-type')}"
                    )
                    continue
                if principal == ANON:
                    page.wait_for_load_state("networkidle")  # the portal's account corner (an HTMX island) is in
                results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
                visited += 1
                for violation in results["violations"]:
                    if violation["impact"] in FAILING_IMPACTS:
                        findings.append(
                            f"{url} as {principal}: {violation['impact']} {violation['id']} ({violation['help']})"
                            + "".join(f"\n    {line}" for line in describe(violation))
                        )
        finally:
            context.close()
    elapsed = time.monotonic() - started
    print(f"axe: {visited} page visits in {elapsed:.0f} s")  # noqa: T201
    assert visited > 60
    assert not findings, f"{len(findings)} accessibility findings:\n" + "\n".join(findings)
