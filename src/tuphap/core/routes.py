"""An app's URL patterns from a table, one route a line: the path below the app's prefix (``/`` is the prefix
itself), the view's name in the views module, and the URL's name where it differs from the view's::

    urlpatterns = routes(views, '''
        /                                           search
        /<int:pk>/                                  document
        /danh-muc-het-hieu-luc/<int:year>.<str:fmt> yearly_list  yearly_file
    ''')

The same as ``path("<int:pk>/", views.document, name="document")`` line by line, without saying every view's
name twice; a view the module lacks fails at import, as a mistyped ``views.x`` would.
"""

from __future__ import annotations

from types import ModuleType

from django.urls import URLPattern, path


def routes(views: ModuleType, table: str) -> list[URLPattern]:
    patterns = []
    for line in table.strip().splitlines():
        route, view, *name = line.split()
        if not route.startswith("/") or len(name) > 1:
            raise ValueError(f"A route is `/path view [name]`, not {line.strip()!r}.")
        patterns.append(path(route.removeprefix("/"), getattr(views, view), name=name[0] if name else view))
    return patterns
