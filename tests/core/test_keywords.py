"""Typed keyword bundles (``core.keywords``): a misspelt or missing keyword is a TypeError, as with a plain
signature, and every public service that takes a bundle is checked."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import NotRequired, TypedDict, Unpack

import pytest

from tuphap.core.keywords import accepted, bundled

SRC = Path(__file__).resolve().parents[2] / "src" / "tuphap"


class Terms(TypedDict):
    title: str
    due_on: NotRequired[dt.date | None]


@bundled
def make(*, actor: str, note: str = "", **terms: Unpack[Terms]) -> dict[str, object]:
    return {"actor": actor, "note": note, **terms}


def test_the_declared_keywords_pass_through() -> None:
    assert make(actor="a", title="T") == {"actor": "a", "note": "", "title": "T"}
    day = dt.date(2026, 1, 5)
    assert make(actor="a", note="n", title="T", due_on=day) == {"actor": "a", "note": "n", "title": "T", "due_on": day}


def test_a_misspelt_keyword_is_a_type_error_not_dropped() -> None:
    with pytest.raises(TypeError, match="unexpected keyword arguments: due, titel"):
        make(actor="a", title="T", titel="x", due=None)  # type: ignore[call-arg]


def test_a_missing_required_key_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="missing required keyword arguments: title"):
        make(actor="a")  # type: ignore[call-arg]


def test_a_missing_named_keyword_is_still_python_s_type_error() -> None:
    with pytest.raises(TypeError, match="actor"):
        make(title="T")  # type: ignore[call-arg]


def test_accepted_reads_the_bundle_of_a_module_with_postponed_annotations() -> None:
    from tuphap.dossiers import services

    names, required = accepted(services.dossier_receive)
    assert {"actor", "procedure_code", "applicant", "code", "import_key", "received_at"} <= names
    assert required == {"procedure_code", "applicant"}


def test_a_real_service_refuses_a_misspelt_keyword() -> None:
    from tuphap.portal import services

    with pytest.raises(TypeError, match="unexpected keyword arguments: titel"):
        services.announcement_create(actor=None, titel="x", valid_from=dt.date(2026, 1, 1))  # type: ignore[call-arg]


def test_every_public_function_taking_a_bundle_is_checked() -> None:
    unchecked = []
    for path in sorted(SRC.rglob("*.py")):
        if "/migrations/" in str(path):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_") or node.args.kwarg is None:
                continue
            annotation = node.args.kwarg.annotation
            if annotation is not None and ast.unparse(annotation).startswith("Unpack["):
                if "bundled" not in {ast.unparse(d) for d in node.decorator_list}:
                    unchecked.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name}")
    assert unchecked == []
