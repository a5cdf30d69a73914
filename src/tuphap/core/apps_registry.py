"""The domain apps and where they plug in: URL prefix, API router, demo loader,
section of the quarterly report, periodic jobs, entries of the back office's menu.

Each domain app may have ``urls.py`` (with ``app_name``), ``api.py`` with a
ninja ``router``, a ``demo`` package with ``load(stdout)``, ``report_section.py``
with a ``SECTION`` (``core.report_sections.ReportSection``), ``periodic.py``
with ``JOBS`` (``tuphap.core.periodic.Job``) and perhaps ``is_working_day(day)``,
and ``navigation.py`` with ``NAV_ITEMS`` (``tuphap.core.navigation.NavItem``);
this registry mounts what exists, in this order, so that adding an app touches
no central file but this table.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, include, path

from tuphap.core.report_sections import ReportSection

if TYPE_CHECKING:
    from tuphap.core.navigation import NavItem
    from tuphap.core.periodic import Job

# app label -> URL prefix of its pages
DOMAIN_APPS: dict[str, str] = {
    "workdays": "lich-lam-viec/",
    "dossiers": "ho-so/",
    "lawdocs": "van-ban/",
    "workplans": "nhiem-vu/",
    "reports": "bao-cao/",
    "citizens": "cong-dan/",  # citizens' accounts (issue 18): an app like orgs, imported by dossiers' online pages
    "portal": "",  # the public portal: /, /tin-tuc/…, last so that it never shadows others
}


def installed_domain_apps() -> list[str]:
    return [label for label in DOMAIN_APPS if apps.is_installed(f"tuphap.{label}")]


def _module(label: str, name: str) -> Any | None:
    dotted = f"tuphap.{label}.{name}"
    if find_spec(dotted) is None:
        return None
    return import_module(dotted)


def app_urlpatterns() -> list[URLPattern | URLResolver]:
    patterns: list[URLPattern | URLResolver] = []
    for label in installed_domain_apps():
        if _module(label, "urls") is not None:
            patterns.append(path(DOMAIN_APPS[label], include(f"tuphap.{label}.urls")))
    return patterns


def api_routers() -> list[tuple[str, Any]]:
    """``(prefix, router)`` of every domain app's ``api.py``; an error naming the
    app when its module is only half imported (it would have no router yet) or
    has neither ``router`` nor ``routers``: never a silently missing API."""
    routers = []
    for label in installed_domain_apps():
        module = _module(label, "api")
        if module is None:
            continue
        if getattr(getattr(module, "__spec__", None), "_initializing", False):
            raise ImproperlyConfigured(
                f"tuphap.{label}.api is still being imported while the API mounts the routers of the apps "
                f"(an import cycle through tuphap.api): its routes would be missing. The routers are mounted "
                f"by CoreConfig.ready(); do not mount them at import time."
            )
        if hasattr(module, "routers"):  # an app serving several prefixes
            routers.extend(module.routers)
        elif hasattr(module, "router"):
            routers.append((f"/{label}", module.router))
        else:
            raise ImproperlyConfigured(
                f"tuphap.{label}.api defines neither `router` nor `routers`: the app's API cannot be mounted."
            )
    return routers


def demo_loaders() -> list[Callable[[Any], None]]:
    loaders = []
    for label in installed_domain_apps():
        module = _module(label, "demo")
        if module is not None and hasattr(module, "load"):
            loaders.append(module.load)
    return loaders


def report_sections() -> list[ReportSection]:
    """The ``SECTION`` of every domain app's ``report_section.py``, in the table's order: the parts
    of the quarterly report that other apps write. A module that fails to import, or has no
    ``SECTION``, is an error naming the app: a section never goes missing silently."""
    sections = []
    for label in installed_domain_apps():
        module = _module(label, "report_section")
        if module is None:
            continue
        section = getattr(module, "SECTION", None)
        if not isinstance(section, ReportSection):
            raise ImproperlyConfigured(
                f"tuphap.{label}.report_section defines no SECTION (a ReportSection): its part of the report is "
                "missing."
            )
        sections.append(section)
    return sections


def navigation_items() -> list[NavItem]:
    """The ``NAV_ITEMS`` of every installed domain app's ``navigation.py``, in registry order
    (the menu sorts them with core's own by their ``order``)."""
    items: list[NavItem] = []
    for label in installed_domain_apps():
        module = _module(label, "navigation")
        if module is not None:
            items.extend(module.NAV_ITEMS)
    return items


def periodic_jobs() -> list[Job]:
    """Every installed domain app's ``periodic.JOBS`` in registry order, then
    core's own (the outbox last: what the others queued goes out at once)."""
    from tuphap.core import periodic

    jobs: list[Job] = []
    for label in installed_domain_apps():
        module = _module(label, "periodic")
        if module is not None:
            jobs.extend(getattr(module, "JOBS", []))
    jobs.extend(periodic.JOBS)
    names = [job.name for job in jobs]
    if len(set(names)) != len(names):
        raise ImproperlyConfigured(f"two periodic jobs share a name: {sorted(n for n in names if names.count(n) > 1)}")
    return jobs


def periodic_working_day() -> Callable[[Any], bool]:
    """The ``is_working_day(day)`` of the first app whose ``periodic.py`` has one
    (the workdays app's calendar); else Monday to Friday."""
    from tuphap.core.periodic import monday_to_friday

    for label in installed_domain_apps():
        module = _module(label, "periodic")
        if module is not None and hasattr(module, "is_working_day"):
            rule: Callable[[Any], bool] = module.is_working_day
            return rule
    return monday_to_friday
