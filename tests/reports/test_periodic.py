from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.core.management import call_command

from tuphap.core.models import Notification
from tuphap.dossiers.models import ChangedDossier
from tuphap.reports.models import DossierFact


def test_periodic_counts_sends_and_is_quiet_when_idle(
    receive: Callable[..., Any], settings: Any, tmp_path: Any
) -> None:
    settings.VAR_DIR = tmp_path
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    receive()
    assert ChangedDossier.objects.count() == 1
    out = io.StringIO()
    call_command("periodic", stdout=out)
    assert "aggregates: 1 dossiers" in out.getvalue()
    assert ChangedDossier.objects.count() == 0 and DossierFact.objects.count() == 1
    assert Notification.objects.filter(status="sent").count() >= 1
    again = io.StringIO()
    call_command("periodic", stdout=again)
    assert again.getvalue() == ""
