"""The secretariat's hand on the board: reports, pin / hide / lock / move, hidden replies, categories and themes."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from renkei.board.models import Category, Post, Reply, Report
from renkei.board.services import categories_create_defaults, post_create, reply_create, report_create
from renkei.networks.models import Theme
from renkei.search.models import SearchEntry
from renkei.search.selectors import search
from renkei.testing import login_with_second_factor

pytestmark = pytest.mark.django_db

BOARD = "/en/networks/alliance/board/"


@pytest.fixture
def post(world):
    return post_create(
        network=world.network,
        author=world.alice,
        author_organisation=world.alice_org,
        category=world.network.board_categories.get(kind=Category.Kind.PROPOSAL),
        title="防災連携のご提案",
        body="防災訓練を一緒に行いませんか",
        visibility=Post.Visibility.PUBLIC,
    )


def _login(client, world, who):
    """Sign in as one of the personas; "secretariat+2fa" with the second factor."""
    client.logout()
    if who and who.endswith("+2fa"):
        # A second factor opens secretariat pages to the secretariat only.
        login_with_second_factor(client, getattr(world, who.removesuffix("+2fa")))
    elif who is not None:
        client.force_login(getattr(world, who))


def _found(user, query):
    return [hit.entry.title for hit in search(query, entries=SearchEntry.objects.visible_to(user))]


# --- Reports ----------------------------------------------------------------------------------


def test_a_member_reports_a_post_and_the_secretariat_is_emailed(
    client, world, post, django_capture_on_commit_callbacks
):
    _login(client, world, "bob")
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert f"/board/{post.pk}/report/" in page
    assert client.get(f"{BOARD}{post.pk}/report/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BOARD}{post.pk}/report/", {"reason": "個人の電話番号が載っています"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.post, report.reply, report.organisation) == (post, None, world.bob_org)
    assert [m.to for m in mail.outbox] == [["sec@example.jp"]]
    assert "個人の電話番号が載っています" in mail.outbox[0].body
    assert f"/board/{post.pk}/" in mail.outbox[0].body


def test_a_member_reports_a_reply(client, world, post):
    reply = reply_create(post=post, author=world.alice, author_organisation=world.alice_org, body="宣伝です")
    _login(client, world, "bob")
    page = client.get(f"{BOARD}{post.pk}/report/?reply={reply.pk}").content.decode()
    assert "宣伝です" in page
    client.post(f"{BOARD}{post.pk}/report/", {"reason": "広告です", "reply": reply.pk})
    assert Report.objects.get().reply == reply


def test_a_report_without_a_reason_is_refused(client, world, post):
    _login(client, world, "bob")
    response = client.post(f"{BOARD}{post.pk}/report/", {"reason": "  "})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Report.objects.exists()
    assert not mail.outbox


def test_a_reply_of_another_post_cannot_be_reported_here(client, world, post):
    other = post_create(
        network=world.network,
        author=world.bob,
        author_organisation=world.bob_org,
        category=post.category,
        title="別",
        body="別",
        visibility=Post.Visibility.MEMBERS,
    )
    reply = reply_create(post=other, author=world.bob, author_organisation=world.bob_org, body="x")
    _login(client, world, "alice")
    assert client.post(f"{BOARD}{post.pk}/report/", {"reason": "x", "reply": reply.pk}).status_code == 404
    assert not Report.objects.exists()


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("charlie", 403), ("dave", 403)])
def test_outsiders_cannot_report(client, world, post, who, status):
    _login(client, world, who)
    assert client.post(f"{BOARD}{post.pk}/report/", {"reason": "x"}).status_code == status
    assert not Report.objects.exists()


def test_the_secretariat_lists_and_resolves_reports(client, world, post):
    report = report_create(post=post, reporter=world.bob, organisation=world.bob_org, reason="不適切な表現")
    _login(client, world, "secretariat+2fa")
    page = client.get(f"{BOARD}reports/").content.decode()
    assert "不適切な表現" in page and "防災連携のご提案" in page
    assert "Reports from members" in client.get("/en/networks/alliance/manage/").content.decode()
    response = client.post(f"{BOARD}reports/{report.pk}/resolve/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.resolved_by == world.secretariat and report.resolved_at is not None
    assert "不適切な表現" not in client.get(f"{BOARD}reports/").content.decode()
    assert "不適切な表現" in client.get(f"{BOARD}reports/?state=resolved").content.decode()


@pytest.mark.parametrize(
    ("who", "status"), [(None, 403), ("alice", 403), ("alice+2fa", 403), ("bob", 403), ("charlie", 403), ("dave", 403)]
)
def test_only_the_secretariat_sees_reports(client, world, post, who, status):
    report = report_create(post=post, reporter=world.bob, organisation=world.bob_org, reason="不適切な表現")
    _login(client, world, who)
    assert client.get(f"{BOARD}reports/").status_code == status
    assert client.post(f"{BOARD}reports/{report.pk}/resolve/").status_code == status
    report.refresh_from_db()
    assert report.resolved_at is None


def test_the_secretariat_needs_its_second_factor_for_reports(client, world, post):
    report = report_create(post=post, reporter=world.bob, organisation=world.bob_org, reason="不適切な表現")
    _login(client, world, "secretariat")
    response = client.get(f"{BOARD}reports/")
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]
    client.post(f"{BOARD}reports/{report.pk}/resolve/")
    report.refresh_from_db()
    assert report.resolved_at is None


# --- Pin, hide, lock, move ------------------------------------------------------------------------


def test_the_secretariat_pins_and_unpins(client, world, post):
    _login(client, world, "secretariat+2fa")
    assert f"/board/{post.pk}/pin/" in client.get(f"{BOARD}{post.pk}/").content.decode()
    client.post(f"{BOARD}{post.pk}/pin/", {"state": "on"})
    assert Post.objects.get(pk=post.pk).pinned
    assert "Pinned" in client.get(BOARD).content.decode()
    client.post(f"{BOARD}{post.pk}/pin/", {"state": "off"})
    assert not Post.objects.get(pk=post.pk).pinned


def test_a_hidden_post_leaves_lists_and_search_for_everyone_but_the_secretariat(client, world, post):
    assert _found(AnonymousUser(), "防災") == ["防災連携のご提案"]
    _login(client, world, "secretariat+2fa")
    response = client.post(f"{BOARD}{post.pk}/hide/", {"state": "on"})
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).hidden
    for user in (AnonymousUser(), world.alice, world.bob):
        assert _found(user, "防災") == []
    for who in (None, "alice", "bob", "charlie"):
        _login(client, world, who)
        assert client.get(f"{BOARD}{post.pk}/").status_code == 404
        assert "防災連携のご提案" not in client.get(BOARD).content.decode()
    _login(client, world, "secretariat+2fa")
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert "Only the secretariat sees this post." in page
    client.post(f"{BOARD}{post.pk}/hide/", {"state": "off"})
    assert _found(AnonymousUser(), "防災") == ["防災連携のご提案"]


def test_a_locked_post_takes_no_more_replies(client, world, post):
    _login(client, world, "secretariat+2fa")
    client.post(f"{BOARD}{post.pk}/lock/", {"state": "on"})
    _login(client, world, "bob")
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert f"/board/{post.pk}/reply/" not in page
    assert client.post(f"{BOARD}{post.pk}/reply/", {"body": "参加します"}).status_code == 400
    assert not Reply.objects.exists()
    _login(client, world, "secretariat+2fa")
    client.post(f"{BOARD}{post.pk}/lock/", {"state": "off"})
    _login(client, world, "bob")
    assert client.post(f"{BOARD}{post.pk}/reply/", {"body": "参加します"}).status_code == 302


def test_the_secretariat_moves_a_post_to_another_category(client, world, post):
    notice = world.network.board_categories.get(kind=Category.Kind.NOTICE)
    _login(client, world, "secretariat+2fa")
    client.post(f"{BOARD}{post.pk}/move/", {"category": notice.pk})
    assert Post.objects.get(pk=post.pk).category == notice


def test_a_post_cannot_move_to_another_networks_category(client, world, post):
    from renkei.networks.models import Network

    other = Network.objects.create(slug="other", kind="project", name="他", secretariat=world.secretariat_org)
    foreign = categories_create_defaults(other)[0]
    _login(client, world, "secretariat+2fa")
    response = client.post(f"{BOARD}{post.pk}/move/", {"category": foreign.pk}, follow=True)
    assert "choose a category of this network" in response.content.decode()
    assert Post.objects.get(pk=post.pk).category == post.category


@pytest.mark.parametrize("action", ["pin", "hide", "lock"])
def test_a_switch_without_a_state_changes_nothing(client, world, post, action):
    _login(client, world, "secretariat+2fa")
    response = client.post(f"{BOARD}{post.pk}/{action}/", {"state": "maybe"}, follow=True)
    assert "Nothing was changed" in response.content.decode()
    post.refresh_from_db()
    assert not (post.pinned or post.hidden or post.locked)


@pytest.mark.parametrize("who", [None, "alice", "alice+2fa", "bob", "charlie", "dave", "secretariat"])
def test_only_the_secretariat_with_its_second_factor_moderates(client, world, post, who):
    notice = world.network.board_categories.get(kind=Category.Kind.NOTICE)
    reply = reply_create(post=post, author=world.bob, author_organisation=world.bob_org, body="返信")
    _login(client, world, who)
    if who is not None:
        assert f"/board/{post.pk}/pin/" not in client.get(f"{BOARD}{post.pk}/").content.decode()
    for action in ("pin", "hide", "lock"):
        response = client.post(f"{BOARD}{post.pk}/{action}/", {"state": "on"})
        assert response.status_code in (302, 403)
        if who == "secretariat":
            assert "/accounts/2fa/" in response["Location"]
    client.post(f"{BOARD}{post.pk}/move/", {"category": notice.pk})
    client.post(f"{BOARD}{post.pk}/replies/{reply.pk}/hide/", {"state": "on"})
    post.refresh_from_db()
    assert not (post.pinned or post.hidden or post.locked)
    assert post.category.kind == Category.Kind.PROPOSAL
    assert not Reply.objects.get().hidden


def test_the_secretariat_without_second_factor_is_told_how_to_moderate(client, world, post):
    _login(client, world, "secretariat")
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert "sign in with your authenticator app" in page


# --- Hidden replies ---------------------------------------------------------------------------


def test_a_hidden_reply_disappears_and_the_count_follows(client, world, post):
    top = reply_create(post=post, author=world.bob, author_organisation=world.bob_org, body="不適切な返信")
    answer = reply_create(post=post, author=world.alice, author_organisation=world.alice_org, body="回答", parent=top)
    _login(client, world, "secretariat+2fa")
    client.post(f"{BOARD}{post.pk}/replies/{top.pk}/hide/", {"state": "on"})
    assert Post.objects.get(pk=post.pk).reply_count == 1
    assert "不適切な返信" in client.get(f"{BOARD}{post.pk}/").content.decode()  # the secretariat still reads it
    _login(client, world, "bob")
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert "不適切な返信" not in page
    assert "The secretariat hid this reply." in page  # its thread keeps its place
    assert f'id="reply-{answer.pk}"' in page
    # Hiding twice counts once; showing it again counts it again.
    _login(client, world, "secretariat+2fa")
    client.post(f"{BOARD}{post.pk}/replies/{top.pk}/hide/", {"state": "on"})
    assert Post.objects.get(pk=post.pk).reply_count == 1
    client.post(f"{BOARD}{post.pk}/replies/{top.pk}/hide/", {"state": "off"})
    assert Post.objects.get(pk=post.pk).reply_count == 2


def test_a_hidden_reply_cannot_be_answered(client, world, post):
    top = reply_create(post=post, author=world.bob, author_organisation=world.bob_org, body="返信")
    _login(client, world, "secretariat+2fa")
    client.post(f"{BOARD}{post.pk}/replies/{top.pk}/hide/", {"state": "on"})
    _login(client, world, "alice")
    response = client.post(f"{BOARD}{post.pk}/reply/", {"body": "回答", "parent": top.pk})
    assert response.status_code == 400
    assert Reply.objects.count() == 1


# --- Categories and themes ----------------------------------------------------------------------


def _formset_data(world, categories=None, themes=None, **changes):
    """The page's form as submitted unchanged, with ``changes`` ({field name: value}) applied."""
    data = {}
    rows = [
        ("categories", list(world.network.board_categories.all()), ["name_ja", "name_en", "kind", "order"]),
        ("themes", list(world.network.themes.all()), ["name_ja", "name_en", "order"]),
    ]
    for prefix, objects, fields in rows:
        data[f"{prefix}-TOTAL_FORMS"] = len(objects) + 1
        data[f"{prefix}-INITIAL_FORMS"] = len(objects)
        for index, obj in enumerate(objects):
            data[f"{prefix}-{index}-id"] = obj.pk
            data[f"{prefix}-{index}-network"] = world.network.pk
            for field in fields:
                data[f"{prefix}-{index}-{field}"] = getattr(obj, field)
        # The empty row as the browser sends it: the defaults selected.
        data[f"{prefix}-{len(objects)}-order"] = 0
        if prefix == "categories":
            data[f"{prefix}-{len(objects)}-kind"] = "other"
    data.update(changes)
    return data


