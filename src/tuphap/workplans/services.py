"""Every write on plans, tasks and violation-handling figures.

Each service checks the capability and the unit scope, opens the transaction,
locks the row it changes, appends the task's history and the audit event.
``actor=None`` is the system (the demo, the calendar's re-timing, reminders).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NotRequired, TypedDict, Unpack

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core.dates import implausible_day
from tuphap.core.errors import ConflictError
from tuphap.core.keywords import bundled
from tuphap.core.notifications import Message, queue
from tuphap.core.services import acting_user, audit_record, audited_save
from tuphap.core.text import TextError, clean_block, clean_line, required_text
from tuphap.orgs.models import Agency, Unit
from tuphap.orgs.permissions import can, require
from tuphap.orgs.roles import Role
from tuphap.workdays.core import WorkdaysError
from tuphap.workdays.selectors import office_clock
from tuphap.workdays.subscribers import change_note
from tuphap.workplans import messages, rules
from tuphap.workplans.models import (
    DeadlineKind,
    DeadlineRule,
    DeadlineUnit,
    Plan,
    PlanField,
    PlanKind,
    SourceKind,
    Task,
    TaskEvent,
    TaskReminder,
    TaskSource,
    TaskState,
    ViolationStat,
)

User = AbstractBaseUser | AnonymousUser | None


# --------------------------------------------------------------------------- helpers


def _require(actor: User, capability: str) -> None:
    if actor is not None:
        require(actor, capability)


def _today() -> dt.date:
    return timezone.localdate()


def _default_agency() -> Agency:
    agency = Agency.objects.filter(code=settings.TUPHAP_AGENCY_CODE).first()
    if agency is None:
        raise ValidationError({"agency": _("The department is not set up (TUPHAP_AGENCY_CODE).")})
    return agency


def _actor_unit_id(actor: User) -> int | None:
    profile = getattr(actor, "staff_profile", None) if actor is not None else None
    return profile.unit_id if profile is not None else None


def task_in_scope(actor: User, task: Task, *, coordinating: bool = False) -> bool:
    """Whether the actor may act on the task: all tasks with ``orgs.view_all_units``,
    else the lead unit's (and the coordinating units' when ``coordinating``)."""
    if actor is None or can(actor, "orgs.view_all_units"):
        return True
    unit_id = _actor_unit_id(actor)
    if unit_id is None:
        return False
    if task.lead_unit_id == unit_id:
        return True
    return coordinating and any(u.pk == unit_id for u in task.coordinating_units.all())


def _check_scope(actor: User, task: Task, *, coordinating: bool = False) -> None:
    if not task_in_scope(actor, task, coordinating=coordinating):
        raise PermissionDenied("other unit")


def _clock_add(agency_id: int) -> Any:
    clock = office_clock(agency_id)

    def add(day: dt.date, n: int) -> dt.date:
        return clock.add_working_days(day, n)

    return add


def _check_days(**days: dt.date | None) -> None:
    """Days people type for sources, plans and tasks (``tuphap.core.dates``)."""
    errors = {name: error for name, day in days.items() if day is not None and (error := implausible_day(day))}
    if errors:
        raise ValidationError(errors)


def _text(name: str, value: str, *, max_length: int, block: bool = False, is_name: bool = False) -> str:
    """A text in NFC without control or direction characters (see ``tuphap.core.text``)."""
    try:
        return (
            clean_block(value, max_length=max_length)
            if block
            else clean_line(value, max_length=max_length, name=is_name)
        )
    except TextError as exc:
        raise ValidationError({name: str(exc)}) from None


def _rule_message(exc: Exception) -> str:
    """The rules speak English to programmers; people read these."""
    known = {
        "a date deadline needs its date": _("A deadline by date needs its date."),
        "the deadline is before the assignment": _("The deadline is before the assignment date."),
        "the number of days must be between 1 and 3650": _("The number of days must be between 1 and 3650."),
    }
    return known.get(str(exc), str(exc))


def _due(agency_id: int, kind: str, assigned_on: dt.date, due_on: dt.date | None, days: int | None) -> dt.date | None:
    _check_days(due_on=due_on)
    try:
        return rules.due_date(
            kind, assigned_on=assigned_on, due_on=due_on, days=days, add_working_days=_clock_add(agency_id)
        )
    except (rules.RuleError, WorkdaysError) as exc:
        raise ValidationError({"due_on": _rule_message(exc)}) from None


def _state_dict(task: Task) -> dict[str, Any]:
    return {
        "state": task.state,
        "due_on": task.due_on.isoformat() if task.due_on else None,
        "completed_on": task.completed_on.isoformat() if task.completed_on else None,
        "result_document": task.result_document,
    }


def _event(
    task: Task,
    *,
    actor: User,
    action: str,
    on: dt.date,
    note: str = "",
    from_state: str = "",
    due_before: dt.date | None = None,
) -> TaskEvent:
    user = acting_user(actor)
    task.version += 1
    return TaskEvent.objects.create(
        task=task,
        seq=task.version,
        action=action,
        on=on,
        actor=user,
        actor_name=(user.get_full_name() or user.get_username()) if user is not None else "",
        note=note,
        from_state=from_state,
        to_state=task.state,
        due_before=due_before,
        due_after=task.due_on,
    )


def _units(items: Iterable[Unit | str], agency: Agency) -> list[Unit]:
    """Units given as objects or codes (the API's form)."""
    out = []
    for item in items:
        unit = item if isinstance(item, Unit) else Unit.objects.filter(agency=agency, code=str(item)).first()
        if unit is None:
            raise ValidationError({"coordinating_units": _("Unknown unit “%(unit)s”.") % {"unit": item}})
        out.append(unit)
    return out


class DeadlineTerms(TypedDict, total=False):
    """A task's deadline as given (``task_create``, ``conclusion_enter``,
    ``task_reschedule``): its kind, and the date or the number of days it needs."""

    deadline_kind: str
    due_on: dt.date | None
    deadline_days: int | None


def _deadline_kind_and_days(deadline: DeadlineTerms, default_kind: str) -> tuple[str, int | None]:
    """The deadline's kind, checked, and its number of days (kept for a kind counted in days only)."""
    kind = deadline.get("deadline_kind", default_kind)
    if kind not in DeadlineKind.values:
        raise ValidationError({"deadline_kind": _("Unknown kind of deadline.")})
    days = deadline.get("deadline_days") if kind in (DeadlineKind.WORKING_DAYS, DeadlineKind.CALENDAR_DAYS) else None
    return kind, days


# --------------------------------------------------------------------------- sources and tasks


class SourceFields(TypedDict):
    """A task source as given (``task_source_create``, the API's source): its kind,
    title and date, and its number and issuer when it has them."""

    kind: str
    title: str
    issued_on: dt.date
    number: NotRequired[str]
    issuer: NotRequired[str]


@bundled
def task_source_create(*, actor: User, agency: Agency | None = None, **given: Unpack[SourceFields]) -> TaskSource:
    """Record where tasks come from (a conclusion, a decision, a plan, a directive)."""
    _require(actor, "workplans.direct")
    kind, issued_on = given["kind"], given["issued_on"]
    if kind not in SourceKind.values:
        raise ValidationError({"kind": _("Unknown kind of source.")})
    title = required_text(
        _text("title", given["title"], max_length=500), field="title", message=_("This field is required.")
    )
    _check_days(issued_on=issued_on)
    agency = agency or _default_agency()
    number = _text("number", given.get("number", ""), max_length=60, is_name=True)
    issuer = _text("issuer", given.get("issuer", ""), max_length=255, is_name=True)
    with transaction.atomic():
        if number and TaskSource.objects.filter(agency=agency, kind=kind, number=number, issued_on=issued_on).exists():
            raise ConflictError(_("This source is already recorded."), code="duplicate_source")
        return audited_save(
            TaskSource(
                **{**given, "title": title, "number": number, "issuer": issuer},
                agency=agency,
                created_by=acting_user(actor),
            ),
            actor=actor,
            action="workplans.source_create",
            after={"kind": kind, "number": number, "issued_on": issued_on.isoformat()},
        )


@bundled
def task_create(
    *,
    actor: User,
    source: TaskSource,
    content: str,
    lead_unit: Unit | None,
    assigned_on: dt.date | None = None,
    coordinating_units: Sequence[Unit | str] = (),
    owner: Any = None,
    **deadline: Unpack[DeadlineTerms],
) -> Task:
    """Assign one task; its deadline is a date or days from assignment (through workdays)."""
    _require(actor, "workplans.direct")
    content = _text("content", content, max_length=5000, block=True)
    if not content:
        raise ValidationError({"content": _("This field is required.")})
    _check_days(assigned_on=assigned_on)
    deadline_kind, days = _deadline_kind_and_days(deadline, DeadlineKind.NONE)
    if lead_unit is not None and lead_unit.agency_id != source.agency_id:
        raise ValidationError({"lead_unit": _("The lead unit belongs to another agency.")})
    assigned = assigned_on or source.issued_on
    if assigned < source.issued_on:
        raise ValidationError({"assigned_on": _("The assignment date is before the source's date.")})
    due = _due(source.agency_id, deadline_kind, assigned, deadline.get("due_on"), days)
    coordinating = [u for u in _units(coordinating_units, source.agency) if lead_unit is None or u.pk != lead_unit.pk]
    with transaction.atomic():
        TaskSource.objects.select_for_update().filter(pk=source.pk).first()  # serialise the item numbers
        seq = (Task.objects.filter(source=source).order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
        task = Task.objects.create(
            source=source,
            seq=seq,
            content=content,
            lead_unit=lead_unit,
            owner=owner,
            assigned_on=assigned,
            deadline_kind=deadline_kind,
            deadline_days=days,
            due_on=due,
        )
        if coordinating:
            task.coordinating_units.set(coordinating)
        _event(task, actor=actor, action="assign", on=assigned)
        audited_save(task, actor=actor, action="workplans.task_create", fields=["version"], after=_state_dict(task))
    return task


@bundled
def conclusion_enter(
    *,
    actor: User,
    title: str,
    issued_on: dt.date,
    text: str,
    number: str = "",
    issuer: str = "",
    kind: str = SourceKind.CONCLUSION,
    lead_unit: Unit | None = None,
    agency: Agency | None = None,
    **deadline: Unpack[DeadlineTerms],
) -> TaskSource:
    """A leader's conclusion entered once: the source and one task per item of ``text``."""
    _require(actor, "workplans.direct")
    items = rules.split_conclusion(text)
    if not items:
        raise ValidationError({"text": _("The conclusion has no task.")})
    with transaction.atomic():
        source = task_source_create(
            actor=actor, kind=kind, title=title, issued_on=issued_on, number=number, issuer=issuer, agency=agency
        )
        for item in items:
            task_create(actor=actor, source=source, content=item, lead_unit=lead_unit, **deadline)
    return source


def _act(
    actor: User, task: Task | int, expected_version: int | None, action: str, *, coordinating: bool = False
) -> tuple[Task, str]:
    """Lock the task, check the unit scope (403), the version and the state (409)."""
    pk = task.pk if isinstance(task, Task) else task
    locked = Task.objects.select_for_update().select_related("source").get(pk=pk)
    _check_scope(actor, locked, coordinating=coordinating)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(_("The task was changed by someone else; reload it first."), code="stale_version")
    try:
        new_state = rules.next_state(locked.state, action)
    except rules.RuleError:
        raise ConflictError(
            _("This action is not allowed while the task is %(state)s.") % {"state": TaskState(locked.state).label},
            code="invalid_transition",
        ) from None
    return locked, new_state


def _on(on: dt.date | None, task: Task) -> dt.date:
    day = on or _today()
    if day < task.assigned_on:
        raise ValidationError({"on": _("The date is before the assignment.")})
    if day > _today():
        raise ValidationError({"on": _("The date is in the future.")})
    return day


def _step(
    actor: User,
    task: Task | int,
    expected_version: int | None,
    action: str,
    *,
    note: str,
    changes: Callable[[Task, str, dt.date], dict[str, Any]],
    on: dt.date | None = None,
    today: bool = False,
    audit_extra: dict[str, Any] | None = None,
) -> Task:
    """One step of a task that moves its state, in a transaction of its own: the
    task locked and checked (``_act``); the step's day, ``on`` checked by ``_on``
    (a director's decision, ``today``: today, unchecked); ``changes(task,
    new_state, day)`` set; the history event ``action`` appended (with the
    deadline before, where the step moves it) and the audit event
    ``workplans.task_<action>``: the task's state before and after (and
    ``audit_extra`` after)."""
    with transaction.atomic():
        locked, new_state = _act(actor, task, expected_version, action)
        day = _today() if today else _on(on, locked)
        before = _state_dict(locked)
        due_before = locked.due_on
        changed = changes(locked, new_state, day)
        for name, value in changed.items():
            setattr(locked, name, value)
        _event(
            locked,
            actor=actor,
            action=action,
            on=day,
            note=note,
            from_state=before["state"],
            due_before=due_before if "due_on" in changed else None,
        )
        return audited_save(
            locked,
            actor=actor,
            action=f"workplans.task_{action}",
            fields=[*changed, "version", "updated_at"],
            before=before,
            after={**_state_dict(locked), **(audit_extra or {})},
        )


def task_start(
    *, actor: User, task: Task | int, note: str = "", on: dt.date | None = None, expected_version: int | None = None
) -> Task:
    _require(actor, "workplans.edit")

    def started(locked: Task, state: str, day: dt.date) -> dict[str, Any]:
        return {"state": state, "started_on": day}

    return _step(actor, task, expected_version, "start", on=on, note=note.strip(), changes=started)


def task_note(
    *, actor: User, task: Task | int, note: str, on: dt.date | None = None, expected_version: int | None = None
) -> Task:
    """A progress note (báo cáo tiến độ), from the lead or a coordinating unit."""
    _require(actor, "workplans.edit")
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("This field is required.")})
    with transaction.atomic():
        locked, _state = _act(actor, task, expected_version, "note", coordinating=True)
        day = _on(on, locked)
        _event(locked, actor=actor, action="note", on=day, note=note, from_state=locked.state)
        audited_save(
            locked, actor=actor, action="workplans.task_note", fields=["version", "updated_at"], after={"note": note}
        )
    return locked


