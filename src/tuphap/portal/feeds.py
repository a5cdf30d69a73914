"""RSS and Atom feeds of the latest published articles.

Texts are checked when they are saved (``validation.py``); a character that XML
cannot carry, already stored (an import, an older version), is dropped when
the feed is rendered, so that one article never makes the feed fail."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from tuphap.core.context_processors import department_name
from tuphap.core.text import BIDI_CONTROLS, INVISIBLE
from tuphap.portal import selectors
from tuphap.portal.models import Article

# C0 and C1 controls but tab and line ends, lone surrogates, U+FFFE/U+FFFF, and the
# characters that change the direction of the text or hide themselves
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff" + "".join(sorted(BIDI_CONTROLS | INVISIBLE)) + "]"
)


def feed_text(value: object) -> str:
    """A text as a feed may carry it: without the characters XML refuses (or that hide)."""
    return _UNSAFE.sub("", "" if value is None else str(value))


class LatestRss(Feed):
    tuphap_capability = "public"
    description = _("The latest news of the Department of Justice.")
    link = "/"

    def title(self) -> str:
        return feed_text(f"{department_name()} — {settings.TUPHAP_SITE_NAME}")

    def items(self) -> list[Article]:
        return list(selectors.articles_visible()[:30])

    def item_title(self, item: Article) -> str:
        return feed_text(item.title)

    def item_description(self, item: Article) -> str:
        return feed_text(item.lead)

    def item_pubdate(self, item: Article) -> dt.datetime | None:
        return item.published_at

    def item_categories(self, item: Article) -> list[str]:
        return [feed_text(item.category.name)]


class LatestAtom(LatestRss):
    feed_type = Atom1Feed
    subtitle = LatestRss.description