def test_the_secretariat_edits_adds_and_deletes_categories_and_themes(client, world):
    Theme.objects.create(network=world.network, name="観光", name_ja="観光", name_en="Tourism", order=1)
    _login(client, world, "secretariat+2fa")
    page = client.get(f"{BOARD}manage/categories/").content.decode()
    assert "パンフレット配架依頼" in page and "観光" in page
    assert "Board categories and themes" in client.get("/en/networks/alliance/manage/").content.decode()
    data = _formset_data(
        world,
        **{
            "categories-0-name_en": "Proposals",
            "categories-5-DELETE": "on",  # その他, unused
            "categories-6-name_ja": "視察受入れ",
            "categories-6-name_en": "Study tours",
            "categories-6-kind": "other",
            "categories-6-order": 7,
            "themes-1-name_ja": "防災",
            "themes-1-name_en": "Disaster prevention",
            "themes-1-order": 2,
        },
    )
    response = client.post(f"{BOARD}manage/categories/", data)
    assert response.status_code == 302
    names = list(world.network.board_categories.values_list("name_en", flat=True))
    assert names[0] == "Proposals" and "Other" not in names and "Study tours" in names
    assert list(world.network.themes.values_list("name_ja", flat=True)) == ["観光", "防災"]


def test_a_category_with_posts_cannot_be_deleted(client, world, post):
    _login(client, world, "secretariat+2fa")
    response = client.post(
        f"{BOARD}manage/categories/",
        _formset_data(world, **{"categories-0-DELETE": "on", "categories-1-name_en": "Calls"}),
    )
    assert response.status_code == 400
    assert "cannot be deleted: posts are in it" in response.content.decode()
    assert world.network.board_categories.count() == 6
    assert not world.network.board_categories.filter(name_en="Calls").exists()  # nothing was saved


