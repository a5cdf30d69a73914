"""RSS and Atom feeds of the latest published articles."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from tuphap.core.context_processors import department_name
from tuphap.portal import selectors
from tuphap.portal.models import Article


class LatestRss(Feed):
    tuphap_capability = "public"
    description = _("The latest news of the Department of Justice.")
    link = "/"

    def title(self) -> str:
        return f"{department_name()} — {settings.TUPHAP_SITE_NAME}"

    def items(self) -> list[Article]:
        return list(selectors.articles_visible()[:30])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.lead

    def item_pubdate(self, item: Article) -> dt.datetime | None:
        return item.published_at

    def item_categories(self, item: Article) -> list[str]:
        return [item.category.name]


class LatestAtom(LatestRss):
    feed_type = Atom1Feed
    subtitle = LatestRss.description
