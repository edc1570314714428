"""Writing on the board: editing with history, closing, themes and target regions, list filters, new marks."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from renkei.board.models import BoardVisit, Category, Post, PostRevision, Reply
from renkei.board.services import board_visit_record, categories_create_defaults, post_create
from renkei.networks.models import Network, Theme
from renkei.networks.services import themes_create_defaults
from renkei.organisations.models import Organisation
from renkei.registry.models import LocalGovernment
from renkei.testing import OrganisationFactory

pytestmark = pytest.mark.django_db

BOARD = "/en/networks/alliance/board/"


@pytest.fixture
def world(world):
    themes_create_defaults(world.network)
    return world


def _category(world, kind=Category.Kind.PROPOSAL):
    return world.network.board_categories.get(kind=kind)


def _theme(world, name_en):
    return world.network.themes.get(name_en=name_en)


def _post(world, title="観光連携のご提案", body="一緒に取り組みませんか。", author=None, organisation=None, **kw):
    kw.setdefault("category", _category(world))
    kw.setdefault("visibility", Post.Visibility.MEMBERS)
    return post_create(
        network=world.network,
        author=author or world.alice,
        author_organisation=organisation or world.alice_org,
        title=title,
        body=body,
        **kw,
    )


def _form(world, **extra):
    data = {"category": _category(world).pk, "title": "新しい題名", "body": "新しい本文", "visibility": "members"}
    data.update(extra)
    return data


def _prefecture(name):
    return LocalGovernment.objects.prefectures().get(name=name)


# Themes


def test_a_network_gets_the_default_themes_once(world):
    assert [theme.name_en for theme in world.network.themes.all()][:3] == [
        "Tourism",
        "Disaster prevention",
        "Migration and settlement",
    ]
    assert world.network.themes.get(name_ja="防災").name_en == "Disaster prevention"
    themes_create_defaults(world.network)
    assert world.network.themes.count() == 9


# Editing and history


def test_the_author_edits_and_the_old_text_is_kept(client, world):
    post = _post(world)
    client.force_login(world.alice)
    form = client.get(f"{BOARD}{post.pk}/edit/").content.decode()
    assert 'value="観光連携のご提案"' in form and "一緒に取り組みませんか。</textarea>" in form

    response = client.post(f"{BOARD}{post.pk}/edit/", _form(world, title="観光連携のご提案（改訂）"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.body) == ("観光連携のご提案（改訂）", "新しい本文")
    revision = PostRevision.objects.get()
    assert (revision.post, revision.editor, revision.title, revision.body) == (
        post,
        world.alice,
        "観光連携のご提案",
        "一緒に取り組みませんか。",
    )

    client.force_login(world.bob)
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert f'href="{BOARD}{post.pk}/history/">Edited</a>' in page
    history = client.get(f"{BOARD}{post.pk}/history/").content.decode()
    assert "Edited by 松原 アリス" in history
    assert "観光連携のご提案</h2>" in history and "一緒に取り組みませんか。" in history


def test_a_change_that_keeps_title_and_body_writes_no_revision(client, world):
    post = _post(world, title="新しい題名", body="新しい本文")
    client.force_login(world.alice)
    client.post(f"{BOARD}{post.pk}/edit/", _form(world, deadline="2026-12-01"))
    post.refresh_from_db()
    assert post.deadline == datetime.date(2026, 12, 1)
    assert not PostRevision.objects.exists()
    assert ">Edited</a>" not in client.get(f"{BOARD}{post.pk}/").content.decode()


def test_the_secretariat_edits_and_closes_a_members_post(client, world):
    post = _post(world)
    client.force_login(world.secretariat)
    assert client.get(f"{BOARD}{post.pk}/edit/").status_code == 200
    client.post(f"{BOARD}{post.pk}/edit/", _form(world))
    assert PostRevision.objects.get().editor == world.secretariat
    assert client.post(f"{BOARD}{post.pk}/close/").status_code == 302
    post.refresh_from_db()
    assert post.is_closed


def test_a_fellow_member_may_read_but_not_edit_or_close(client, world):
    post = _post(world)
    client.force_login(world.bob)
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert f"{post.pk}/edit/" not in page and f"{post.pk}/close/" not in page
    assert client.get(f"{BOARD}{post.pk}/edit/").status_code == 403
    assert client.post(f"{BOARD}{post.pk}/edit/", _form(world)).status_code == 403
    assert client.post(f"{BOARD}{post.pk}/close/").status_code == 403
    post.refresh_from_db()
    assert post.title == "観光連携のご提案" and not post.is_closed


@pytest.mark.parametrize("who", ["charlie", "dave"])
def test_outsiders_cannot_find_a_members_post_to_edit(client, world, who):
    post = _post(world)
    client.force_login(getattr(world, who))
    assert client.get(f"{BOARD}{post.pk}/edit/").status_code == 404
    assert client.post(f"{BOARD}{post.pk}/close/").status_code == 404
    assert client.get(f"{BOARD}{post.pk}/history/").status_code == 404


@pytest.mark.parametrize("who", ["charlie", "dave"])
def test_outsiders_may_read_a_public_post_but_not_edit_it(client, world, who):
    post = _post(world, visibility=Post.Visibility.PUBLIC)
    client.force_login(getattr(world, who))
    assert client.get(f"{BOARD}{post.pk}/").status_code == 200
    assert client.get(f"{BOARD}{post.pk}/edit/").status_code == 403
    assert client.post(f"{BOARD}{post.pk}/close/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_to_edit_or_close(client, world):
    post = _post(world, visibility=Post.Visibility.PUBLIC)
    for path in ("edit/", "close/"):
        response = client.post(f"{BOARD}{post.pk}/{path}")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(f"{BOARD}{post.pk}/history/").status_code == 200
    post.refresh_from_db()
    assert not post.is_closed


# Closing


def test_the_author_closes_a_post_and_it_takes_no_replies(client, world):
    post = _post(world)
    client.force_login(world.alice)
    assert client.get(f"{BOARD}{post.pk}/close/").status_code == 405
    response = client.post(f"{BOARD}{post.pk}/close/", follow=True)
    page = response.content.decode()
    assert '<span class="badge">Closed</span>' in page
    assert "Close this post" not in page

    client.force_login(world.bob)
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert f'action="{BOARD}{post.pk}/reply/"' not in page
    client.post(f"{BOARD}{post.pk}/reply/", {"body": "参加します"})
    assert not Reply.objects.exists()


# Themes and target prefectures


def test_a_post_carries_themes_and_a_whole_region_shows_as_the_region(client, world):
    client.force_login(world.alice)
    form = client.get(f"{BOARD}new/").content.decode()
    assert "Tourism" in form and "All of Kinki" in form and "Tokyo" in form
    tourism, dx = _theme(world, "Tourism"), _theme(world, "Digital transformation")
    response = client.post(
        f"{BOARD}new/",
        _form(world, themes=[tourism.pk, dx.pk], regions=["kinki"], target_prefectures=[_prefecture("東京都").pk]),
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert set(post.themes.all()) == {tourism, dx}
    assert post.target_prefectures.count() == 8  # 関西の7府県と東京都
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert re.search(r"<dt>Target prefectures</dt><dd>Tokyo[^<]*、Kinki</dd>", page)
    assert '<span class="badge">Tourism</span>' in page
    japanese = client.get(f"/networks/alliance/board/{post.pk}/").content.decode()
    assert '<span class="badge">観光</span>' in japanese


def test_a_region_short_of_one_prefecture_shows_its_prefectures(world, client):
    kinki = LocalGovernment.objects.prefectures().filter(region="kinki").exclude(name="奈良県")
    post = _post(world, target_prefectures=list(kinki))
    client.force_login(world.bob)
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert "Kinki" not in page and "Osaka" in page and "Nara" not in page


def test_editing_prefills_themes_and_targets_and_replaces_them(client, world):
    post = _post(world, themes=[_theme(world, "Tourism")], target_prefectures=[_prefecture("大阪府")])
    client.force_login(world.alice)
    form = client.get(f"{BOARD}{post.pk}/edit/").content.decode()
    assert re.search(rf'value="{_theme(world, "Tourism").pk}"[^>]*checked', form)
    assert re.search(rf'value="{_prefecture("大阪府").pk}"[^>]*checked', form)
    client.post(
        f"{BOARD}{post.pk}/edit/",
        _form(world, themes=[_theme(world, "Environment").pk], target_prefectures=[_prefecture("富山県").pk]),
    )
    assert [t.name_en for t in post.themes.all()] == ["Environment"]
    assert [p.name for p in post.target_prefectures.all()] == ["富山県"]


# Bad input


def _other_network():
    secretariat = OrganisationFactory(kind=Organisation.Kind.SECRETARIAT, name="他の事務局")
    other = Network.objects.create(
        slug="other", kind=Network.Kind.ALLIANCE, name="他の連合", name_en="Other", secretariat=secretariat
    )
    categories_create_defaults(other)
    themes_create_defaults(other)
    return other


def test_a_category_of_another_network_is_refused_and_nothing_written(client, world):
    other = _other_network()
    client.force_login(world.alice)
    response = client.post(f"{BOARD}new/", _form(world, category=other.board_categories.first().pk))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Post.objects.exists()


def test_a_theme_of_another_network_is_refused_and_nothing_written(client, world):
    other = _other_network()
    client.force_login(world.alice)
    response = client.post(f"{BOARD}new/", _form(world, themes=[other.themes.first().pk]))
    assert "Select a valid choice" in response.content.decode()
    assert not Post.objects.exists()


def test_the_service_refuses_a_theme_of_another_network(world):
    other = _other_network()
    with pytest.raises(Exception) as error:
        _post(world, themes=[other.themes.first()])
    assert "themes" in error.value.message_dict
    assert not Post.objects.exists()


def test_a_distribution_ending_before_it_starts_is_refused(client, world):
    client.force_login(world.alice)
    response = client.post(
        f"{BOARD}new/",
        _form(
            world,
            category=_category(world, Category.Kind.PAMPHLET).pk,
            copies_requested="100",
            distribution_start="2027-03-01",
            distribution_end="2027-01-10",
        ),
    )
    assert response.status_code == 200
    assert "The distribution must end after it starts." in response.content.decode()
    assert not Post.objects.exists()


def test_a_bad_edit_changes_nothing(client, world):
    post = _post(world)
    client.force_login(world.alice)
    response = client.post(
        f"{BOARD}{post.pk}/edit/", _form(world, distribution_start="2027-03-01", distribution_end="2027-01-10")
    )
    assert "The distribution must end after it starts." in response.content.decode()
    post.refresh_from_db()
    assert post.title == "観光連携のご提案"
    assert not PostRevision.objects.exists()


# The PR category: video links stay links


def test_a_video_link_in_a_pr_post_is_a_plain_link_never_an_embed(client, world):
    post = _post(
        world,
        category=_category(world, Category.Kind.PR),
        title="広報動画を公開しました",
        body=(
            "[PR動画はこちら](https://www.youtube.com/watch?v=abc123)\n\n<https://vimeo.com/12345>\n\n"
            '<iframe src="https://www.youtube.com/embed/abc123"></iframe>\n\n'
            '<video src="https://example.com/a.mp4"></video><embed src="https://example.com/a.swf">'
            '<object data="https://example.com/x"></object>'
        ),
    )
    client.force_login(world.bob)
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    body = page[page.index('<div class="post-body">') : page.index("</div>", page.index('<div class="post-body">'))]
    assert (
        '<a href="https://www.youtube.com/watch?v=abc123" rel="noopener noreferrer nofollow">PR動画はこちら</a>' in body
    )
    assert 'href="https://vimeo.com/12345"' in body
    for tag in ("<iframe", "<video", "<embed", "<object"):
        assert tag not in page


# The list: filters, order, query counts, new marks


def _many_posts(world, count):
    categories = list(world.network.board_categories.all())
    themes = list(world.network.themes.all())
    osaka = _prefecture("大阪府")
    for n in range(count):
        post = _post(
            world,
            title=f"投稿{n}",
            category=categories[n % len(categories)],
            author=world.bob if n % 2 else world.alice,
            organisation=world.bob_org if n % 2 else world.alice_org,
            themes=themes[: 1 + n % 3],
            target_prefectures=[osaka],
        )
        Reply.objects.create(post=post, author=world.bob, author_organisation=world.bob_org, body="返信")
        Post.objects.filter(pk=post.pk).update(reply_count=1)


def test_the_list_filters_by_category_theme_prefecture_organisation_and_state(client, world):
    tourism, disaster = _theme(world, "Tourism"), _theme(world, "Disaster prevention")
    a = _post(world, title="観光の提案", themes=[tourism], target_prefectures=[_prefecture("大阪府")])
    b = _post(
        world,
        title="防災の募集",
        category=_category(world, Category.Kind.CALL),
        themes=[disaster],
        target_prefectures=[_prefecture("富山県")],
        author=world.bob,
        organisation=world.bob_org,
    )
    c = _post(world, title="締切済みの周知", category=_category(world, Category.Kind.NOTICE))
    c.closed_at = timezone.now()
    c.save()

    client.force_login(world.bob)

    def titles(**params):
        page = client.get(BOARD, params).content.decode()
        return [t for t in ("観光の提案", "防災の募集", "締切済みの周知") if t in page]

    assert titles() == ["観光の提案", "防災の募集", "締切済みの周知"]
    assert titles(category=_category(world, Category.Kind.CALL).pk) == ["防災の募集"]
    assert titles(theme=tourism.pk) == ["観光の提案"]
    assert titles(prefecture=_prefecture("富山県").pk) == ["防災の募集"]
    assert titles(organisation=world.bob_org.pk) == ["防災の募集"]
    assert titles(state="open") == ["観光の提案", "防災の募集"]
    assert titles(state="closed") == ["締切済みの周知"]
    assert titles(theme=tourism.pk, state="closed") == []
    assert {a.pk, b.pk, c.pk} == set(Post.objects.values_list("pk", flat=True))


def test_the_organisation_filter_names_only_authors_of_posts_the_reader_may_see(client, world):
    _post(world, title="会員限定")
    _post(world, title="公開", author=world.bob, organisation=world.bob_org, visibility=Post.Visibility.PUBLIC)
    page = client.get(BOARD).content.decode()
    select = page[page.index('name="organisation"') : page.index("</select>", page.index('name="organisation"'))]
    assert "Nanto City" in select and "Matsubara City" not in select


def test_the_list_counts_up_to_a_cap_and_then_says_or_more(client, world, monkeypatch):
    from renkei.board import selectors

    for number in range(3):
        _post(world, title=f"投稿{number}", visibility=Post.Visibility.PUBLIC)
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    assert "3 or more posts" in client.get(BOARD).content.decode()
    monkeypatch.setattr(selectors, "COUNT_CAP", 4)
    assert "3 posts" in client.get(BOARD).content.decode()


def test_pinned_posts_come_first_then_the_newest(client, world):
    _post(world, title="古い投稿")
    pinned = _post(world, title="固定された投稿")
    _post(world, title="新しい投稿")
    Post.objects.filter(pk=pinned.pk).update(pinned=True, created_at=timezone.now() - datetime.timedelta(days=9))
    client.force_login(world.bob)
    page = client.get(BOARD).content.decode()
    assert page.index("固定された投稿") < page.index("新しい投稿") < page.index("古い投稿")


@pytest.mark.parametrize("params", [{}, {"theme": "tourism", "prefecture": "osaka", "state": "open"}])
def test_the_list_takes_the_same_number_of_queries_with_3_or_60_posts(client, world, django_assert_num_queries, params):
    def query():
        values = {"theme": _theme(world, "Tourism").pk, "prefecture": _prefecture("大阪府").pk, "state": "open"}
        return {key: values[key] for key in params}

    client.force_login(world.alice)
    _many_posts(world, 3)
    client.get(BOARD, query())  # the first visit, and the cached standing in the network
    with CaptureQueriesContext(connection) as small:
        response = client.get(BOARD, query())
    assert response.content.decode().count('class="card"') == 3
    expected = len(small.captured_queries)  # before another request resets the query log
    _many_posts(world, 57)
    # New posts change the board's version: the next view draws the filters again, as the first did.
    client.get(BOARD, query())
    with django_assert_num_queries(expected):
        response = client.get(BOARD, query())
    assert response.content.decode().count('class="card"') == 20
    assert "1 reply" in response.content.decode()
    assert "COUNT" not in " ".join(q["sql"] for q in small.captured_queries if "board_reply" in q["sql"])


def test_posts_since_the_previous_visit_are_marked_new(client, world):
    old = _post(world, title="前回までの投稿")
    two_hours_ago = timezone.now() - datetime.timedelta(hours=2)
    Post.objects.filter(pk=old.pk).update(created_at=two_hours_ago, last_activity_at=two_hours_ago)
    client.force_login(world.bob)
    page = client.get(BOARD).content.decode()
    assert ">New</span>" not in page  # the first visit marks nothing

    # An hour later a new post and a reply to the old one arrive; Bob comes back.
    _move_visit(world.bob, timezone.now() - datetime.timedelta(hours=1))
    _post(world, title="今回の新着")
    page = client.get(BOARD).content.decode()
    assert _is_new(page, "今回の新着") and not _is_new(page, "前回までの投稿")
    Reply.objects.create(post=old, author=world.alice, author_organisation=world.alice_org, body="追記")
    Post.objects.filter(pk=old.pk).update(last_activity_at=timezone.now())

    # Paging or reloading a minute later keeps the same highlights.
    page = client.get(BOARD, {"page": 1}).content.decode()
    assert _is_new(page, "今回の新着") and _is_new(page, "前回までの投稿")


def _move_visit(user, visited_at):
    """As if the visit had been made at ``visited_at``: in the database, and out of the cache
    that keeps it until its next write is due."""
    BoardVisit.objects.filter(user=user).update(visited_at=visited_at)
    cache.clear()


def _is_new(page, title):
    card = page[page.index(title) : page.index("</li>", page.index(title))]
    return ">New</span>" in card


def test_a_visit_after_half_an_hour_moves_the_previous_visit(world):
    first = board_visit_record(user=world.bob, network=world.network)
    assert first is None
    assert BoardVisit.objects.filter(user=world.bob).exists()
    assert board_visit_record(user=world.bob, network=world.network) is None  # within 30 minutes
    earlier = timezone.now() - datetime.timedelta(minutes=45)
    _move_visit(world.bob, earlier)
    assert board_visit_record(user=world.bob, network=world.network) == earlier
    # And again within half an hour: the previous visit stays where it was.
    assert board_visit_record(user=world.bob, network=world.network) == earlier


def test_anonymous_visitors_leave_no_visit(client, world):
    _post(world, visibility=Post.Visibility.PUBLIC)
    assert client.get(BOARD).status_code == 200
    assert not BoardVisit.objects.exists()


def test_themes_of_a_network_are_its_own(world):
    other = _other_network()
    assert Theme.objects.filter(network=other).count() == 9
    assert set(world.network.themes.all()).isdisjoint(other.themes.all())
