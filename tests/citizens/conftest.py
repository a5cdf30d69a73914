from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.citizens.standin import Provider, running_provider


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """The stand-in provider in its own process for the whole session; fails loudly if it cannot start."""
    with running_provider(tmp_path_factory.mktemp("oidc")) as provider:
        yield provider


@pytest.fixture
def sso(oidc_provider: Provider, settings: Any) -> Provider:
    for key, value in oidc_provider.settings().items():
        setattr(settings, key, value)
    return oidc_provider
