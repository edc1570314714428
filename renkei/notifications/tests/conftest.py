import pytest

from renkei.board.models import Post
from renkei.board.services import categories_create_defaults
from renkei.testing import build_world


@pytest.fixture
def world(db):
    world = build_world()
    categories_create_defaults(world.network)
    return world


@pytest.fixture
def make_post(world):
    """Alice's post in the world's network, saved as it is: no fan-out runs until a test asks for it."""

    def make(**fields) -> Post:
        return Post.objects.create(
            network=world.network,
            category=world.network.board_categories.first(),
            author=world.alice,
            author_organisation=world.alice_org,
            **{"title": "t", "body": "b", **fields},
        )

    return make
