"""Typed keyword bundles (PEP 692): a service declares a record's fields once, as a ``TypedDict``, and takes them
as ``**fields: Unpack[Bundle]`` (its callers pass the same keywords as before). Python checks no keyword of such a
signature when it runs (mypy does, where it runs): ``@bundled`` makes a call with a keyword the service does not
take, or without one the bundle requires, a ``TypeError`` naming it, as a plain signature would, so that a
misspelt keyword is never silently dropped."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, get_args

#: a function -> (the keywords it takes, those its bundle requires); filled at its first call
_SPECS: dict[Callable[..., Any], tuple[frozenset[str], frozenset[str]]] = {}


def bundle_of(fn: Callable[..., Any]) -> Any | None:
    """The ``TypedDict`` of ``fn``'s ``**`` parameter (``Unpack[Bundle]``), or None."""
    fn = inspect.unwrap(fn)
    for name, parameter in inspect.signature(fn).parameters.items():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            annotation = fn.__annotations__.get(name)
            if isinstance(annotation, str):  # ``from __future__ import annotations``: the module's own names
                annotation = eval(annotation, fn.__globals__)  # noqa: S307 - the function's own annotation
            (bundle,) = get_args(annotation) or (None,)
            return bundle
    return None


def accepted(fn: Callable[..., Any]) -> tuple[frozenset[str], frozenset[str]]:
    """The keywords ``fn`` takes (its named parameters and its bundle's keys) and those its bundle requires."""
    spec = _SPECS.get(fn)
    if spec is None:
        bundle = bundle_of(fn)
        named = {
            name
            for name, p in inspect.signature(inspect.unwrap(fn)).parameters.items()
            if p.kind in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        }
        keys = (bundle.__required_keys__ | bundle.__optional_keys__) if bundle is not None else frozenset()
        required = bundle.__required_keys__ if bundle is not None else frozenset()
        spec = _SPECS[fn] = (frozenset(named | keys), frozenset(required))
    return spec


def bundled[**P, R](fn: Callable[P, R]) -> Callable[P, R]:
    """Check a call's keywords against ``fn``'s signature and its bundle before calling it."""

    @functools.wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        names, required = accepted(fn)
        if not names.issuperset(kwargs):
            unknown = ", ".join(sorted(set(kwargs) - names))
            raise TypeError(f"{fn.__qualname__}() got unexpected keyword arguments: {unknown}")
        if not required.issubset(kwargs):
            missing = ", ".join(sorted(required - set(kwargs)))
            raise TypeError(f"{fn.__qualname__}() is missing required keyword arguments: {missing}")
        return fn(*args, **kwargs)

    return call
