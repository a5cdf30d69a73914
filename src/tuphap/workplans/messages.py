"""The texts of the deadline reminders emailed to the officers in charge of a task.

Rendered in Vietnamese whatever language the job runs in (``in_vietnamese``): the
reminders go out from a background job, and the office reads Vietnamese. The msgids
are English like the rest of the code; the Vietnamese is in this app's catalogue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from tuphap.core.notifications import in_vietnamese

if TYPE_CHECKING:
    from tuphap.workplans.models import Task


@in_vietnamese
def task_reminder(task: Task, *, overdue: bool) -> tuple[str, str]:
    """``(subject, body)``: overdue or due soon, the task, its source and the lead unit."""
    due = f"{task.due_on:%d/%m/%Y}"
    subject = (_("Overdue task (due %(due)s)") if overdue else _("Task deadline reminder: due %(due)s")) % {"due": due}
    source = task.source
    lines = [
        subject,
        _("Task: %(content)s") % {"content": task.content},
        _("Source: %(kind)s %(number)s of %(issued)s")
        % {"kind": source.get_kind_display(), "number": source.number, "issued": f"{source.issued_on:%d/%m/%Y}"},
        _("Lead unit: %(unit)s") % {"unit": task.lead_unit.name if task.lead_unit else _("The department")},
    ]
    return subject, "\n".join(lines)
