"""A new post reaches the followers of its network, category, themes and prefectures who may read it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from renkei.board.models import Category, Post
from renkei.board.notifications import post_fan_out
from renkei.board.services import post_create
from renkei.networks.models import Theme
from renkei.notifications import services
from renkei.notifications.models import Delivery, Follow, Kind, Notification, Preference
from renkei.notifications.tasks import email_notifications
from renkei.registry.models import LocalGovernment
from renkei.testing import UserFactory

pytestmark = pytest.mark.django_db


def _post(world, django_capture_on_commit_callbacks, visibility=Post.Visibility.MEMBERS, **kw):
    kw.setdefault("title", "観光イベントへの参加募集")
    with django_capture_on_commit_callbacks(execute=True):
        return post_create(
            network=world.network,
            author=world.alice,
            author_organisation=world.alice_org,
            category=world.network.board_categories.get(kind=Category.Kind.CALL),
            body="一緒に出展しませんか。",
            visibility=visibility,
            **kw,
        )


def _notified(post):
    return set(
        Notification.objects.filter(kind=Kind.FOLLOWED_POST, url__endswith=f"/board/{post.pk}/").values_list(
            "recipient__email", flat=True
        )
    )


def test_post_readers_match_the_boards_visibility_rule(world, make_post):
    users = [world.secretariat, world.alice, world.bob, world.charlie, world.dave]
    for visibility in Post.Visibility.values:
        for hidden in (False, True):
            post = make_post(visibility=visibility, hidden=hidden)
            readers = set(post.readers())
            for user in users:
                assert (user in readers) == Post.objects.visible_to(user).filter(pk=post.pk).exists(), (
                    visibility,
                    hidden,
                    user,
                )
            assert Post.objects.visible_to(AnonymousUser()).filter(pk=post.pk).exists() == (
                visibility == Post.Visibility.PUBLIC and not hidden
            )


def test_followers_of_the_network_category_theme_and_prefecture_hear_of_a_post(
    world, django_capture_on_commit_callbacks
):
    theme = Theme.objects.create(network=world.network, name="観光", name_ja="観光", name_en="Tourism")
    osaka = LocalGovernment.objects.get(name="大阪府")
    category = world.network.board_categories.get(kind=Category.Kind.CALL)
    Follow.objects.create(user=world.bob, category=category)
    Follow.objects.create(user=world.bob, network=world.network)  # twice over: still one notification
    Follow.objects.create(user=world.secretariat, theme=theme)
    Follow.objects.create(user=world.charlie, prefecture=osaka)
    Follow.objects.create(user=world.dave, network=world.network)
    Follow.objects.create(user=world.alice, network=world.network)  # the author hears nothing of her own post
    post = _post(world, django_capture_on_commit_callbacks, visibility=Post.Visibility.SIGNED_IN, themes=[theme])
    assert _notified(post) == {"bob@example.jp", "sec@example.jp", "dave@example.jp"}
    post = _post(
        world,
        django_capture_on_commit_callbacks,
        visibility=Post.Visibility.SIGNED_IN,
        title="大阪",
        target_prefectures=[osaka],
    )
    assert "charlie@example.jp" in _notified(post)
    notification = Notification.objects.get(recipient=world.bob, url__endswith=f"/board/{post.pk}/")
    assert notification.actor_organisation == world.alice_org
    assert notification.network == world.network


def test_a_members_only_post_does_not_notify_outsiders(world, django_capture_on_commit_callbacks):
    osaka = LocalGovernment.objects.get(name="大阪府")
    for user in (world.charlie, world.dave, world.bob):
        Follow.objects.create(user=user, network=world.network)
    Follow.objects.create(user=world.charlie, prefecture=osaka)
    Follow.objects.create(user=world.dave, prefecture=osaka)
    post = _post(world, django_capture_on_commit_callbacks, target_prefectures=[osaka])
    assert _notified(post) == {"bob@example.jp"}


def test_a_hidden_post_reaches_only_the_secretariat(world, make_post):
    Follow.objects.create(user=world.bob, network=world.network)
    Follow.objects.create(user=world.secretariat, network=world.network)
    post = make_post(hidden=True)
    post_fan_out(post_id=post.pk)
    assert _notified(post) == {"sec@example.jp"}


def test_immediate_followers_are_emailed_the_others_wait_for_the_digest(world, django_capture_on_commit_callbacks):
    Follow.objects.create(user=world.bob, network=world.network)
    Follow.objects.create(user=world.secretariat, network=world.network)
    Preference.objects.create(user=world.bob, kind=Kind.FOLLOWED_POST, delivery=Delivery.IMMEDIATE)
    post = _post(world, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["bob@example.jp"]]
    assert "観光イベントへの参加募集" in mail.outbox[0].subject
    assert f"/networks/alliance/board/{post.pk}/" in mail.outbox[0].body
    assert Notification.objects.get(recipient=world.secretariat).emailed_at is None


def test_the_fan_out_costs_the_same_queries_for_more_followers_but_one_mark_per_email(world, make_post):
    def run(count):
        for _ in range(count):
            user = UserFactory()
            Follow.objects.create(user=user, network=world.network)
            Preference.objects.create(user=user, kind=Kind.FOLLOWED_POST, delivery=Delivery.IMMEDIATE)
        post = make_post(visibility=Post.Visibility.SIGNED_IN)
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as queries:
            post_fan_out(post_id=post.pk)
        return len(queries), len(mail.outbox)

    small, sent = run(3)
    assert sent == 3
    large, sent = run(40)
    assert sent == 43
    # Each email is marked sent as soon as the server took it, so a killed worker loses no mark.
    assert large - 43 == small - 3


def test_an_unknown_post_is_ignored(world):
    assert post_fan_out(post_id=999999) == 0


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_large_fan_out_is_shared_among_the_task_workers(world, make_post, monkeypatch):
    monkeypatch.setattr(services, "EMAIL_TASK_SIZE", 10)
    followers = []
    for _ in range(25):
        user = UserFactory()
        Follow.objects.create(user=user, network=world.network)
        Preference.objects.create(user=user, kind=Kind.FOLLOWED_POST, delivery=Delivery.IMMEDIATE)
        followers.append(user.email)
    post = make_post(visibility=Post.Visibility.SIGNED_IN)
    assert post_fan_out(post_id=post.pk) == 25
    # Nothing sent yet: three tasks of at most ten emails wait for the workers.
    assert mail.outbox == []
    waiting = DBTaskResult.objects.filter(task_path="renkei.notifications.tasks.email_notifications")
    assert sorted(len(task.args_kwargs["kwargs"]["notification_ids"]) for task in waiting) == [5, 10, 10]

    # What each worker does with the task it takes (db_worker itself closes the test's connection).
    for task in waiting:
        email_notifications.call(*task.args_kwargs["args"], **task.args_kwargs["kwargs"])
    assert sorted(to for message in mail.outbox for to in message.to) == sorted(followers)
    assert not Notification.objects.filter(kind=Kind.FOLLOWED_POST, emailed_at=None).exists()

    # Its worker died after the fan-out was committed: run again, it tells nobody twice and
    # queues no email again; a task run again sends only what was not marked sent.
    assert post_fan_out(post_id=post.pk) == 0
    assert waiting.count() == 3
    for task in waiting:
        email_notifications.call(*task.args_kwargs["args"], **task.args_kwargs["kwargs"])
    assert len(mail.outbox) == 25
