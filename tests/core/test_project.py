"""Project-wide guarantees: migrations complete, translations complete, tasks run."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import polib
import pytest
from django.core.management import call_command

SRC = Path(__file__).resolve().parents[2] / "src" / "tuphap"


def test_no_model_change_lacks_its_migration(db: Any) -> None:
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit as exc:
        pytest.fail(f"models changed without a migration:\n{out.getvalue()} ({exc})")


def test_migrations_have_meaningful_names() -> None:
    names = [p.name for p in SRC.glob("*/migrations/0*.py")]
    assert names and not [n for n in names if "_auto_" in n]


TRANSLATE_RE = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")
BLOCK_RE = re.compile(r"\{%\s*blocktranslate[^%]*%\}(.*?)\{%\s*endblocktranslate\s*%\}", re.S)
# a msgid may be followed by a comment: the E501 noqa that keeps a msgid too long for the line length whole
PY_RE = re.compile(r"""\b(?:_|gettext|gettext_lazy|pgettext_lazy)\(\s*(["'])(.+?)(?<!\\)\1\s*(?:#[^\n]*\s*)?[,)]""")


def source_msgids() -> set[str]:
    ids: set[str] = set()
    for path in SRC.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        ids.update(m.group(2) for m in TRANSLATE_RE.finditer(text))
        for m in BLOCK_RE.finditer(text):
            singular = re.split(r"\{%\s*plural\s*%\}", m.group(1))[0]
            ids.add(re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", singular))
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        ids.update(m.group(2) for m in PY_RE.finditer(path.read_text(encoding="utf-8")))
    return ids


def test_vietnamese_catalogue_is_complete() -> None:
    translated: set[str] = set()
    catalogues = sorted(SRC.rglob("locale/vi/LC_MESSAGES/django.po"))
    assert SRC / "locale" / "vi" / "LC_MESSAGES" / "django.po" in catalogues
    for path in catalogues:  # the project's catalogue and any app's own
        catalogue = polib.pofile(str(path), encoding="utf-8")
        assert not catalogue.untranslated_entries(), path
        assert not catalogue.fuzzy_entries(), path
        translated |= {entry.msgid for entry in catalogue if entry.translated() and not entry.obsolete}
    missing = sorted(source_msgids() - translated)
    assert missing == [], f"msgids without a Vietnamese translation: {missing[:20]}"


def test_vietnamese_is_served(client: Any, db: Any) -> None:
    from django.utils import translation

    with translation.override("vi"):
        from tuphap.orgs.roles import Role

        assert Role.RECEPTION.label == "Cán bộ một cửa"


@pytest.mark.django_db(transaction=True)
def test_background_task_runs_through_the_database_worker() -> None:
    from tuphap.core.tasks import healthcheck_task

    result = healthcheck_task.enqueue(note="kiểm tra")
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"ok": True, "note": "kiểm tra"}