def task_complete(
    *,
    actor: User,
    task: Task | int,
    result_document: str,
    note: str = "",
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> Task:
    """Mark the task done with its result document (e.g. the report or plan submitted)."""
    _require(actor, "workplans.edit")
    result_document = " ".join(result_document.split())
    if not result_document:
        raise ValidationError({"result_document": _("Name the result document.")})

    def completed(locked: Task, state: str, day: dt.date) -> dict[str, Any]:
        return {
            "state": state,
            "started_on": locked.started_on or day,
            "completed_on": day,
            "result_document": result_document[:500],
        }

    return _step(
        actor, task, expected_version, "complete", on=on, note=note.strip() or result_document, changes=completed
    )


def task_reopen(*, actor: User, task: Task | int, reason: str, expected_version: int | None = None) -> Task:
    """A director sends a done task back (the result was not enough)."""
    _require(actor, "workplans.direct")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})

    def reopened(locked: Task, state: str, day: dt.date) -> dict[str, Any]:
        return {"state": state, "completed_on": None}

    return _step(actor, task, expected_version, "reopen", today=True, note=reason, changes=reopened)


@bundled
def task_reschedule(
    *,
    actor: User,
    task: Task | int,
    reason: str,
    expected_version: int | None = None,
    **deadline: Unpack[DeadlineTerms],
) -> Task:
    """A director sets a new deadline (a date, or days from the assignment), with the reason."""
    _require(actor, "workplans.direct")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    deadline_kind, days = _deadline_kind_and_days(deadline, DeadlineKind.DATE)

    def new_deadline(locked: Task, state: str, day: dt.date) -> dict[str, Any]:
        due = _due(locked.source.agency_id, deadline_kind, locked.assigned_on, deadline.get("due_on"), days)
        return {"deadline_kind": deadline_kind, "deadline_days": days, "due_on": due}

    return _step(
        actor,
        task,
        expected_version,
        "reschedule",
        today=True,
        note=reason,
        changes=new_deadline,
        audit_extra={"reason": reason},
    )


