import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the whole registry of Japan, loaded once per test process."""
    from renkei.registry.loading import load_registry

    with django_db_blocker.unblock():
        load_registry()
