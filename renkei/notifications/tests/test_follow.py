"""Following networks, categories, themes and prefectures, and the page that manages them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renkei.board.models import Category
from renkei.networks.models import Theme
from renkei.notifications.models import Follow
from renkei.registry.models import LocalGovernment

pytestmark = pytest.mark.django_db

FOLLOW = "/en/notifications/follow/"
FOLLOWS = "/en/notifications/following/"
BOARD = "/en/networks/alliance/board/"


def _category(world):
    return world.network.board_categories.get(kind=Category.Kind.CALL)


def test_it_follows_and_unfollows_a_category_without_javascript(client, world):
    category = _category(world)
    client.force_login(world.bob)
    response = client.post(
        FOLLOW, {"target": "category", "id": category.pk, "action": "follow", "next": BOARD}, follow=True
    )
    assert response.redirect_chain[-1][0] == BOARD
    page = response.content.decode()
    assert "You follow “Call to join an event or project”." in page
    assert Follow.objects.filter(user=world.bob, category=category).count() == 1
    client.post(FOLLOW, {"target": "category", "id": category.pk, "action": "follow"})
    assert Follow.objects.filter(user=world.bob, category=category).count() == 1
    response = client.post(FOLLOW, {"target": "category", "id": category.pk, "action": "unfollow"}, follow=True)
    assert response.redirect_chain[-1][0] == FOLLOWS
    assert not Follow.objects.filter(user=world.bob).exists()


def test_with_htmx_it_swaps_the_button(client, world):
    client.force_login(world.bob)
    response = client.post(
        FOLLOW, {"target": "network", "id": world.network.pk, "action": "follow", "next": BOARD}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.startswith("<form")
    assert "Unfollow the network “Test Mayors&#x27; Alliance”" in html
    assert 'aria-pressed="true"' in html
    assert Follow.objects.filter(user=world.bob, network=world.network).exists()


def test_the_board_shows_follow_buttons_to_signed_in_people(client, world):
    category = _category(world)
    assert "Follow the network" not in client.get(BOARD).content.decode()
    client.force_login(world.bob)
    page = client.get(f"{BOARD}?category={category.pk}").content.decode()
    assert "Follow the network “Test Mayors&#x27; Alliance”" in page
    assert "Follow the category “Call to join an event or project”" in page
    Follow.objects.create(user=world.bob, category=category)
    page = client.get(f"{BOARD}?category={category.pk}").content.decode()
    assert "Unfollow the category “Call to join an event or project”" in page


def test_bad_follow_requests_are_refused_and_change_nothing(client, world):
    town = LocalGovernment.objects.get(name="松原市")
    client.force_login(world.bob)
    for data in (
        {"target": "prefecture", "id": town.pk, "action": "follow"},  # a city is not a prefecture
        {"target": "category", "id": 999999, "action": "follow"},
        {"target": "prefecture", "id": "999999", "action": "follow"},
        {"target": "organisation", "id": world.alice_org.pk, "action": "follow"},
        {"target": "network", "id": "x", "action": "follow"},
    ):
        response = client.post(FOLLOW, data)
        assert response.status_code == 400
        assert "This cannot be followed." in response.content.decode()
    assert not Follow.objects.exists()


def test_what_i_follow_lists_mine_only_and_adds_a_prefecture(client, world):
    theme = Theme.objects.create(network=world.network, name="観光", name_ja="観光", name_en="Tourism")
    osaka = LocalGovernment.objects.get(name="大阪府")
    Follow.objects.create(user=world.bob, theme=theme)
    Follow.objects.create(user=world.alice, network=world.network)
    client.force_login(world.bob)
    response = client.post(FOLLOW, {"target": "prefecture", "id": osaka.pk, "action": "follow", "next": FOLLOWS})
    assert response["Location"] == FOLLOWS
    page = client.get(FOLLOWS).content.decode()
    assert "Tourism" in page
    assert "Unfollow Osaka Prefecture" in page
    assert "Unfollow the network" not in page
    assert '<select name="id"' in page


def test_following_needs_signing_in(client, world):
    assert client.get(FOLLOWS)["Location"].startswith("/en/accounts/login/")
    response = client.post(FOLLOW, {"target": "network", "id": world.network.pk, "action": "follow"})
    assert response.status_code == 302
    assert not Follow.objects.exists()
    client.force_login(world.bob)
    assert client.get(FOLLOW).status_code == 405


def test_what_i_follow_costs_the_same_queries_with_more_follows(client, world, django_assert_num_queries):
    client.force_login(world.bob)
    Follow.objects.create(user=world.bob, network=world.network)
    client.get(FOLLOWS)
    with CaptureQueriesContext(connection) as small:
        client.get(FOLLOWS)
    for category in world.network.board_categories.all():
        Follow.objects.create(user=world.bob, category=category)
    for prefecture in LocalGovernment.objects.filter(kind=LocalGovernment.Kind.PREFECTURE)[:10]:
        Follow.objects.create(user=world.bob, prefecture=prefecture)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(FOLLOWS).content.decode()
    assert page.count('name="action" value="unfollow"') == 17


def test_the_board_shows_a_follow_and_an_unfollow_at_once_in_every_process(client, world, monkeypatch):
    from collections import OrderedDict

    from renkei.lib import caching

    client.force_login(world.bob)
    assert "Unfollow the network" not in client.get(BOARD).content.decode()
    # Another web process follows (its own memory of kept values, the same shared cache).
    monkeypatch.setattr(caching, "_KEPT", OrderedDict())
    client.post(FOLLOW, {"target": "network", "id": world.network.pk, "action": "follow"})
    monkeypatch.setattr(caching, "_KEPT", OrderedDict())
    assert "Unfollow the network “Test Mayors&#x27; Alliance”" in client.get(BOARD).content.decode()
    Follow.objects.filter(user=world.bob).delete()
    page = client.get(BOARD).content.decode()
    assert "Follow the network “Test Mayors&#x27; Alliance”" in page and "Unfollow the network" not in page
