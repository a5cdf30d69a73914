"""Who is a citizen: a user with a ``CitizenProfile``. Staff never are (a staff
account is not a citizen account), and a citizen holds no staff capability."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from tuphap.citizens.models import CitizenProfile


def citizen_of(user: Any) -> CitizenProfile | None:
    """The citizen profile of an active, signed-in citizen; None for anyone else."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    from tuphap.citizens.models import CitizenProfile

    try:
        return user.citizen_profile
    except CitizenProfile.DoesNotExist:
        return None


def citizen_required[F: Callable[..., Any]](view: F) -> F:
    """View decorator: anonymous visitors go to the citizens' sign-in page, others than citizens get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('citizens:signin')}?{query}")
        if citizen_of(request.user) is None:
            raise PermissionDenied("citizen")
        response: HttpResponse = view(request, *args, **kwargs)
        return response

    wrapper.tuphap_capability = "citizen"  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
