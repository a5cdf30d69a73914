from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page

register = template.Library()


@register.filter
def elided(page: Page) -> list[Any]:
    """Numbered pages "1 2 3 4 5 … 12" around the current one."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
