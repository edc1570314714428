"""/api/v1/posts and /api/v1/search: what each persona may read, and bad input."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.utils import timezone

from renkei.accounts.models import ApiToken
from renkei.board.models import Category, Post
from renkei.board.services import categories_create_defaults, post_create, post_reindex
from renkei.networks.models import Network

pytestmark = pytest.mark.django_db

POSTS = "/api/v1/posts"
SEARCH = "/api/v1/search"


@pytest.fixture
def world(world):
    _post(world, "公開の観光パンフレット", Post.Visibility.PUBLIC, kind=Category.Kind.PAMPHLET)
    _post(world, "会員限定の観光連携", Post.Visibility.MEMBERS)
    _post(world, "ログイン限定の観光セミナー", Post.Visibility.SIGNED_IN)
    hidden = _post(world, "非表示の観光投稿", Post.Visibility.PUBLIC)
    hidden.hidden = True
    hidden.save(update_fields=["hidden"])
    post_reindex(hidden)  # as the secretariat's hiding does
    return world


def _post(world, title, visibility, *, kind=Category.Kind.PROPOSAL, body="観光地域づくりを一緒に進めましょう。"):
    return post_create(
        network=world.network,
        author=world.alice,
        author_organisation=world.alice_org,
        category=world.network.board_categories.get(kind=kind),
        title=title,
        body=body,
        visibility=visibility,
    )


def _token(user) -> str:
    raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="test", prefix=raw[:8], digest=ApiToken.hash(raw))
    return raw


def _get(client, path, user=None, **params):
    headers = {"Authorization": f"Bearer {_token(user)}"} if user is not None else {}
    return client.get(path, params, headers=headers)


def _titles(body) -> set[str]:
    return {item["title"] for item in body["items"]}


PUBLIC = {"公開の観光パンフレット"}
SIGNED_IN = PUBLIC | {"ログイン限定の観光セミナー"}
MEMBERS = SIGNED_IN | {"会員限定の観光連携"}
# The secretariat reads the posts it hid, as on the board; search never finds them.
SECRETARIAT = MEMBERS | {"非表示の観光投稿"}


@pytest.mark.parametrize(
    "persona, expected",
    [(None, PUBLIC), ("charlie", SIGNED_IN), ("dave", SIGNED_IN), ("bob", MEMBERS), ("secretariat", SECRETARIAT)],
)
@pytest.mark.parametrize("q", ["", "観光"])
def test_posts_follow_the_visibility_rules(client, world, persona, expected, q):
    if q:
        expected = expected - {"非表示の観光投稿"}
    body = _get(client, POSTS, getattr(world, persona) if persona else None, q=q).json()
    assert _titles(body) == expected
    assert body["count"] == len(expected)


@pytest.mark.parametrize(
    "persona, expected",
    [(None, PUBLIC), ("charlie", SIGNED_IN), ("bob", MEMBERS), ("secretariat", MEMBERS)],
)
def test_search_follows_the_visibility_rules(client, world, persona, expected):
    body = _get(client, SEARCH, getattr(world, persona) if persona else None, q="観光").json()
    assert _titles(body) == expected
    assert body["count"] == len(expected)
    assert "非表示の観光投稿" not in str(body)


def test_bobs_session_reads_members_posts_too(client, world):
    client.force_login(world.bob)
    assert _titles(client.get(POSTS).json()) == MEMBERS


def test_a_bad_token_is_anonymous(client, world):
    response = client.get(POSTS, headers={"Authorization": "Bearer rk_not-a-real-token"})
    assert response.status_code == 200
    assert _titles(response.json()) == PUBLIC


@override_settings(SITE_URL="https://renkei.example:8443")
def test_a_post_item_says_where_it_is_and_who_wrote_it(client, world):
    item = _get(client, POSTS, world.bob, network="alliance", q="観光 連携").json()["items"][0]
    post = Post.objects.get(title="会員限定の観光連携")
    assert item["id"] == post.pk
    assert item["network"] == "alliance"
    assert item["category"] == post.category_id
    assert item["author_organisation"] == "松原市"
    assert item["visibility"] == "members"
    assert item["url"] == f"https://renkei.example:8443/networks/alliance/board/{post.pk}/"
    assert "<mark>観光</mark>" in item["snippet"]


@override_settings(SITE_URL="https://renkei.example")
def test_a_search_item_has_type_title_snippet_and_url(client, world):
    body = _get(client, SEARCH, q="パンフレット", type="board.post", network="alliance").json()
    post = Post.objects.get(title="公開の観光パンフレット")
    assert body == {
        "count": 1,
        "items": [
            {
                "type": "board.post",
                "id": str(post.pk),
                "title": "公開の観光パンフレット",
                "date": timezone.localdate(post.created_at).isoformat(),
                "snippet": "観光地域づくりを一緒に進めましょう。",
                "url": f"https://renkei.example/networks/alliance/board/{post.pk}/",
                "network": "alliance",
            }
        ],
    }


def test_posts_filter_by_category_and_network(client, world):
    pamphlets = world.network.board_categories.get(kind=Category.Kind.PAMPHLET)
    body = _get(client, POSTS, world.bob, network="alliance", category=pamphlets.pk).json()
    assert _titles(body) == {"公開の観光パンフレット"}
    other = Network.objects.create(slug="other", kind="project", name="別の連携", secretariat=world.secretariat_org)
    assert _get(client, POSTS, world.bob, network=other.slug).json() == {"count": 0, "items": []}


def test_a_search_with_a_category_stays_in_it(client, world):
    pamphlets = world.network.board_categories.get(kind=Category.Kind.PAMPHLET)
    body = _get(client, POSTS, world.bob, category=pamphlets.pk, q="観光").json()
    assert _titles(body) == {"公開の観光パンフレット"}


def test_a_two_character_word_matches_exactly(client, world):
    _post(world, "光の祭典", Post.Visibility.PUBLIC, body="光のまつりです")
    assert _titles(_get(client, SEARCH, q="観光").json()) == PUBLIC
    assert "光の祭典" in _titles(_get(client, SEARCH, q="光").json())


def test_posts_page_with_limit_and_offset(client, world):
    first = _get(client, POSTS, world.bob, limit=2).json()
    second = _get(client, POSTS, world.bob, limit=2, offset=2).json()
    assert first["count"] == second["count"] == 3
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert not _titles(first) & _titles(second)


@pytest.mark.parametrize(
    "path, params, status",
    [
        (POSTS, {"limit": 0}, 422),
        (POSTS, {"limit": 101}, 422),
        (POSTS, {"limit": "many"}, 422),
        (POSTS, {"offset": -1}, 422),
        (POSTS, {"category": "abc"}, 422),
        (POSTS, {"q": "観" * 201}, 422),
        (POSTS, {"network": "nowhere"}, 404),
        (POSTS, {"category": 999999}, 404),
        (SEARCH, {"limit": 0, "q": "観光"}, 422),
        (SEARCH, {"limit": 1000, "q": "観光"}, 422),
        (SEARCH, {"type": "secrets.everything", "q": "観光"}, 422),
        (SEARCH, {"network": "nowhere", "q": "観光"}, 404),
    ],
)
def test_bad_input_gets_a_clear_error(client, world, path, params, status):
    response = client.get(path, params)
    assert response.status_code == status
    assert response.json()["detail"]


def test_another_networks_category_is_not_found_in_this_network(client, world):
    other = Network.objects.create(slug="other", kind="project", name="別の連携", secretariat=world.secretariat_org)
    categories_create_defaults(other)
    response = client.get(POSTS, {"network": "alliance", "category": other.board_categories.first().pk})
    assert response.status_code == 404
    assert "category" in response.json()["detail"].lower() or "カテゴリ" in response.json()["detail"]


@pytest.mark.parametrize("q", ['"', "AND", "OR NOT", "*", "NEAR(", "'; --", "・・・", "(", "観光 -", "\u3000"])
def test_odd_queries_never_fail(client, world, q):
    for path in (POSTS, SEARCH):
        response = client.get(path, {"q": q})
        assert response.status_code == 200
        assert "会員限定" not in response.content.decode()


def test_query_counts_stay_constant_as_posts_grow(client, world, django_assert_num_queries):
    headers = {"Authorization": f"Bearer {_token(world.bob)}"}
    client.get(POSTS, headers=headers)  # records the token's first use
    client.get(SEARCH, {"q": "防災"}, headers=headers)  # resolves the reader's audience, kept until access changes

    def counts():
        # Content types are cached in the process, whenever something first asks: ask afresh each round.
        ContentType.objects.clear_cache()
        with django_assert_num_queries(3):  # token, count, page
            client.get(POSTS, headers=headers)
        # token, the programmes' content type, the programmes the reader may see, count, ranked
        # ids, their entries; then kept until the index changes: the token only
        with django_assert_num_queries(6):
            client.get(SEARCH, {"q": "観光"}, headers=headers)
        with django_assert_num_queries(1):
            client.get(SEARCH, {"q": "観光"}, headers=headers)
        # token, network, the posts' content type, the programmes the reader may see, ranked ids,
        # their entries, posts, count
        with django_assert_num_queries(8):
            client.get(POSTS, {"q": "観光", "network": "alliance"}, headers=headers)

    counts()
    for number in range(30):
        _post(world, f"観光の投稿{number}", Post.Visibility.MEMBERS)
    counts()
