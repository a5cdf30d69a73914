"""The pages: board, task with its history, conclusion, summary, plans, violation figures; and the demo."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from tuphap.orgs.roles import Role
from tuphap.workplans import rules, services
from tuphap.workplans.models import Plan, Task, ViolationStat

D = dt.date.fromisoformat


def test_board_groups_by_unit_and_highlights_overdue(
    client: Client, make_task: Callable[..., Any], director: Any, specialist: Any
) -> None:
    make_task("Việc quá hạn", unit="hctp", due_on=D("2022-05-01"))
    make_task("Việc còn hạn", unit="hctp", due_on=D("2099-05-01"))
    make_task("Việc phòng khác", unit="btp", due_on=D("2099-05-01"))
    client.force_login(director)
    html = client.get(reverse("workplans:board")).content.decode()
    assert "Phòng Hành chính tư pháp" in html and "Phòng Bổ trợ tư pháp" in html
    assert html.count('<tr class="overdue"') == 1
    partial = client.get(
        reverse("workplans:board") + "?status=overdue", headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in partial and "Việc quá hạn" in partial and "Việc còn hạn" not in partial
    client.force_login(specialist)
    html = client.get(reverse("workplans:board")).content.decode()
    assert "Việc phòng khác" not in html and "Việc quá hạn" in html


def test_board_query_count_is_flat(
    client: Client,
    make_task: Callable[..., Any],
    director: Any,
    units: dict[str, Any],
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(director)
    make_task("Một", coordinating_units=[units["btp"]])
    client.get(reverse("workplans:board"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("workplans:board"))
    for i in range(15):
        make_task(f"Thêm {i}", unit="btp" if i % 2 else "hctp", coordinating_units=[units["btp"]])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("workplans:board"))


def test_task_page_marks_done_and_shows_history(
    client: Client, make_task: Callable[..., Any], specialist: Any, other_specialist: Any
) -> None:
    task = make_task("Báo cáo quý")
    url = reverse("workplans:task", args=[task.pk])
    client.force_login(other_specialist)
    assert client.get(url).status_code == 404
    client.force_login(specialist)
    page = client.get(url).content.decode()
    assert "form-complete" in page and "form-reschedule" not in page
    response = client.post(
        url,
        {
            "action": "complete",
            "version": task.version,
            "complete-result_document": "Báo cáo số 3/BC-STP",
            "complete-on": "2022-05-20",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == "done" and task.completed_on == D("2022-05-20")
    page = client.get(url).content.decode()
    assert "Báo cáo số 3/BC-STP" in page and 'id="history"' in page
    # a stale form (old version) gets the error next to the form, not a crash
    again = client.post(url, {"action": "note", "version": 0, "note-note": "Muộn"})
    assert again.status_code == 200


def test_conclusion_page_splits_into_tasks(
    client: Client, director: Any, specialist: Any, units: dict[str, Any]
) -> None:
    url = reverse("workplans:conclusion_new")
    client.force_login(specialist)
    assert client.get(url).status_code == 403
    client.force_login(director)
    response = client.post(
        url,
        {
            "kind": "conclusion",
            "number": "86/TB-UBND",
            "issued_on": "2022-04-12",
            "issuer": "UBND tỉnh",
            "title": "Kết luận quý I/2022",
            "text": "1. Xây dựng, thẩm định văn bản\n2. Chỉ thị về chất lượng văn bản\n3. Rà soát thường xuyên",
            "lead_unit": units["hctp"].pk,
            "deadline_kind": "working_days",
            "deadline_days": "10",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Task.objects.count() == 3
    bad = client.post(
        url, {"kind": "conclusion", "issued_on": "2022-04-12", "title": "x", "text": "1. a", "deadline_kind": "date"}
    )
    assert bad.status_code == 200 and Task.objects.count() == 3  # a date deadline without its date


def test_summary_plans_and_violations_pages(
    client: Client, director: Any, department: Any, specialist: Any, make_task: Callable[..., Any]
) -> None:
    make_task(due_on=D("2022-05-01"))
    plan = services.plan_create(
        actor=director, agency=department, kind="plan", field="violation_handling", title="KH quản lý XLVPHC 2022"
    )
    services.plan_submit(actor=director, plan=plan, submitted_on=D("2022-01-14"))
    client.force_login(director)
    summary = client.get(reverse("workplans:summary") + "?year=2022&quarter=1").content.decode()
    assert 'id="summary"' in summary and '<td class="wp-num" id="plans-submitted">01</td>' in summary
    client.force_login(specialist)
    assert client.get(reverse("workplans:summary")).status_code == 403
    plans = client.get(reverse("workplans:plans") + "?year=2022&quarter=1").content.decode()
    assert "KH quản lý XLVPHC 2022" in plans
    created = client.post(
        reverse("workplans:plans"),
        {
            "action": "create",
            "new-kind": "decision",
            "new-field": "enforcement_monitoring",
            "new-title": "QĐ lĩnh vực trọng tâm",
        },
    )
    assert created.status_code == 302 and Plan.objects.count() == 2
    new = Plan.objects.get(title="QĐ lĩnh vực trọng tâm")
    client.post(
        reverse("workplans:plans"), {"action": "submit", "plan": new.pk, f"p{new.pk}-submitted_on": "2022-02-22"}
    )
    new.refresh_from_db()
    assert new.submitted_on == D("2022-02-22")
    wb = Workbook()
    wb.active.append(list(rules.STAT_HEADERS_VI))
    wb.active.append([2022, 1, "Công an tỉnh", "Giao thông", 10, 1000, 900])
    wb.active.append([2022, 1, "Công an tỉnh", "Không rõ", 10, 1000, 900])
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    data.name = "so-lieu.xlsx"
    imported = client.post(
        reverse("workplans:violations") + "?year=2022&quarter=1", {"action": "import", "imp-file": data}
    ).content.decode()
    assert "Line 3" in imported or "Dòng 3" in imported
    assert ViolationStat.objects.count() == 1
    page = client.get(reverse("workplans:violations") + "?year=2022&quarter=1").content.decode()
    assert "Công an tỉnh" in page and 'id="report"' in page
    template = client.get(reverse("workplans:violations_template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_roles_without_the_capability_get_403(client: Client, make_staff: Any) -> None:
    client.force_login(make_staff("bientap", Role.EDITOR))
    for name in ["board", "plans", "violations", "summary", "conclusion_new"]:
        assert client.get(reverse(f"workplans:{name}")).status_code == 403


def test_demo_loads_q1_2022_and_is_idempotent(department: Any) -> None:
    import time
    from io import StringIO

    from tuphap.demo.data import UNITS
    from tuphap.orgs import services as orgs
    from tuphap.workplans import demo
    from tuphap.workplans.selectors import quarter_figures

    for code, name in UNITS:
        orgs.unit_upsert(actor=None, agency=department, code=code, name=name)
    started = time.monotonic()
    demo.load(StringIO())
    assert time.monotonic() - started < 5
    counts = (Task.objects.count(), Plan.objects.count(), ViolationStat.objects.count())
    q1 = quarter_figures(2022, 1)
    assert q1.plans_submitted == 4
    assert {p.field for p in q1.plans} == {"violation_handling", "enforcement_monitoring"}
    assert Task.objects.filter(source__number="86/TB-UBND").count() == 7
    assert Task.objects.filter(lead_unit__isnull=True).count() == 0
    demo.load(StringIO())
    assert (Task.objects.count(), Plan.objects.count(), ViolationStat.objects.count()) == counts