#: each task action's service and the names of the data it takes
_ACTION_SERVICES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "start": (task_start, ("note", "on")),
    "note": (task_note, ("note", "on")),
    "complete": (task_complete, ("result_document", "note", "on")),
    "reopen": (task_reopen, ("reason",)),
    "reschedule": (task_reschedule, ("reason", "deadline_kind", "due_on", "deadline_days")),
}
if set(_ACTION_SERVICES) != set(rules.ACTIONS):
    raise RuntimeError("_ACTION_SERVICES does not cover the task actions")


def task_act(
    *, actor: User, task: Task | int, action: str, data: Mapping[str, Any], expected_version: int | None = None
) -> Task:
    """One of :data:`rules.ACTIONS` with its data (a form's cleaned data, an API
    body's fields): the task page and the API take this one path. Data the
    action does not take is ignored; what it takes and is absent keeps the
    service's default."""
    service, names = _ACTION_SERVICES[action]
    given = {name: data[name] for name in names if name in data}
    result: Task = service(actor=actor, task=task, expected_version=expected_version, **given)
    return result


def tasks_retime(agency: Any, since: dt.date) -> int:
    """Calendar-change subscriber: recompute the working-day deadlines of open
    tasks that may move (due on or after the first changed day)."""
    qs = Task.objects.filter(
        deadline_kind__in=[DeadlineKind.WORKING_DAYS, DeadlineKind.CALENDAR_DAYS], due_on__gte=since
    ).exclude(state=TaskState.DONE)
    if agency is not None:
        qs = qs.filter(source__agency_id=getattr(agency, "pk", agency))
    moved = 0
    for pk in list(qs.values_list("pk", flat=True)):
        with transaction.atomic():
            task = Task.objects.select_for_update().select_related("source").get(pk=pk)
            new_due = _due(task.source.agency_id, task.deadline_kind, task.assigned_on, None, task.deadline_days)
            if new_due == task.due_on:
                continue
            old = task.due_on
            task.due_on = new_due
            _event(
                task,
                actor=None,
                action="retime",
                on=_today(),
                note=change_note(since),
                from_state=task.state,
                due_before=old,
            )
            audited_save(
                task,
                actor=None,
                action="workplans.task_retime",
                fields=["due_on", "version", "updated_at"],
                before={"due_on": old.isoformat() if old else None},
                after={"due_on": new_due.isoformat() if new_due else None, "reason": "calendar change"},
            )
            moved += 1
    return moved


