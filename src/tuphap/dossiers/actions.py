"""One way from an action's name to its service: ``dossier_act``.

The dossier page (``views.act``) and the API (``POST /dossiers/{code}/actions/
{action}``) both take a workflow action by name; both call ``dossier_act``,
which calls the one service of that action with the parameters it takes. The
rules (role, scope, state, version, the once-only guards) are the services';
what a page offers is ``workflow.allowed_actions``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tuphap.dossiers import services, workflow
from tuphap.dossiers.models import Dossier

#: action -> (its service, the keyword parameters it takes besides actor, dossier and expected_version)
ACTION_SERVICES: Final[dict[str, tuple[Callable[..., Dossier], tuple[str, ...]]]] = {
    "receive": (services.dossier_accept, ()),
    "refuse": (services.dossier_refuse, ("reason",)),
    "assign": (services.dossier_assign, ("handler", "note")),
    "forward": (services.dossier_forward, ("to", "note", "step_days")),
    "request_supplement": (services.dossier_request_supplement, ("items", "reason")),
    "supplement_received": (services.dossier_supplement_received, ("note",)),
    "request_fee": (services.dossier_request_fee, ("note",)),
    "fee_paid": (services.dossier_fee_paid, ("online",)),
    "extend": (services.dossier_extend, ("reason", "new_due_at")),
    "resolve": (services.dossier_resolve, ("outcome", "reason", "electronic_result")),
    "stop": (services.dossier_stop, ("reason",)),
    "withdraw": (services.dossier_withdraw, ("reason",)),
    "return": (services.dossier_return, ()),
    "rate": (services.dossier_rate, ("rating",)),
}
if set(ACTION_SERVICES) != set(workflow.ACTIONS):  # the table and the workflow must agree
    raise RuntimeError("ACTION_SERVICES does not cover the workflow's actions")


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
        service, names = ACTION_SERVICES[action]
    except KeyError:
        raise ValidationError({"action": _("Unknown action: “%(action)s”.") % {"action": action}}) from None
    kwargs = {name: params[name] for name in names if name in params}
    return service(actor=actor, dossier=dossier, expected_version=expected_version, **kwargs)
