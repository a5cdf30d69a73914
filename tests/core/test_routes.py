"""core.routes: an app's URL patterns from a path/view table, the same as one path(...) a line."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse

from tuphap.core.routes import routes


def listing(request: HttpRequest) -> HttpResponse:
    return HttpResponse("list")


def item(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(str(pk))


VIEWS: Any = SimpleNamespace(listing=listing, item=item)


def test_a_table_gives_the_paths_views_and_names_of_path_calls() -> None:
    patterns = routes(
        VIEWS,
        """
        /                       listing
        /<int:pk>/              item
        /<int:pk>.<str:fmt>     item        item_file
        """,
    )
    assert [(str(p.pattern), p.callback, p.name) for p in patterns] == [
        ("", listing, "listing"),
        ("<int:pk>/", item, "item"),
        ("<int:pk>.<str:fmt>", item, "item_file"),
    ]
    match = patterns[1].resolve("12/")
    assert match is not None and match.kwargs == {"pk": 12}


@pytest.mark.parametrize("line", ["moi/ listing", "/moi/ listing name extra", "/moi/"])
def test_a_line_not_of_the_table_s_form_is_refused(line: str) -> None:
    with pytest.raises(ValueError):
        routes(VIEWS, line)


def test_a_view_the_module_lacks_fails_at_once() -> None:
    with pytest.raises(AttributeError):
        routes(VIEWS, "/x/ missing")
