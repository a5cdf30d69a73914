"""Body HTML: what the editor may produce and what is kept on save.

The editor's extensions (django-prose-editor, Tiptap) and the server-side
allowlist come from one table, so what an editor can type is exactly what
survives sanitising. nh3 (ammonia) removes everything else: scripts, event
handlers, ``javascript:`` links, styles, unknown tags.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import nh3
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

EDITOR_EXTENSIONS: dict[str, Any] = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "Figure": True,
    "Caption": True,
    "Image": True,
}


@cache
def _cleaner() -> nh3.Cleaner:
    allow = allowlist_from_extensions(expand_extensions(EDITOR_EXTENSIONS))
    allow["link_rel"] = "noopener noreferrer"
    attributes = {tag: set(attrs) - {"rel", "target", "style"} for tag, attrs in allow["attributes"].items()}
    allow["attributes"] = attributes
    allow.setdefault("url_schemes", set()).update({"http", "https", "mailto"})
    return nh3.Cleaner(**allow)


def sanitize_html(html: str) -> str:
    """The body as stored: allowed tags and attributes only; an empty editor gives ''."""
    cleaned = _cleaner().clean(html or "").strip()
    if cleaned in {"<p></p>", "<p><br></p>"}:
        return ""
    return cleaned
