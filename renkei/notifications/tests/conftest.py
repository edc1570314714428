import pytest

from renkei.board.services import categories_create_defaults
from renkei.testing import build_world


@pytest.fixture
def world(db):
    world = build_world()
    categories_create_defaults(world.network)
    return world
