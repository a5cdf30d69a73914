from typing import Any

from django import template

from tuphap.reports.quarterly.table import cell as _cell

register = template.Library()


@register.simple_tag
def measure_cell(values: dict[str, Any], key: str, kind: str) -> str:
    return _cell(values, key, kind)
