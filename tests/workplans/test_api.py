"""The workplans API contract: shapes, paging with count, errors 422/403/404/409, scope, query counts."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.test import Client

from tuphap.workplans import services

D = dt.date.fromisoformat


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_director_assigns_with_a_new_source_and_working_days(
    client: Client, director: Any, units: dict[str, Any]
) -> None:
    client.force_login(director)
    body = {
        "source": {
            "kind": "conclusion",
            "number": "86/TB-UBND",
            "issued_on": "2022-04-12",
            "issuer": "UBND tỉnh",
            "title": "Kết luận quý I/2022",
        },
        "content": "Tham mưu chỉ thị về chất lượng văn bản",
        "lead_unit": "hctp",
        "coordinating_units": ["btp"],
        "deadline_kind": "working_days",
        "deadline_days": 5,
    }
    response = post(client, "/api/v1/workplans/tasks", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["source"]["number"] == "86/TB-UBND" and data["seq"] == 1
    assert (data["lead_unit"], data["coordinating_units"], data["due_on"]) == ("hctp", ["btp"], "2022-04-19")
    assert data["state"] == "not_started" and data["status"] == "overdue"  # 2022 is long past
    second = post(
        client,
        "/api/v1/workplans/tasks",
        {"source_id": data["source"]["id"], "content": "Rà soát", "deadline_kind": "date", "due_on": "2022-06-30"},
    )
    assert second.status_code == 201 and second.json()["seq"] == 2 and second.json()["lead_unit"] is None


def test_create_errors(client: Client, director: Any, specialist: Any, source: Any) -> None:
    client.force_login(director)
    assert post(client, "/api/v1/workplans/tasks", {"content": "x"}).status_code == 422  # no source
    bad = post(
        client,
        "/api/v1/workplans/tasks",
        {"source_id": source.pk, "content": "x", "deadline_kind": "date", "due_on": "2021-01-01"},
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "due_on"
    assert (
        post(
            client, "/api/v1/workplans/tasks", {"source_id": source.pk, "content": "x", "lead_unit": "khong-co"}
        ).status_code
        == 422
    )
    client.force_login(specialist)
    assert post(client, "/api/v1/workplans/tasks", {"source_id": source.pk, "content": "x"}).status_code == 403


def test_list_is_scoped_paged_and_filtered(
    client: Client, make_task: Callable[..., Any], director: Any, specialist: Any
) -> None:
    for i in range(7):
        make_task(f"Việc {i}", unit="hctp", due_on=D("2022-05-01") if i % 2 else D("2099-05-01"))
    make_task("Của phòng khác", unit="btp")
    client.force_login(director)
    page = client.get("/api/v1/workplans/tasks?page_size=3&page=2").json()
    assert (page["count"], page["page"], page["page_size"], len(page["items"])) == (8, 2, 3, 3)
    assert set(page["items"][0]) >= {"id", "source", "content", "lead_unit", "due_on", "state", "status", "version"}
    assert client.get("/api/v1/workplans/tasks?status=overdue").json()["count"] == 4
    assert client.get("/api/v1/workplans/tasks?unit=btp").json()["count"] == 1
    assert client.get("/api/v1/workplans/tasks?status=bogus").status_code == 422
    client.force_login(specialist)
    assert client.get("/api/v1/workplans/tasks").json()["count"] == 7


def test_list_query_count_does_not_grow(
    client: Client,
    make_task: Callable[..., Any],
    director: Any,
    units: dict[str, Any],
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(director)
    for i in range(3):
        make_task(f"Việc {i}", coordinating_units=[units["btp"]])
    client.get("/api/v1/workplans/tasks")  # warm the role cache of the session user
    with django_assert_max_num_queries(8) as few:
        assert client.get("/api/v1/workplans/tasks").status_code == 200
    for i in range(20):
        make_task(f"Việc thêm {i}", coordinating_units=[units["btp"]])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/workplans/tasks").json()["count"] == 23


def test_actions(
    client: Client, make_task: Callable[..., Any], specialist: Any, other_specialist: Any, director: Any
) -> None:
    task = make_task()
    url = f"/api/v1/workplans/tasks/{task.pk}/actions"
    client.force_login(other_specialist)
    assert post(client, f"{url}/start", {}).status_code == 404  # not visible to another unit
    client.force_login(specialist)
    started = post(client, f"{url}/start", {"note": "Bắt đầu", "on": "2022-04-20"})
    assert started.status_code == 200, started.content
    assert started.json()["state"] == "in_progress"
    assert post(client, f"{url}/start", {}).status_code == 409
    stale = post(client, f"{url}/note", {"note": "Tiến độ", "expected_version": 1})
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    assert post(client, f"{url}/note", {"note": "Tiến độ", "expected_version": 2}).status_code == 200
    assert post(client, f"{url}/complete", {}).status_code == 422  # result_document required
    assert post(client, f"{url}/complete", {"result_document": "BC", "bogus": 1}).status_code == 422
    assert post(client, f"{url}/fly", {}).status_code == 404
    done = post(client, f"{url}/complete", {"result_document": "Báo cáo 12/BC-STP", "on": "2022-05-30"})
    assert done.json()["status"] == "done_on_time" and done.json()["completed_on"] == "2022-05-30"
    assert post(client, f"{url}/reopen", {"reason": "x"}).status_code == 403
    client.force_login(director)
    assert post(client, f"{url}/reopen", {"reason": "Chưa đạt"}).json()["state"] == "in_progress"
    detail = client.get(f"/api/v1/workplans/tasks/{task.pk}").json()
    assert [e["action"] for e in detail["history"]] == ["assign", "start", "note", "complete", "reopen"]
    assert client.get("/api/v1/workplans/tasks/999999").status_code == 404


def test_plans_submitted_in_a_period(client: Client, director: Any, specialist: Any, department: Any) -> None:
    for title, day in [
        ("KH XLVPHC", "2022-01-14"),
        ("KH THPL", "2022-01-21"),
        ("QĐ lĩnh vực", "2022-02-22"),
        ("KH kiểm tra", "2022-03-15"),
        ("KH quý II", "2022-04-02"),
    ]:
        plan = services.plan_create(
            actor=director, agency=department, kind="plan", field="violation_handling", title=title
        )
        services.plan_submit(actor=director, plan=plan, submitted_on=D(day))
    services.plan_create(actor=director, agency=department, kind="plan", field="other", title="Chưa trình")
    client.force_login(specialist)
    q1 = client.get("/api/v1/workplans/plans?from=2022-01-01&to=2022-03-31").json()
    assert q1["count"] == 4 and q1["from"] == "2022-01-01" and q1["to"] == "2022-03-31"
    assert [p["title"] for p in q1["items"]] == ["KH XLVPHC", "KH THPL", "QĐ lĩnh vực", "KH kiểm tra"]
    assert {"kind", "field", "submitted_on", "issued_number", "issued_on", "due_on", "status"} <= set(q1["items"][0])
    assert client.get("/api/v1/workplans/plans?from=2022-04-01").json()["count"] == 1
    assert client.get("/api/v1/workplans/plans").json()["count"] == 5
    assert client.get("/api/v1/workplans/plans?from=2022-04-01&to=2022-01-01").status_code == 422
    assert client.get("/api/v1/workplans/plans?from=bad").status_code == 422


def test_anonymous_and_roles_without_the_capability_are_refused(client: Client, make_staff: Any, db: Any) -> None:
    from tuphap.orgs.roles import Role

    assert client.get("/api/v1/workplans/tasks").status_code == 401
    client.force_login(make_staff("motcua", Role.RECEPTION))
    assert client.get("/api/v1/workplans/tasks").status_code == 403
    assert client.get("/api/v1/workplans/plans").status_code == 403
