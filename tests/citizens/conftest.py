from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.citizens.standin import Provider, running_provider
from tests.dossiers.conftest import catalogue, staff  # noqa: F401 - the dossiers' fixtures, for the online tests


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


@pytest.fixture
def citizen(db: Any) -> Any:
    """A citizen whose identity the provider verified (as the OIDC sign-in makes it), without the provider."""
    from tuphap.citizens.services import citizen_from_identity

    return citizen_from_identity(
        claims={
            "sub": "congdan",
            "name": "Nguyễn Thị Minh Anh",
            "id_number": "001190012345",
            "birthdate": "1990-04-12",
            "email": "congdan@example.vn",
            "email_verified": True,
        }
    )


@pytest.fixture
def citizen2(db: Any) -> Any:
    from tuphap.citizens.services import citizen_from_identity

    return citizen_from_identity(
        claims={"sub": "congdan2", "name": "Trần Văn Bình", "id_number": "001085067890", "birthdate": "1985-09-02"}
    )


@pytest.fixture(autouse=True)
def _forget_the_department_name() -> Iterator[None]:
    """The public layout caches the department's name for a minute (``department_name``); a test here
    without the department must not leave "Sở Tư pháp" cached for the next test of the process."""
    from django.conf import settings
    from django.core.cache import cache

    yield
    cache.delete(f"tuphap:agency-name:{settings.TUPHAP_AGENCY_CODE}")
