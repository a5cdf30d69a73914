"""Typed keyword bundles (PEP 692): a service declares a record's fields once, as a ``TypedDict``, and takes them
as ``**fields: Unpack[Bundle]`` (its callers pass the same keywords as before). Python checks no keyword of such a
signature when it runs (mypy does, where it runs): ``@bundled`` makes a call with a keyword the service does not
take, or without one the bundle requires, a ``TypeError`` naming it, as a plain signature would, so that a
misspelt keyword is never silently dropped."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, ForwardRef, NotRequired, Required, get_args, get_origin

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
        spec = _SPECS[fn] = (frozenset(named | keys), required_keys(bundle) if bundle is not None else frozenset())
    return spec


def required_keys(bundle: Any) -> frozenset[str]:
    """The keys a ``TypedDict`` requires. Its ``__required_keys__`` follow each class's totality but, in a module
    with postponed annotations, miss the ``Required[...]`` and ``NotRequired[...]`` written on a key (Python
    reads them only from evaluated annotations): they are read here from the annotation's text."""
    required = set(bundle.__required_keys__)
    for key, annotation in bundle.__annotations__.items():
        marker = get_origin(annotation)
        text = annotation.__forward_arg__ if isinstance(annotation, ForwardRef) else ""
        if marker is Required or text.startswith(("Required[", "typing.Required[")):
            required.add(key)
        elif marker is NotRequired or text.startswith(("NotRequired[", "typing.NotRequired[")):
            required.discard(key)
    return frozenset(required)


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