def test_a_theme_used_by_posts_cannot_be_deleted(client, world, post):
    theme = Theme.objects.create(network=world.network, name="防災", name_ja="防災", name_en="Disaster", order=1)
    post.themes.add(theme)
    _login(client, world, "secretariat+2fa")
    response = client.post(f"{BOARD}manage/categories/", _formset_data(world, **{"themes-0-DELETE": "on"}))
    assert response.status_code == 400
    assert "posts have this theme" in response.content.decode()
    assert Theme.objects.filter(pk=theme.pk).exists()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"categories-0-name_ja": ""}, "Fill in “Name (Japanese)”."),
        ({"categories-0-kind": "podcast"}, "Select a valid choice"),
        ({"categories-1-name_ja": "連携・交流事業の提案"}, "Another category already has this name."),
        ({f"categories-{i}-DELETE": "on" for i in range(6)}, "A board needs at least one category."),
        ({"themes-1-name_ja": "観光", "themes-1-order": 2}, "Another theme already has this name."),
    ],
)
def test_bad_categories_or_themes_are_refused_and_nothing_changes(client, world, changes, error):
    Theme.objects.create(network=world.network, name="観光", name_ja="観光", name_en="Tourism", order=1)
    before = list(world.network.board_categories.values_list("name_ja", "kind"))
    data = _formset_data(world, **changes)
    _login(client, world, "secretariat+2fa")
    response = client.post(f"{BOARD}manage/categories/", data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert list(world.network.board_categories.values_list("name_ja", "kind")) == before
    assert world.network.themes.count() == 1


@pytest.mark.parametrize(
    ("who", "status"), [(None, 403), ("alice", 403), ("alice+2fa", 403), ("bob", 403), ("charlie", 403), ("dave", 403)]
)
def test_only_the_secretariat_edits_categories(client, world, who, status):
    _login(client, world, who)
    assert client.get(f"{BOARD}manage/categories/").status_code == status
    response = client.post(f"{BOARD}manage/categories/", _formset_data(world, **{"categories-0-name_en": "X"}))
    assert response.status_code == status
    assert not world.network.board_categories.filter(name_en="X").exists()


def test_editing_categories_needs_the_second_factor(client, world):
    _login(client, world, "secretariat")
    response = client.get(f"{BOARD}manage/categories/")
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]