# --------------------------------------------------------------------------- reminders


def _recipients(task: Task) -> list[str]:
    from django.contrib.auth import get_user_model

    emails: set[str] = set()
    if task.owner is not None and task.owner.email and task.owner.is_active:
        emails.add(task.owner.email)
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if task.lead_unit_id is not None:
        users = users.filter(staff_profile__unit_id=task.lead_unit_id, groups__name=Role.UNIT_HEAD)
    else:
        users = users.filter(groups__name=Role.DIRECTOR)
    emails.update(users.values_list("email", flat=True))
    return sorted(emails)


def tasks_remind(*, actor: User = None, today: dt.date | None = None, warn_working_days: int | None = None) -> int:
    """Queue an email to the person in charge and the lead unit's heads (the
    directors for the department's own tasks) for each open task due within
    ``warn_working_days`` working days or overdue; each reminder once per
    kind and deadline (``TaskReminder``; the dossiers' deadline warnings work the
    same way, see ``tuphap.dossiers.reminders``), through the outbox of
    ``tuphap.core.notifications``; a daily periodic job (``workplans/periodic.py``).
    Returns how many reminders were queued."""
    from tuphap.workplans.selectors import tasks_to_remind

    _require(actor, "workplans.direct")
    day = today or _today()
    days = warn_working_days if warn_working_days is not None else getattr(settings, "TUPHAP_WORKPLANS_REMIND_DAYS", 2)
    warn_until = office_clock().add_working_days(day, days)
    queued = 0
    for task in tasks_to_remind(day, warn_until):
        kind = rules.remind_kind(task.state, task.due_on, day, warn_until)
        if kind is None or task.due_on is None:
            continue
        with transaction.atomic():
            reminder, created = TaskReminder.objects.get_or_create(task=task, kind=kind, due_on=task.due_on)
            if not created:
                continue
            emails = _recipients(task)
            reminder.recipients = emails
            reminder.save(update_fields=["recipients"])
            subject, body = messages.task_reminder(task, overdue=kind == "overdue")
            queue(messages=[Message.email(email, subject, body) for email in emails], about=task)
            queued += 1
    return queued


