"""The bulletin board: who reads which posts, who posts and replies, and search."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renkei.board.models import Category, Post, Reply
from renkei.board.services import categories_create_defaults, post_create, post_update
from renkei.search.models import SearchEntry
from renkei.search.selectors import search
from renkei.search.services import search_rebuild

pytestmark = pytest.mark.django_db

BOARD = "/en/networks/alliance/board/"


def _post(
    world, visibility=Post.Visibility.MEMBERS, title="観光パンフレットの配布", body="観光地域づくりの冊子です", **kw
):
    return post_create(
        network=world.network,
        author=world.alice,
        author_organisation=world.alice_org,
        category=world.network.board_categories.get(kind=Category.Kind.PAMPHLET),
        title=title,
        body=body,
        visibility=visibility,
        **kw,
    )


def _found(user, query):
    entries = SearchEntry.objects.visible_to(user)
    return [hit.entry.title for hit in search(query, entries=entries)]


def test_it_creates_the_six_default_categories_once(world):
    assert [c.name_en for c in world.network.board_categories.all()][:2] == [
        "Collaboration proposal",
        "Call to join an event or project",
    ]
    categories_create_defaults(world.network)
    assert world.network.board_categories.count() == 6


def test_members_posts_stay_with_members(client, world):
    post = _post(world)
    detail = f"{BOARD}{post.pk}/"
    for user in (None, world.charlie, world.dave):
        client.logout()
        if user:
            client.force_login(user)
        assert "観光パンフレットの配布" not in client.get(BOARD).content.decode()
        assert client.get(detail).status_code == 404
        assert _found(user or AnonymousUser(), "観光") == []
    for user in (world.alice, world.bob, world.secretariat):
        client.force_login(user)
        assert "観光パンフレットの配布" in client.get(BOARD).content.decode()
        assert client.get(detail).status_code == 200
        assert _found(user, "観光") == ["観光パンフレットの配布"]


def test_public_posts_are_for_everyone(client, world):
    post = _post(world, visibility=Post.Visibility.PUBLIC, title="全国連携講演会のお知らせ")
    response = client.get(f"{BOARD}{post.pk}/")
    assert response.status_code == 200
    assert "全国連携講演会のお知らせ" in client.get(BOARD).content.decode()
    assert _found(AnonymousUser(), "講演") == ["全国連携講演会のお知らせ"]


def test_hidden_posts_leave_lists_and_search_but_the_secretariat_sees_them(client, world):
    post = _post(world, visibility=Post.Visibility.PUBLIC)
    post.hidden = True
    post_update(post=post)
    assert _found(world.alice, "観光") == []
    client.force_login(world.alice)
    assert client.get(f"{BOARD}{post.pk}/").status_code == 404
    client.force_login(world.secretariat)
    assert client.get(f"{BOARD}{post.pk}/").status_code == 200


def test_a_member_posts_and_the_post_is_found_by_a_two_character_word(client, world):
    client.force_login(world.alice)
    category = world.network.board_categories.get(kind=Category.Kind.PROPOSAL)
    response = client.post(
        f"{BOARD}new/",
        {
            "category": category.pk,
            "title": "連携事業のご提案",
            "body": "**観光**と防災の連携を提案します",
            "visibility": "members",
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/board/{post.pk}/")
    assert post.author_organisation == world.alice_org
    assert _found(world.bob, "観光") == ["連携事業のご提案"]
    assert _found(world.charlie, "観光") == []
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert "<strong>観光</strong>" in page


def test_bad_post_input_is_refused_and_nothing_is_created(client, world):
    client.force_login(world.alice)
    response = client.post(f"{BOARD}new/", {"title": "", "body": "", "visibility": "members"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Post.objects.exists()


@pytest.mark.parametrize("who", ["charlie", "dave"])
def test_outsiders_cannot_post(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(f"{BOARD}new/").status_code == 403
    category = world.network.board_categories.first()
    response = client.post(f"{BOARD}new/", {"category": category.pk, "title": "x", "body": "y", "visibility": "public"})
    assert response.status_code == 403
    assert not Post.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get(f"{BOARD}new/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_secretariat_can_post(client, world):
    client.force_login(world.secretariat)
    assert client.get(f"{BOARD}new/").status_code == 200


def test_a_member_replies(client, world):
    post = _post(world)
    client.force_login(world.bob)
    response = client.post(f"{BOARD}{post.pk}/reply/", {"body": "南砺市で100部お受けします"})
    assert response.status_code == 302
    assert Reply.objects.get().author_organisation == world.bob_org
    assert "南砺市で100部お受けします" in client.get(f"{BOARD}{post.pk}/").content.decode()


def test_replying_to_a_locked_post_is_refused(client, world):
    post = _post(world)
    Post.objects.filter(pk=post.pk).update(locked=True)
    client.force_login(world.bob)
    response = client.post(f"{BOARD}{post.pk}/reply/", {"body": "お受けします"})
    assert response.status_code == 400
    assert "This post does not take replies." in response.content.decode()
    assert not Reply.objects.exists()


def test_outsiders_cannot_reply_to_a_public_post(client, world):
    post = _post(world, visibility=Post.Visibility.PUBLIC)
    client.force_login(world.charlie)
    assert client.post(f"{BOARD}{post.pk}/reply/", {"body": "x"}).status_code == 403
    assert not Reply.objects.exists()


def test_search_rebuild_brings_back_visible_posts_only(world):
    _post(world, title="見える投稿")
    hidden = _post(world, title="隠れた投稿")
    Post.objects.filter(pk=hidden.pk).update(hidden=True)
    search_rebuild()
    assert _found(world.alice, "投稿") == ["見える投稿"]


def test_pamphlet_details_show_on_the_post(client, world):
    post = _post(world, copies_requested=2300)
    client.force_login(world.bob)
    assert "2300" in client.get(f"{BOARD}{post.pk}/").content.decode()


def test_the_list_filters_by_category_and_state(client, world):
    _post(world, title="配布のお願い")
    proposal = world.network.board_categories.get(kind=Category.Kind.PROPOSAL)
    client.force_login(world.alice)
    page = client.get(BOARD, {"category": proposal.pk}).content.decode()
    assert "配布のお願い" not in page
    assert "配布のお願い" not in client.get(BOARD, {"state": "closed"}).content.decode()
    assert "配布のお願い" in client.get(BOARD, {"state": "open"}).content.decode()


def _board_queries(client, world, count):
    category = world.network.board_categories.first()
    Post.objects.bulk_create(
        Post(
            network=world.network,
            category=category,
            author=world.alice,
            author_organisation=world.alice_org,
            title=f"投稿{n}",
            body="本文",
        )
        for n in range(count)
    )
    client.force_login(world.alice)
    client.get(BOARD)  # warm the session and the cached standing
    with CaptureQueriesContext(connection) as queries:
        response = client.get(BOARD)
    assert response.status_code == 200
    Post.objects.all().delete()
    return len(queries)


def test_the_list_takes_the_same_number_of_queries_however_many_posts(client, world):
    assert _board_queries(client, world, 5) == _board_queries(client, world, 60)
