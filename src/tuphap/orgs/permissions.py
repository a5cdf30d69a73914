"""The one permission helper that views, the API and services share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from tuphap.orgs.roles import CAPABILITIES, ROLE_ONLY, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import QuerySet
    from django.http import HttpRequest, HttpResponse

    from tuphap.orgs.models import Unit

    AnyUser = AbstractBaseUser | AnonymousUser

F = TypeVar("F", bound=Callable[..., Any])

_ROLE_CACHE_ATTR = "_tuphap_roles"


def roles_of(user: AnyUser | None) -> frozenset[Role]:
    """The roles a user holds (cached on the user object for the request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _ROLE_CACHE_ATTR, None)
    if cached is not None:
        return frozenset(cached)
    return remember_roles(user, user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]


def remember_roles(user: AnyUser, group_names: Iterable[str]) -> frozenset[Role]:
    """The roles of the user with these group names, kept on the user as ``roles_of`` keeps them
    (for a read that loaded the user's groups with the user, as the API's token check does)."""
    roles = frozenset(Role(name) for name in set(group_names) if name in _KNOWN)
    if getattr(user, "is_superuser", False):
        roles = roles | {Role.ADMIN}
    setattr(user, _ROLE_CACHE_ATTR, roles)
    return roles


_KNOWN = frozenset(role.value for role in Role)


def has_role(user: AnyUser | None, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def can(user: AnyUser | None, capability: str) -> bool:
    """Whether the user holds the capability (see ``roles.CAPABILITIES``); a
    superuser holds every one but those of ``roles.ROLE_ONLY``, which need a role."""
    try:
        allowed = CAPABILITIES[capability]
    except KeyError:
        raise ValueError(f"unknown capability {capability!r}") from None
    if (
        user is not None
        and user.is_authenticated
        and getattr(user, "is_superuser", False)
        and capability not in ROLE_ONLY
    ):
        return bool(user.is_active)
    return bool(roles_of(user) & allowed)


def require(user: AnyUser | None, capability: str) -> None:
    """Raise PermissionDenied unless the user holds the capability."""
    if not can(user, capability):
        raise PermissionDenied(capability)


def capability_required(capability: str) -> Callable[[F], F]:
    """View decorator: anonymous users go to the login page, others get 403."""
    if capability not in CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}")

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request.user, capability)
            response: HttpResponse = view(request, *args, **kwargs)
            return response

        wrapper.tuphap_capability = capability  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def public[F: Callable[..., Any]](view: F) -> F:
    """Mark a view as deliberately open to everyone (checked by a test)."""
    view.tuphap_capability = "public"  # type: ignore[attr-defined]
    return view


def visible_units(user: AnyUser | None) -> QuerySet[Unit]:
    """The units whose data the user may see: their own, or all if the role says so."""
    from tuphap.orgs.models import Unit

    if can(user, "orgs.view_all_units"):
        return Unit.objects.all()
    profile = getattr(user, "staff_profile", None) if user is not None else None
    if profile is None or profile.unit_id is None:
        return Unit.objects.none()
    return Unit.objects.filter(pk=profile.unit_id)


def roles_labels(roles: Iterable[Role]) -> list[str]:
    return [role.label for role in sorted(roles, key=list(Role).index)]