# --------------------------------------------------------------------------- plans and decisions


def deadline_rule_set(
    *, actor: User, code: str, name: str, amount: int, unit: str, legal_basis: str, valid_from: dt.date
) -> DeadlineRule:
    """Configure a plan deadline (a new version from ``valid_from``; the previous one closes the day before)."""
    _require(actor, "workplans.direct")
    if unit not in DeadlineUnit.values:
        raise ValidationError({"unit": _("Unknown unit.")})
    if amount < 1 or amount > 3650:
        raise ValidationError({"amount": _("The number of days must be between 1 and 3650.")})
    with transaction.atomic():
        current = (
            DeadlineRule.objects.select_for_update()
            .filter(code=code, valid_to__isnull=True)
            .order_by("-valid_from")
            .first()
        )
        if current is not None and (current.amount, current.unit, current.name, current.legal_basis) == (
            amount,
            unit,
            name,
            legal_basis,
        ):
            return current
        if current is not None:
            if valid_from <= current.valid_from:
                raise ConflictError(_("A rule with a later start is already in force."), code="rule_order")
            current.valid_to = valid_from - dt.timedelta(days=1)
            current.save(update_fields=["valid_to"])
        return audited_save(
            DeadlineRule(
                code=code, name=name, amount=amount, unit=unit, legal_basis=legal_basis, valid_from=valid_from
            ),
            actor=actor,
            action="workplans.rule_set",
            after={"amount": amount, "unit": unit, "valid_from": valid_from.isoformat()},
        )