def test_a_reply_hidden_after_a_member_read_the_thread_leaves_their_next_view(client, world, post):
    """The threads are kept drawn for readers: hiding one must still show at once."""
    first = reply_create(post=post, author=world.bob, author_organisation=world.bob_org, body="最初の返信")
    second = reply_create(post=post, author=world.bob, author_organisation=world.bob_org, body="二つ目の返信")
    _login(client, world, "alice")
    client.get(f"{BOARD}{post.pk}/")
    page = client.get(f"{BOARD}{post.pk}/").content.decode()  # drawn from the cache
    assert "最初の返信" in page and "二つ目の返信" in page
    _login(client, world, "secretariat+2fa")
    client.post(f"{BOARD}{post.pk}/replies/{second.pk}/hide/", {"state": "on"})
    _login(client, world, "alice")
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert "二つ目の返信" not in page and "最初の返信" in page
    # Shown again and the other hidden: the same number of replies, other threads.
    _login(client, world, "secretariat+2fa")
    client.post(f"{BOARD}{post.pk}/replies/{second.pk}/hide/", {"state": "off"})
    client.post(f"{BOARD}{post.pk}/replies/{first.pk}/hide/", {"state": "on"})
    _login(client, world, "alice")
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert "最初の返信" not in page and "二つ目の返信" in page
    # A new reply from someone else shows, marked new for the reader.
    reply_create(post=post, author=world.bob, author_organisation=world.bob_org, body="三つ目の返信")
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert "三つ目の返信" in page and "reply-new" in page
