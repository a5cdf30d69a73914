"""Configuration errors, and the configuration that only serving needs.

Settings a management command needs (the database, SECRET_KEY for anything
that signs) are checked when the settings load: a mistake stops every process
with one line. What only a web server needs (ALLOWED_HOSTS) is checked where
a server starts: the WSGI and ASGI entry points (so granian and scripts/serve),
`runserver` (Django's own check) and `manage.py check --deploy` (security.W020),
so that `quarterly_report` or `create_api_token` runs on a host configured for
nothing else. Pure: the values are passed in.
"""

from __future__ import annotations

from collections.abc import Sequence


class ConfigurationError(SystemExit):
    """A configuration mistake: Python prints it as one line and exits with status 1."""

    def __init__(self, message: str) -> None:
        super().__init__(f"tuphap: configuration error: {message}")


def serving_configuration_errors(*, debug: bool, allowed_hosts: Sequence[str]) -> list[str]:
    """What is missing for serving HTTP with these settings (empty: nothing)."""
    errors = []
    if not debug and not allowed_hosts:
        errors.append("ALLOWED_HOSTS is empty; set it to the host names served (comma-separated)")
    return errors


def require_serving_configuration(*, debug: bool, allowed_hosts: Sequence[str]) -> None:
    """Stop a server from starting, with one line, when serving is not configured."""
    errors = serving_configuration_errors(debug=debug, allowed_hosts=allowed_hosts)
    if errors:
        raise ConfigurationError("; ".join(errors))
