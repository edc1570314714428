import pytest
from django.utils import translation

from renkei.testing import build_world, login_with_second_factor


@pytest.fixture
def english():
    """Pages in English (/en/), so the assertions read the msgids whatever the Japanese catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def secretariat_world(client):
    """The personas, created as in a Japanese session, with the secretariat signed in with two factors."""
    with translation.override("ja"):
        world = build_world()
    login_with_second_factor(client, world.secretariat)
    return world
