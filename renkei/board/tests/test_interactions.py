"""Answering a post: threaded replies and what is new, 関心あり and private messages, pamphlet answers."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from renkei.board.models import Category, Interest, Message, PamphletAnswer, Post, PostRead, Reply
from renkei.board.services import (
    interest_toggle,
    message_send,
    pamphlet_answer_save,
    post_close,
    post_create,
    post_lock,
    reply_create,
)
from renkei.networks.models import Membership
from renkei.notifications.models import Kind, Notification
from renkei.testing import UserFactory, login_with_second_factor, municipality, staff

pytestmark = pytest.mark.django_db

BOARD = "/en/networks/alliance/board/"


def _post(world, kind=Category.Kind.PROPOSAL, **fields):
    fields.setdefault("title", "観光連携のご提案")
    fields.setdefault("body", "一緒に観光PRをしませんか")
    fields.setdefault("visibility", Post.Visibility.MEMBERS)
    return post_create(
        network=world.network,
        author=world.alice,
        author_organisation=world.alice_org,
        category=world.network.board_categories.get(kind=kind),
        **fields,
    )


def _pamphlet(world, copies=2000):
    return _post(world, kind=Category.Kind.PAMPHLET, title="観光パンフレット配布のお願い", copies_requested=copies)


def _login(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


def _fellow(world, name="新宿区", prefecture="東京都", email="erin@example.jp"):
    """A third member organisation's staff: neither the author's side nor the interested one."""
    org = municipality(name, prefecture)
    Membership.objects.create(network=world.network, organisation=org, tier=world.general)
    user = UserFactory(email=email, name="新宿 エリン")
    staff(user, org)
    return user, org


# --- Replies, threads and what is new ------------------------------------------------------


def test_an_answer_to_a_reply_joins_its_thread(client, world):
    post = _post(world)
    _login(client, world.bob)
    client.post(f"{BOARD}{post.pk}/reply/", {"body": "南砺市も参加したいです"})
    first = Reply.objects.get()
    _login(client, world.alice)
    response = client.post(f"{BOARD}{post.pk}/reply/", {"body": "ありがとうございます", "parent": first.pk})
    answer = Reply.objects.latest("id")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#reply-{answer.pk}")
    assert answer.parent == first
    # Bob, who started the thread, hears of the answer; Alice heard of Bob's reply to her post.
    assert Notification.objects.get(kind=Kind.REPLY, recipient=world.bob).url.endswith(f"#reply-{answer.pk}")
    assert Notification.objects.filter(kind=Kind.REPLY, recipient=world.alice).count() == 1
    # An answer to the answer stays in the same thread, one level deep.
    client.post(f"{BOARD}{post.pk}/reply/", {"body": "追記です", "parent": answer.pk})
    assert Reply.objects.latest("id").parent == first
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert f'id="reply-{first.pk}"' in page and f'id="reply-{answer.pk}"' in page
    thread = page[page.index(f'id="reply-{first.pk}"') :]
    assert thread.index("南砺市も参加したいです") < thread.index("ありがとうございます")
    assert 'class="thread-answers"' in page
    assert Post.objects.get(pk=post.pk).reply_count == 3


def test_the_page_has_one_reply_form_in_the_thread_chosen_or_below(client, world):
    post = _post(world)
    first = reply_create(post=post, author=world.bob, author_organisation=world.bob_org, body="最初の返信")
    _login(client, world.alice)
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert page.count("<textarea") == 1 and 'aria-labelledby="reply-form-heading"' in page
    assert f'href="?parent={first.pk}#reply-{first.pk}"' in page
    page = client.get(f"{BOARD}{post.pk}/", {"parent": first.pk}).content.decode()
    assert page.count("<textarea") == 1 and 'aria-labelledby="reply-form-heading"' not in page
    assert page.index(f'id="reply-{first.pk}"') < page.index("<textarea") < page.index("</ol>")
    assert f'name="parent" value="{first.pk}"' in page


def test_an_answer_to_a_reply_of_another_post_is_refused(client, world):
    post, other = _post(world), _post(world, title="別の投稿")
    elsewhere = reply_create(post=other, author=world.bob, author_organisation=world.bob_org, body="別件")
    _login(client, world.bob)
    response = client.post(f"{BOARD}{post.pk}/reply/", {"body": "こんにちは", "parent": elsewhere.pk})
    assert response.status_code == 400
    assert "The reply you are answering is not on this post." in response.content.decode()
    assert not post.replies.exists()


def test_an_empty_reply_is_refused_with_an_error(client, world):
    post = _post(world)
    _login(client, world.bob)
    response = client.post(f"{BOARD}{post.pk}/reply/", {"body": "   "})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Reply.objects.exists()


def test_replies_since_the_last_reading_are_marked_new(client, world):
    post = _post(world)
    old = reply_create(post=post, author=world.bob, author_organisation=world.bob_org, body="前の返信")
    _login(client, world.alice)
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert "badge-new" not in page  # the first reading has nothing to compare with
    new = reply_create(post=post, author=world.bob, author_organisation=world.bob_org, body="新しい返信")
    mine = reply_create(post=post, author=world.alice, author_organisation=world.alice_org, body="自分の返信")
    now = timezone.now()
    PostRead.objects.filter(user=world.alice, post=post).update(read_at=now - timedelta(minutes=10))
    Reply.objects.filter(pk=old.pk).update(created_at=now - timedelta(minutes=20))
    Reply.objects.filter(pk__in=[new.pk, mine.pk]).update(created_at=now - timedelta(minutes=5))
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert f'class="card reply-new" id="reply-{new.pk}"' in page
    assert f'class="card" id="reply-{old.pk}"' in page
    assert f'class="card" id="reply-{mine.pk}"' in page  # one's own replies are not news
    # Read now: on the next visit nothing is new.
    assert PostRead.objects.get(user=world.alice, post=post).read_at >= now
    assert "reply-new" not in client.get(f"{BOARD}{post.pk}/").content.decode()


def _replies(world, post, count):
    tops = []
    for number in range(count):
        author, org = (world.bob, world.bob_org) if number % 2 else (world.secretariat, world.secretariat_org)
        parent = tops[number % len(tops)] if tops and number % 3 == 0 else None
        reply = reply_create(
            post=post, author=author, author_organisation=org, body=f"**返信** {number}", parent=parent
        )
        if parent is None:
            tops.append(reply)


@pytest.mark.parametrize("who", ["alice", "bob", "secretariat"])
def test_the_post_page_runs_the_same_queries_for_3_or_50_replies(client, world, who, django_assert_num_queries):
    small, large = _pamphlet(world), _pamphlet(world)
    _replies(world, small, 3)
    _replies(world, large, 50)
    for post in (small, large):
        PamphletAnswer.objects.create(post=post, organisation=world.bob_org, copies=100, places="図書館")
        Interest.objects.create(post=post, organisation=world.bob_org, user=world.bob)
    if who == "secretariat":
        login_with_second_factor(client, world.secretariat)
    else:
        _login(client, getattr(world, who))
    client.get(f"{BOARD}{small.pk}/")  # the first reading creates the read mark and warms the caches
    client.get(f"{BOARD}{large.pk}/")
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(f"{BOARD}{small.pk}/").status_code == 200
    with django_assert_num_queries(len(small_queries)):
        page = client.get(f"{BOARD}{large.pk}/").content.decode()
    assert "返信</strong> 49" in page


def test_a_locked_or_closed_post_takes_no_replies(client, world):
    locked, closed = _post(world), _post(world, title="締切済み")
    post_lock(post=locked, locked=True)
    post_close(post=closed)
    _login(client, world.bob)
    for post in (locked, closed):
        response = client.post(f"{BOARD}{post.pk}/reply/", {"body": "参加します"})
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()
    assert "The secretariat locked this post" in client.get(f"{BOARD}{locked.pk}/").content.decode()
    assert not Reply.objects.exists()


@pytest.mark.parametrize("who", [None, "charlie", "dave"])
def test_outsiders_cannot_reply(client, world, who):
    post = _post(world, visibility=Post.Visibility.SIGNED_IN)
    _login(client, getattr(world, who) if who else None)
    response = client.post(f"{BOARD}{post.pk}/reply/", {"body": "こんにちは"})
    assert response.status_code == (302 if who is None else 403)
    assert not Reply.objects.exists()


# --- 関心あり --------------------------------------------------------------------------------


def test_a_member_marks_interest_and_the_author_sees_it(client, world):
    post = _post(world)
    _login(client, world.bob)
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert f'action="/en/networks/alliance/board/{post.pk}/interest/"' in page
    response = client.post(f"{BOARD}{post.pk}/interest/")
    assert response.status_code == 302 and response["Location"].endswith("#interest")
    interest = Interest.objects.get()
    assert (interest.organisation, interest.user) == (world.bob_org, world.bob)
    notification = Notification.objects.get(kind=Kind.INTEREST)
    assert notification.recipient == world.alice
    assert notification.actor_organisation == world.bob_org
    assert "Your organisation is interested" in client.get(f"{BOARD}{post.pk}/").content.decode()

    _login(client, world.alice)
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert "Nanto City" in page
    assert f"/board/{post.pk}/interests/{interest.pk}/messages/" in page
    # Another member sees how many, not who.
    erin, _ = _fellow(world)
    _login(client, erin)
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert "1 organisation is interested." in page
    assert "Nanto City" not in page


def test_interest_is_taken_back_with_the_same_button(client, world):
    post = _post(world)
    _login(client, world.bob)
    client.post(f"{BOARD}{post.pk}/interest/")
    client.post(f"{BOARD}{post.pk}/interest/")
    assert not Interest.objects.exists()


def test_interest_stays_once_messages_were_exchanged(client, world):
    post = _post(world)
    interest = interest_toggle(post=post, organisation=world.bob_org, user=world.bob)
    message_send(interest=interest, sender=world.alice, sender_organisation=world.alice_org, body="ご連絡ください")
    _login(client, world.bob)
    response = client.post(f"{BOARD}{post.pk}/interest/", follow=True)
    assert "exchanged messages" in response.content.decode()
    assert Interest.objects.count() == 1 and Message.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status"), [(None, 302), ("charlie", 403), ("dave", 403), ("alice", 302), ("secretariat", 302)]
)
def test_only_other_members_can_mark_interest(client, world, who, status):
    post = _post(world)
    Post.objects.filter(pk=post.pk).update(visibility=Post.Visibility.SIGNED_IN)
    _login(client, getattr(world, who) if who else None)
    response = client.post(f"{BOARD}{post.pk}/interest/", follow=who in ("alice", "secretariat"))
    assert response.status_code in (status, 200)
    if who == "alice":
        assert "Your organisation wrote this post." in response.content.decode()
    if who == "secretariat":
        assert "Only member organisations" in response.content.decode()
    assert not Interest.objects.exists()
    assert not Notification.objects.filter(kind=Kind.INTEREST).exists()


def test_interest_on_a_closed_post_is_refused(client, world):
    post = _post(world)
    post_close(post=post)
    _login(client, world.bob)
    response = client.post(f"{BOARD}{post.pk}/interest/", follow=True)
    assert "This post is closed." in response.content.decode()
    assert not Interest.objects.exists()


# --- Private messages -----------------------------------------------------------------------


@pytest.fixture
def conversation(world):
    post = _post(world)
    interest = interest_toggle(post=post, organisation=world.bob_org, user=world.bob)
    message_send(interest=interest, sender=world.bob, sender_organisation=world.bob_org, body="詳細を教えてください")
    return interest, f"{BOARD}{post.pk}/interests/{interest.pk}/messages/"


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_the_two_organisations_read_their_messages(client, world, conversation, who):
    _, url = conversation
    _login(client, getattr(world, who))
    response = client.get(url)
    assert response.status_code == 200
    assert "詳細を教えてください" in response.content.decode()


def test_nobody_else_reads_the_messages_not_even_the_secretariat(client, world, conversation):
    _, url = conversation
    erin, _ = _fellow(world)
    for user in (world.charlie, world.dave, erin, world.secretariat):
        _login(client, user)
        assert client.get(url).status_code == 404, user
        assert client.post(url, {"body": "割り込み"}).status_code == 404, user
    login_with_second_factor(client, world.secretariat)
    assert client.get(url).status_code == 404
    _login(client, None)
    assert client.get(url).status_code == 302
    assert Message.objects.count() == 1


def test_a_message_of_another_post_is_not_found_under_this_one(client, world, conversation):
    interest, _ = conversation
    other = _post(world, title="別の投稿")
    _login(client, world.alice)
    assert client.get(f"{BOARD}{other.pk}/interests/{interest.pk}/messages/").status_code == 404


def test_a_message_notifies_the_other_organisations_staff(client, world, conversation):
    interest, url = conversation
    colleague = UserFactory(email="alice2@example.jp")
    staff(colleague, world.alice_org)
    Notification.objects.all().delete()
    _login(client, world.alice)
    response = client.post(url, {"body": "来週お電話します"})
    assert response.status_code == 302
    message = Message.objects.latest("id")
    assert message.sender_organisation == world.alice_org
    notified = Notification.objects.filter(kind=Kind.MESSAGE)
    assert {n.recipient for n in notified} == {world.bob}
    assert notified.get().url.endswith(f"/interests/{interest.pk}/messages/#message-{message.pk}")
    # And the other way round: all of the author organisation's staff hear of it.
    Notification.objects.all().delete()
    _login(client, world.bob)
    client.post(url, {"body": "お待ちしています"})
    assert {n.recipient for n in Notification.objects.filter(kind=Kind.MESSAGE)} == {world.alice, colleague}


def test_an_empty_message_is_refused(client, world, conversation):
    _, url = conversation
    _login(client, world.alice)
    response = client.post(url, {"body": ""})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert Message.objects.count() == 1


# --- Pamphlet answers -------------------------------------------------------------------------


def test_members_answer_a_pamphlet_request_and_the_author_sees_the_total(client, world):
    post = _pamphlet(world)
    erin, erin_org = _fellow(world)
    _login(client, world.bob)
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert f'action="/en/networks/alliance/board/{post.pk}/pamphlet/"' in page
    response = client.post(f"{BOARD}{post.pk}/pamphlet/", {"copies": 300, "places": "市役所ロビー"})
    assert response.status_code == 302
    # One answer per organisation: answering again changes it.
    client.post(f"{BOARD}{post.pk}/pamphlet/", {"copies": 500, "places": "市役所ロビー、図書館"})
    _login(client, erin)
    client.post(f"{BOARD}{post.pk}/pamphlet/", {"copies": 700, "places": "区民センター"})
    assert PamphletAnswer.objects.count() == 2
    assert PamphletAnswer.objects.get(organisation=world.bob_org).copies == 500
    notified = Notification.objects.filter(kind=Kind.PAMPHLET_ANSWER)
    assert notified.count() == 3 and {n.recipient for n in notified} == {world.alice}

    _login(client, world.alice)
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert "1,200 of 2,000 copies promised" in page
    assert "市役所ロビー、図書館" in page and "区民センター" in page
    # Other members see the total and their own answer, not the others'.
    _login(client, erin)
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert "1,200 of 2,000 copies promised" in page
    assert "市役所ロビー" not in page
    assert "Your organisation will take 700 copies" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"copies": 0, "places": "図書館"}, "greater than 0"),
        ({"copies": -5, "places": "図書館"}, "greater than 0"),
        ({"copies": "", "places": "図書館"}, "Fill in “Copies you will take”."),
        ({"copies": 10, "places": ""}, "Fill in “Where”."),
    ],
)
def test_a_bad_pamphlet_answer_is_refused(client, world, data, error):
    post = _pamphlet(world)
    _login(client, world.bob)
    response = client.post(f"{BOARD}{post.pk}/pamphlet/", data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not PamphletAnswer.objects.exists()
    assert not Notification.objects.filter(kind=Kind.PAMPHLET_ANSWER).exists()


def test_only_open_pamphlet_requests_take_answers(client, world):
    proposal, closed = _post(world), _pamphlet(world)
    post_close(post=closed)
    _login(client, world.bob)
    assert client.post(f"{BOARD}{proposal.pk}/pamphlet/", {"copies": 10, "places": "図書館"}).status_code == 404
    response = client.post(f"{BOARD}{closed.pk}/pamphlet/", {"copies": 10, "places": "図書館"})
    assert response.status_code == 400
    assert "takes no more answers" in response.content.decode()
    assert not PamphletAnswer.objects.exists()


def test_the_author_cannot_answer_its_own_request(client, world):
    post = _pamphlet(world)
    _login(client, world.alice)
    assert (
        f'action="/en/networks/alliance/board/{post.pk}/pamphlet/"'
        not in client.get(f"{BOARD}{post.pk}/").content.decode()
    )
    response = client.post(f"{BOARD}{post.pk}/pamphlet/", {"copies": 10, "places": "図書館"})
    assert response.status_code == 400
    assert "Your organisation made this request." in response.content.decode()
    assert not PamphletAnswer.objects.exists()


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("charlie", 403), ("dave", 403)])
def test_outsiders_cannot_answer_a_pamphlet_request(client, world, who, status):
    post = _pamphlet(world)
    Post.objects.filter(pk=post.pk).update(visibility=Post.Visibility.SIGNED_IN)
    _login(client, getattr(world, who) if who else None)
    assert client.post(f"{BOARD}{post.pk}/pamphlet/", {"copies": 10, "places": "図書館"}).status_code == status
    assert not PamphletAnswer.objects.exists()


def test_the_secretariat_sees_the_answers_but_cannot_answer(client, world):
    post = _pamphlet(world)
    pamphlet_answer_save(post=post, organisation=world.bob_org, author=world.bob, copies=40, places="道の駅")
    _login(client, world.secretariat)
    assert "道の駅" in client.get(f"{BOARD}{post.pk}/").content.decode()
    response = client.post(f"{BOARD}{post.pk}/pamphlet/", {"copies": 10, "places": "図書館"})
    assert response.status_code == 400
    assert PamphletAnswer.objects.count() == 1


def test_a_members_post_is_not_found_by_outsiders_through_any_of_these_pages(client, world):
    post = _pamphlet(world)
    interest = interest_toggle(post=post, organisation=world.bob_org, user=world.bob)
    for who in ("charlie", "dave"):
        _login(client, getattr(world, who))
        for url in (f"{BOARD}{post.pk}/", f"{BOARD}{post.pk}/pamphlet/"):
            assert client.get(url).status_code == 404
        assert client.post(f"{BOARD}{post.pk}/interest/").status_code == 404
        assert client.get(f"{BOARD}{post.pk}/interests/{interest.pk}/messages/").status_code == 404
    assert Interest.objects.count() == 1