def rule_for(code: str, on: dt.date) -> DeadlineRule | None:
    return (
        DeadlineRule.objects.filter(code=code, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )


def plan_create(
    *,
    actor: User,
    kind: str,
    field: str,
    title: str,
    lead_unit: Unit | None = None,
    basis: str = "",
    basis_issued_on: dt.date | None = None,
    rule_code: str = "",
    due_on: dt.date | None = None,
    agency: Agency | None = None,
) -> Plan:
    """Start a plan or decision; with ``rule_code`` its deadline comes from the
    rule in force on the basis's date (e.g. 10 days after the Prime Minister's plan)."""
    _require(actor, "workplans.edit")
    if kind not in PlanKind.values:
        raise ValidationError({"kind": _("Unknown kind.")})
    if field not in PlanField.values:
        raise ValidationError({"field": _("Unknown field.")})
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("This field is required.")})
    agency = agency or _default_agency()
    rule = None
    if rule_code:
        if basis_issued_on is None:
            raise ValidationError({"basis_issued_on": _("A deadline rule counts from the basis's date.")})
        rule = rule_for(rule_code, basis_issued_on)
        if rule is None:
            raise ValidationError(
                {"rule_code": _("No deadline rule “%(code)s” is in force on that date.") % {"code": rule_code}}
            )
        try:
            due_on = rules.rule_due(basis_issued_on, rule.amount, rule.unit, _clock_add(agency.pk))
        except WorkdaysError as exc:
            raise ValidationError({"basis_issued_on": str(exc)}) from None
    return audited_save(
        Plan(
            agency=agency,
            kind=kind,
            field=field,
            title=title,
            lead_unit=lead_unit,
            basis=basis.strip(),
            basis_issued_on=basis_issued_on,
            rule=rule,
            due_on=due_on,
            created_by=acting_user(actor),
        ),
        actor=actor,
        action="workplans.plan_create",
        after={"kind": kind, "field": field, "due_on": due_on.isoformat() if due_on else None},
    )


