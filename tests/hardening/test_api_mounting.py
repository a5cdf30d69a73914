"""Every app's API is mounted whatever imports it first (issue 10, known gap).

``tuphap.api`` used to mount the apps' routers when it was imported; an app's
``api.py`` imported before it (a script, a test, a worker importing
``tuphap.dossiers.api``) imported ``tuphap.api`` half-way through its own
import, so its router did not exist yet and was silently left out. The
routers are now mounted by ``CoreConfig.ready()``, and the registry refuses,
naming the app, a module that is half imported or has no router.
"""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tuphap.core.apps_registry import api_routers

ROOT = Path(__file__).resolve().parents[2]
PREFIXES = {
    "health",
    "me",
    "procedures",
    "dossiers",
    "public",
    "lawdocs",
    "workplans",
    "reports",
    "portal",
}

SCRIPT = """
import json, django
django.setup()
import tuphap.{app}.api  # an app's API module first, as a script or a worker may
from tuphap.api import api
print(json.dumps(sorted({{path.split("/")[3] for path in api.get_openapi_schema()["paths"]}})))
"""


@pytest.mark.parametrize("app", ["dossiers", "lawdocs", "workplans", "portal", "reports"])
def test_importing_an_app_api_first_still_mounts_every_router(app: str) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tuphap.settings_test"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT.format(app=app)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert set(__import__("json").loads(done.stdout.strip().splitlines()[-1])) >= PREFIXES


def test_a_half_imported_app_api_is_an_error_naming_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    half = types.ModuleType("tuphap.reports.api")
    half.__spec__ = types.SimpleNamespace(_initializing=True, name="tuphap.reports.api")  # type: ignore[assignment]
    monkeypatch.setitem(sys.modules, "tuphap.reports.api", half)
    with pytest.raises(ImproperlyConfigured, match=r"tuphap\.reports\.api is still being imported"):
        api_routers()


def test_an_app_api_without_a_router_is_an_error_naming_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = types.ModuleType("tuphap.portal.api")
    empty.__spec__ = types.SimpleNamespace(_initializing=False, name="tuphap.portal.api")  # type: ignore[assignment]
    monkeypatch.setitem(sys.modules, "tuphap.portal.api", empty)
    with pytest.raises(ImproperlyConfigured, match=r"tuphap\.portal\.api defines neither"):
        api_routers()
