"""Workplans' API at /api/v1/workplans: tasks (list, assign, actions) and the
plans and decisions submitted in a period.

Errors: 422 invalid input (field and message), 403 not allowed for the role
or the unit, 404 unknown (or not visible), 409 not allowed in this state or
a lost race (``expected_version``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict

from tuphap.api import (
    ID_MAX,
    PAGE_SIZE,
    Date,
    PageNumber,
    PageOut,
    PageSize,
    Router,
    errors,
    paged,
    request_day,
    staff_auth,
)
from tuphap.core.api_bodies import Text, named_action_body
from tuphap.core.idempotency import idempotent
from tuphap.orgs.models import Unit
from tuphap.orgs.permissions import require
from tuphap.workplans import rules, selectors, services
from tuphap.workplans.models import Plan, Task, TaskEvent, TaskSource

router = Router(tags=["workplans"], auth=staff_auth)


# --------------------------------------------------------------------------- schemas


class SourceOut(Schema):
    id: int
    kind: str
    number: str
    issued_on: dt.date
    issuer: str
    title: str


class TaskOut(Schema):
    id: int
    source: SourceOut
    seq: int
    content: str
    lead_unit: str | None
    coordinating_units: list[str]
    owner: str | None
    assigned_on: dt.date
    deadline_kind: str
    deadline_days: int | None
    due_on: dt.date | None
    state: str
    status: str
    started_on: dt.date | None
    completed_on: dt.date | None
    result_document: str
    version: int

    @staticmethod
    def resolve_lead_unit(task: Task) -> str | None:
        return task.lead_unit.code if task.lead_unit else None

    @staticmethod
    def resolve_coordinating_units(task: Task) -> list[str]:
        return [unit.code for unit in task.coordinating_units.all()]

    @staticmethod
    def resolve_owner(task: Task) -> str | None:
        return task.owner.get_username() if task.owner else None

    @staticmethod
    def resolve_status(task: Task, context: dict[str, Any]) -> str:
        return task.status(request_day(context["request"]))


class TaskEventOut(Schema):  # not "EventOut": OpenAPI names components by class, and dossiers has its own
    seq: int
    action: str
    on: dt.date
    at: dt.datetime
    actor: str
    note: str
    from_state: str
    to_state: str
    due_before: dt.date | None
    due_after: dt.date | None

    @staticmethod
    def resolve_actor(event: TaskEvent) -> str:
        return event.actor_name


class TaskDetailOut(TaskOut):
    history: list[TaskEventOut]

    @staticmethod
    def resolve_history(task: Task) -> list[TaskEvent]:
        return selectors.task_history(task)


class TaskPage(PageOut):
    items: list[TaskOut]


# --------------------------------------------------------------------------- tasks


class TaskFilters(Schema):
    status: Literal["not_started", "in_progress", "done_on_time", "done_late", "overdue"] | None = None
    unit: str | None = Field(None, max_length=40)
    source: int | None = Field(None, ge=1, le=ID_MAX)
    due_from: Date | None = None
    due_to: Date | None = None
    page: PageNumber = 1
    page_size: PageSize = PAGE_SIZE


@router.get(
    "/tasks",
    response={200: TaskPage, **errors(401, 403, 422)},
    summary="Tasks the user may see (paged; directors see all, others their unit's)",
)
def tasks_list(request: HttpRequest, filters: Query[TaskFilters]) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    require(user, "workplans.view")
    qs = selectors.tasks_filter(
        selectors.tasks_visible(user),
        status=filters.status,
        unit=filters.unit,
        source=filters.source,
        due_from=filters.due_from,
        due_to=filters.due_to,
        today=request_day(request),
    ).order_by("due_on", "id")
    return paged(qs, filters)


class SourceIn(Schema):
    kind: Literal["conclusion", "decision", "plan", "directive", "document"]
    number: Text = Field("", max_length=60)
    issued_on: Date
    issuer: Text = Field("", max_length=255)
    title: Text = Field(..., max_length=500)


class TaskIn(Schema):
    source_id: int | None = None
    source: SourceIn | None = None
    content: Text = Field(..., max_length=5000)
    lead_unit: Text | None = Field(None, max_length=40)
    coordinating_units: list[Text] = []
    owner: Text | None = Field(None, max_length=150)
    assigned_on: Date | None = None
    deadline_kind: Literal["none", "date", "working_days", "calendar_days"] = "none"
    due_on: Date | None = None
    deadline_days: int | None = Field(None, ge=1, le=3650)


@router.post(
    "/tasks",
    response={201: TaskOut, **errors(401, 403, 409, 422)},
    summary="Assign a task (directors), with an existing source or a new one",
)
@idempotent
def tasks_create(request: HttpRequest, payload: TaskIn) -> Status[Task]:
    from django.contrib.auth import get_user_model

    user = request.auth  # type: ignore[attr-defined]
    require(user, "workplans.direct")
    if (payload.source_id is None) == (payload.source is None):
        raise DjangoValidationError(
            {"source": "Cho biết source_id hoặc source (nguồn giao nhiệm vụ mới), không cả hai."}
        )
    if payload.source_id is not None:
        source = TaskSource.objects.filter(pk=payload.source_id).first()
        if source is None:
            raise DjangoValidationError({"source_id": "Không có nguồn giao nhiệm vụ này."})
    else:
        source = None
    lead_unit = None
    if payload.lead_unit:
        lead_unit = Unit.objects.filter(code=payload.lead_unit).first()
        if lead_unit is None:
            raise DjangoValidationError({"lead_unit": "Không có đơn vị này."})
    owner = None
    if payload.owner:
        owner = get_user_model().objects.filter(username=payload.owner, is_active=True).first()
        if owner is None:
            raise DjangoValidationError({"owner": "Không có cán bộ này."})
    with transaction.atomic():
        if source is None and payload.source is not None:
            source = services.task_source_create(
                actor=user, **payload.source.model_dump(), agency=lead_unit.agency if lead_unit else None
            )
        if source is None:
            raise DjangoValidationError({"source": "Thiếu nguồn giao nhiệm vụ."})
        task = services.task_create(
            actor=user,
            source=source,
            content=payload.content,
            lead_unit=lead_unit,
            coordinating_units=payload.coordinating_units,
            owner=owner,
            assigned_on=payload.assigned_on,
            deadline_kind=payload.deadline_kind,
            due_on=payload.due_on,
            deadline_days=payload.deadline_days,
        )
    task = selectors.tasks_visible(user).get(pk=task.pk)
    return Status(201, task)


def _visible(user: Any, pk: int) -> Task:
    require(user, "workplans.view")
    return get_object_or_404(selectors.tasks_visible(user), pk=pk)


@router.get(
    "/tasks/{task_id}", response={200: TaskDetailOut, **errors(401, 403, 404, 422)}, summary="One task with its history"
)
def tasks_get(request: HttpRequest, task_id: int) -> Task:
    user = request.auth  # type: ignore[attr-defined]
    task = _visible(user, task_id)
    return task


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=5000)
    expected_version: int | None = None


class StartBody(_Body):
    note: Text = ""
    on: Date | None = None


class NoteBody(_Body):
    note: Text
    on: Date | None = None


class CompleteBody(_Body):
    result_document: Text
    note: Text = ""
    on: Date | None = None


class ReopenBody(_Body):
    reason: Text


class RescheduleBody(_Body):
    reason: Text
    deadline_kind: Literal["none", "date", "working_days", "calendar_days"] = "date"
    due_on: Date | None = None
    deadline_days: int | None = None


ACTION_BODIES: dict[str, type[_Body]] = {
    "start": StartBody,
    "note": NoteBody,
    "complete": CompleteBody,
    "reopen": ReopenBody,
    "reschedule": RescheduleBody,
}
if set(ACTION_BODIES) != set(rules.ACTIONS):
    raise RuntimeError("ACTION_BODIES does not cover the task actions")


def _run(user: Any, task: Task, action: str, body: Any) -> Task:
    data = body.model_dump(exclude={"expected_version"})
    return services.task_act(actor=user, task=task, action=action, data=data, expected_version=body.expected_version)


@router.post(
    "/tasks/{task_id}/actions/{action}",
    response={200: TaskOut, **errors(401, 403, 404, 409, 422)},
    summary="Act on a task: start, note, complete, reopen, reschedule",
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {
                "application/json": {"schema": {"oneOf": [m.model_json_schema() for m in ACTION_BODIES.values()]}}
            },
        }
    },
)
@idempotent
def tasks_action(request: HttpRequest, task_id: int, action: str) -> Task:
    """Bodies: start ``{"note"?, "on"?}``, note ``{"note", "on"?}``, complete
    ``{"result_document", "note"?, "on"?}``, reopen ``{"reason"}``, reschedule
    ``{"reason", "deadline_kind", "due_on" | "deadline_days"}``; each may carry
    ``expected_version`` (409 if the task changed since)."""
    user = request.auth  # type: ignore[attr-defined]
    body = named_action_body(request, ACTION_BODIES, action)
    task = _visible(user, task_id)
    _run(user, task, action, body)
    return selectors.tasks_visible(user).get(pk=task.pk)


# --------------------------------------------------------------------------- plans


class PlanOut(Schema):
    id: int
    kind: str
    field: str
    title: str
    lead_unit: str | None
    basis: str
    basis_issued_on: dt.date | None
    due_on: dt.date | None
    rule: str | None
    submitted_on: dt.date | None
    submission_number: str
    issued_number: str
    issued_on: dt.date | None
    status: str

    @staticmethod
    def resolve_lead_unit(plan: Plan) -> str | None:
        return plan.lead_unit.code if plan.lead_unit else None

    @staticmethod
    def resolve_rule(plan: Plan) -> str | None:
        return plan.rule.code if plan.rule else None

    @staticmethod
    def resolve_status(plan: Plan, context: dict[str, Any]) -> str:
        return rules.plan_status(plan.submitted_on, plan.issued_on, plan.due_on, request_day(context["request"])).value


class PlanPage(PageOut):
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")
    items: list[PlanOut]


class PlanFilters(Schema):
    date_from: Date | None = Field(None, alias="from")
    date_to: Date | None = Field(None, alias="to")
    kind: Literal["plan", "decision"] | None = None
    field: str | None = Field(None, max_length=40)
    page: PageNumber = 1
    page_size: PageSize = PAGE_SIZE


@router.get(
    "/plans",
    response={200: PlanPage, **errors(401, 403, 422)},
    by_alias=True,
    summary="Plans and decisions submitted to the province in a period (from, to inclusive)",
)
def plans_list(request: HttpRequest, filters: Query[PlanFilters]) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    require(user, "workplans.view")
    try:
        qs = selectors.plans_submitted(filters.date_from, filters.date_to)
    except rules.RuleError:
        raise DjangoValidationError({"to": "Ngày kết thúc trước ngày bắt đầu."}) from None
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.field:
        qs = qs.filter(field=filters.field)
    return {**paged(qs, filters), "from": filters.date_from, "to": filters.date_to}
