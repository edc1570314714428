"""The board's list reads ``visible_in`` (one network, from the user's standing): it must agree with ``visible_to``."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from renkei.board.models import Post
from renkei.board.services import post_create, post_hide


@pytest.fixture
def posts(world):
    made = {}
    for visibility in Post.Visibility.values:
        for hidden in (False, True):
            post = post_create(
                network=world.network,
                author=world.alice,
                author_organisation=world.alice_org,
                category=world.network.board_categories.first(),
                title=f"{visibility} {'hidden' if hidden else 'shown'}",
                body="本文",
                visibility=visibility,
            )
            if hidden:
                post_hide(post=post, hidden=True)
            made[post.title] = post
    return made


@pytest.mark.parametrize("persona", [None, "alice", "bob", "charlie", "dave", "secretariat", "superuser"])
def test_one_networks_posts_are_the_same_whichever_rule_reads_them(world, posts, persona):
    if persona is None:
        user = AnonymousUser()
    elif persona == "superuser":
        user = get_user_model().objects.create_superuser(email="root@example.jp", password="x" * 12)
    else:
        user = getattr(world, persona)
    through_standing = set(Post.objects.visible_in(world.network, user).values_list("title", flat=True))
    through_subqueries = set(
        Post.objects.visible_to(user).filter(network=world.network).values_list("title", flat=True)
    )
    assert through_standing == through_subqueries
    # And each persona reads what the rule says: the public post always, hidden ones only the secretariat.
    assert "public shown" in through_standing
    assert ("members hidden" in through_standing) == (persona in ("secretariat", "superuser"))
    assert ("members shown" in through_standing) == (persona in ("alice", "bob", "secretariat", "superuser"))
