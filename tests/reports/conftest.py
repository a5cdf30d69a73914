from tests.dossiers.conftest import catalogue, receive, staff  # noqa: F401 - shared fixtures
