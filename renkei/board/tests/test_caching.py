"""What the board and search keep shows each reader what is theirs: edits, interest, follows, tokens.

Each test reads the pages first, so that what they show is kept, then changes something the way
people do (a form, a service) and reads again: the change shows at once. That every kept page
equals the page drawn afresh, for every persona after every kind of write, is
security/test_kept_pages.py.
"""

import re

import pytest
from django.test import Client

from renkei.board.models import Category, Post
from renkei.board.services import interest_toggle, post_create, post_hide, post_update, reply_create
from renkei.networks.models import Membership
from renkei.notifications.services import follow_create
from renkei.testing import login_with_second_factor

pytestmark = pytest.mark.django_db

BOARD = "/en/networks/alliance/board/"
SEARCH = "/en/search/"


def _post(world, title="棚田の保全に関する連携", visibility=Post.Visibility.MEMBERS, **fields):
    return post_create(
        network=world.network,
        author=world.alice,
        author_organisation=world.alice_org,
        category=world.network.board_categories.get(kind=Category.Kind.PROPOSAL),
        title=title,
        body=fields.pop("body", "棚田の景観を守る取り組みをご一緒しませんか。"),
        visibility=visibility,
        **fields,
    )


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _read(client, path, **params) -> str:
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def _warm(client, post) -> None:
    """Read the list, the post and a search twice, so that each is kept."""
    for _ in range(2):
        _read(client, BOARD)
        _read(client, f"{BOARD}{post.pk}/")
        _read(client, SEARCH, q="棚田")


def test_an_edit_shows_at_once_on_the_list_the_post_and_search(world):
    post = _post(world)
    bob = _signed_in(world.bob)
    _warm(bob, post)

    post_update(post=post, editor=world.alice, title="棚田と鷹匠の里の連携", body="題名を改めました。")

    assert "棚田と鷹匠の里の連携" in _read(bob, BOARD)
    page = _read(bob, f"{BOARD}{post.pk}/")
    assert "題名を改めました。" in page and ">Edited<" in page
    assert "棚田と鷹匠の里の連携" in _read(bob, SEARCH, q="鷹匠")


def test_interest_shows_to_the_author_at_once(world):
    post = _post(world)
    alice = _signed_in(world.alice)
    _warm(alice, post)
    assert "0 organisations are interested" in _read(alice, f"{BOARD}{post.pk}/")

    interest_toggle(post=post, organisation=world.bob_org, user=world.bob)

    page = _read(alice, f"{BOARD}{post.pk}/")
    assert "1 organisation is interested" in page and world.bob_org.name in page


def test_a_new_member_finds_members_posts_at_once_and_a_former_one_no_longer(world):
    _post(world, title="棚田の会員限定のご相談")
    charlie, bob = _signed_in(world.charlie), _signed_in(world.bob)
    assert "棚田の会員限定のご相談" not in _read(charlie, SEARCH, q="棚田")
    assert "棚田の会員限定のご相談" in _read(bob, SEARCH, q="棚田")

    Membership.objects.create(
        network=world.network, organisation=world.charlie_org, tier=world.general, status=Membership.Status.ACTIVE
    )
    Membership.objects.filter(organisation=world.bob_org).get().delete()

    assert "棚田の会員限定のご相談" in _read(charlie, SEARCH, q="棚田")
    assert "棚田の会員限定のご相談" in _read(charlie, BOARD)
    assert "棚田の会員限定のご相談" not in _read(bob, SEARCH, q="棚田")
    assert "棚田の会員限定のご相談" not in _read(bob, BOARD)


def test_a_kept_page_carries_each_readers_own_csrf_token(world):
    post = _post(world)
    for user in (world.bob, world.alice):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        _read(client, f"{BOARD}{post.pk}/")  # kept
        page = _read(client, f"{BOARD}{post.pk}/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        response = client.post(f"{BOARD}{post.pk}/reply/", {"body": f"{user} より", "csrfmiddlewaretoken": token})
        assert response.status_code == 302
    assert post.replies.count() == 2


def test_following_shows_at_once_on_the_kept_list(world):
    bob = _signed_in(world.bob)
    _read(bob, BOARD)
    assert 'aria-pressed="false"' in _read(bob, BOARD)

    follow_create(user=world.bob, target="network", obj=world.network)

    assert 'aria-pressed="true"' in _read(bob, BOARD)


def test_a_message_after_posting_shows_on_the_post(world):
    post = _post(world)
    bob = _signed_in(world.bob)
    _warm(bob, post)

    response = bob.post(f"{BOARD}{post.pk}/reply/", {"body": "よろしくお願いします。"}, follow=True)

    assert "Your reply is posted." in response.content.decode()
    assert "Your reply is posted." not in _read(bob, f"{BOARD}{post.pk}/")


def test_the_secretariat_sees_hidden_posts_and_its_switches(client, world):
    post = _post(world, title="棚田の非表示の投稿")
    _warm(_signed_in(world.bob), post)
    post_hide(post=post, hidden=True)
    login_with_second_factor(client, world.secretariat)

    assert "棚田の非表示の投稿" in _read(client, BOARD)
    assert "Show again" in _read(client, f"{BOARD}{post.pk}/")


def test_a_reply_in_a_thread_is_new_to_the_other_reader_only(world):
    post = _post(world)
    alice, bob = _signed_in(world.alice), _signed_in(world.bob)
    _warm(alice, post)
    _warm(bob, post)

    reply_create(post=post, author=world.bob, author_organisation=world.bob_org, body="返信です。")

    assert "badge-new" in _read(alice, f"{BOARD}{post.pk}/")
    assert "badge-new" not in _read(bob, f"{BOARD}{post.pk}/")