def plan_submit(*, actor: User, plan: Plan | int, submitted_on: dt.date, submission_number: str = "") -> Plan:
    """Record that the draft was submitted to the province (tờ trình)."""
    _require(actor, "workplans.edit")
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk if isinstance(plan, Plan) else plan)
        if locked.submitted_on is not None:
            raise ConflictError(_("The plan is already submitted."), code="already_submitted")
        if submitted_on > _today():
            raise ValidationError({"submitted_on": _("The date is in the future.")})
        if locked.basis_issued_on is not None and submitted_on < locked.basis_issued_on:
            raise ValidationError({"submitted_on": _("The plan cannot be submitted before its basis.")})
        number = submission_number.strip()
        return audited_save(
            locked,
            actor=actor,
            action="workplans.plan_submit",
            changes={"submitted_on": submitted_on, "submission_number": number},
        )


def plan_record_issue(*, actor: User, plan: Plan | int, issued_number: str, issued_on: dt.date) -> Plan:
    """Record the number and date under which the province issued the plan or decision."""
    _require(actor, "workplans.edit")
    issued_number = issued_number.strip()
    if not issued_number:
        raise ValidationError({"issued_number": _("This field is required.")})
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk if isinstance(plan, Plan) else plan)
        if locked.submitted_on is None:
            raise ConflictError(_("Submit the plan before recording its issue."), code="not_submitted")
        if locked.issued_number:
            raise ConflictError(_("The plan is already issued."), code="already_issued")
        if issued_on < locked.submitted_on:
            raise ValidationError({"issued_on": _("The plan cannot be issued before it was submitted.")})
        if Plan.objects.filter(agency_id=locked.agency_id, issued_number=issued_number).exists():
            raise ConflictError(_("This number is already recorded."), code="duplicate_number")
        return audited_save(
            locked,
            actor=actor,
            action="workplans.plan_issue",
            changes={"issued_number": issued_number, "issued_on": issued_on},
        )


# --------------------------------------------------------------------------- violation-handling figures


def violation_stat_save(*, actor: User, row: rules.StatRow) -> tuple[ViolationStat, str]:
    """Insert or update the figures of one quarter, reporting body and field.

    Returns the row and "created", "updated" or "unchanged" (so imports are idempotent).
    """
    _require(actor, "workplans.edit")
    try:
        row = dataclasses.replace(row, reporter=clean_line(row.reporter, max_length=255, name=True))
    except TextError as exc:
        raise ValidationError({"reporter": _("Reporting body: %(error)s.") % {"error": exc}}) from None
    if not row.reporter:
        raise ValidationError({"reporter": _("Reporting body: empty.")})
    values = {"decisions": row.decisions, "fines_imposed": row.fines_imposed, "fines_collected": row.fines_collected}
    user = acting_user(actor)
    with transaction.atomic():
        stat = (
            ViolationStat.objects.select_for_update()
            .filter(year=row.year, quarter=row.quarter, reporter=row.reporter, field=row.field)
            .first()
        )
        if stat is None:
            try:
                with transaction.atomic():
                    stat = ViolationStat.objects.create(
                        year=row.year,
                        quarter=row.quarter,
                        reporter=row.reporter,
                        field=row.field,
                        updated_by=user,
                        **values,
                    )
            except IntegrityError:
                # saved meanwhile by another process (a concurrent import): update that row
                stat = ViolationStat.objects.select_for_update().get(
                    year=row.year, quarter=row.quarter, reporter=row.reporter, field=row.field
                )
            else:
                audit_record(actor=actor, action="workplans.stat_create", obj=stat, after=values)
                return stat, "created"
        before = {k: getattr(stat, k) for k in values}
        if before == values:
            return stat, "unchanged"
        audited_save(
            stat,
            actor=actor,
            action="workplans.stat_update",
            changes={**values, "updated_by": user},
            fields=["updated_at"],
            before=before,
            after=values,
        )
    return stat, "updated"
