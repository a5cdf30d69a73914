"""One way from an action's name to its service and its label: ``dossier_act``, ``ACTIONS``.

The dossier page (``views.act``) and the API (``POST /dossiers/{code}/actions/
{action}``) both take a workflow action by name; both call ``dossier_act``,
which calls the one service of that action with the parameters it takes. The
rules (role, scope, state, version, the once-only guards) are the services';
what a page offers is ``workflow.allowed_actions``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuphap.dossiers import services, workflow
from tuphap.dossiers.models import Dossier


@dataclass(frozen=True)
class Action:
    """A workflow action as the dossier page and the API take it."""

    label: Promise  # on the dossier page's button and in its "Done" message
    service: Callable[..., Dossier]
    params: tuple[str, ...] = ()  # the keyword parameters it takes besides actor, dossier and expected_version


#: action -> its label, its service and the parameters the service takes
ACTIONS: Final[dict[str, Action]] = {
    "receive": Action(gettext_lazy("Receive"), services.dossier_accept),
    "refuse": Action(gettext_lazy("Refuse"), services.dossier_refuse, ("reason",)),
    "assign": Action(gettext_lazy("Assign a handler"), services.dossier_assign, ("handler", "note")),
    "forward": Action(gettext_lazy("Hand over"), services.dossier_forward, ("to", "note", "step_days")),
    "request_supplement": Action(
        gettext_lazy("Request a supplement (form 02)"), services.dossier_request_supplement, ("items", "reason")
    ),
    "supplement_received": Action(gettext_lazy("Supplement received"), services.dossier_supplement_received, ("note",)),
    "request_fee": Action(gettext_lazy("Request the fee"), services.dossier_request_fee, ("note",)),
    "fee_paid": Action(gettext_lazy("Fee paid"), services.dossier_fee_paid, ("online",)),
    "extend": Action(gettext_lazy("Apologise and extend (form 04)"), services.dossier_extend, ("reason", "new_due_at")),
    "resolve": Action(
        gettext_lazy("Record the result"), services.dossier_resolve, ("outcome", "reason", "electronic_result")
    ),
    "stop": Action(gettext_lazy("Stop processing (form 05)"), services.dossier_stop, ("reason",)),
    "withdraw": Action(gettext_lazy("Withdraw at the applicant's request"), services.dossier_withdraw, ("reason",)),
    "return": Action(gettext_lazy("Return the result"), services.dossier_return),
    "rate": Action(gettext_lazy("Record the applicant's rating"), services.dossier_rate, ("rating",)),
}
if set(ACTIONS) != set(workflow.ACTIONS):  # the table and the workflow must agree
    raise RuntimeError("dossiers.actions.ACTIONS does not cover the workflow's actions")


def dossier_act(
    *,
    actor: Any,
    dossier: Dossier | str,
    action: str,
    params: Mapping[str, Any],
    expected_version: int | None = None,
) -> Dossier:
    """Take ``action`` on ``dossier`` through its service.

    ``params`` holds the service's keyword parameters (``reason``, ``note``,
    ``handler``, ``to``, ``step_days``, ``items``, ``online``,
    ``new_due_at``, ``outcome``, ``electronic_result``, ``rating``); those the
    action does not take are ignored, those missing take the service's
    default. ValidationError for an unknown action; otherwise whatever the
    service raises (PermissionDenied, ConflictError, ValidationError).
    """
    try:
        taken = ACTIONS[action]
    except KeyError:
        raise ValidationError({"action": _("Unknown action: “%(action)s”.") % {"action": action}}) from None
    kwargs = {name: params[name] for name in taken.params if name in params}
    return taken.service(actor=actor, dossier=dossier, expected_version=expected_version, **kwargs)
