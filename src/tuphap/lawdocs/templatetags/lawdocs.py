from django import template

from tuphap.lawdocs.forms import STATUS_LABELS
from tuphap.lawdocs.status import Status

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """The translated label of a status value (``in_force`` → còn hiệu lực)."""
    try:
        return str(STATUS_LABELS[Status(value)])
    except ValueError:
        return value
