"""The bell and the notifications page: each person sees only their own, in their language."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from renkei.notifications.models import Kind, Notification
from renkei.notifications.services import notify

pytestmark = pytest.mark.django_db

INBOX = "/en/notifications/"


def _notify(world, user, title="観光パンフレットの配布", kind=Kind.REPLY, count=1):
    for _ in range(count):
        notify(
            recipients=[user],
            kind=kind,
            title=title,
            url="/networks/alliance/board/1/",
            actor_organisation=world.bob_org,
            network=world.network,
        )


def test_it_writes_the_sentence_in_the_readers_language(client, world):
    _notify(world, world.alice)
    client.force_login(world.alice)
    english = client.get(INBOX).content.decode()
    assert "Nanto City replied to your post “観光パンフレットの配布”." in english
    assert "Test Mayors&#x27; Alliance" in english
    japanese = client.get("/notifications/").content.decode()
    assert "南砺市" in japanese
    assert "テスト首長連合" in japanese


def test_the_bell_counts_unread_notifications(client, world):
    _notify(world, world.alice, count=3)
    client.force_login(world.alice)
    assert 'class="badge bell-count">3<' in client.get("/notifications/count/").content.decode()
    client.force_login(world.bob)
    assert "bell-count" not in client.get("/notifications/count/").content.decode()
    client.logout()
    assert "bell-count" not in client.get("/notifications/count/").content.decode()


def test_the_header_links_to_the_bell_for_signed_in_people_only(client, world):
    assert 'hx-get="/notifications/count/"' not in client.get("/").content.decode()
    client.force_login(world.alice)
    assert 'hx-get="/notifications/count/"' in client.get("/").content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_its_page_in_my_language(client, world):
    _notify(world, world.alice)
    notification = Notification.objects.get(recipient=world.alice)
    client.force_login(world.alice)
    response = client.get(f"/en/notifications/{notification.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == "/en/networks/alliance/board/1/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_it_marks_one_and_then_all_read(client, world):
    _notify(world, world.alice, count=3)
    first = Notification.objects.filter(recipient=world.alice).first()
    client.force_login(world.alice)
    assert client.post(f"{INBOX}{first.pk}/read/").status_code == 302
    assert Notification.objects.filter(recipient=world.alice, read_at=None).count() == 2
    response = client.post(f"{INBOX}read-all/", follow=True)
    assert "All notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=world.alice, read_at=None).exists()


def test_notifications_are_only_for_their_recipient(client, world):
    _notify(world, world.alice)
    notification = Notification.objects.get(recipient=world.alice)
    for user in (world.bob, world.charlie, world.dave, world.secretariat):
        client.force_login(user)
        assert "観光パンフレットの配布" not in client.get(INBOX).content.decode()
        assert client.get(f"{INBOX}{notification.pk}/open/").status_code == 404
        assert client.post(f"{INBOX}{notification.pk}/read/").status_code == 404
        client.post(f"{INBOX}read-all/")
    notification.refresh_from_db()
    assert notification.read_at is None
    client.logout()
    assert client.get(INBOX)["Location"].startswith("/en/accounts/login/")
    assert client.get(f"{INBOX}{notification.pk}/open/").status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_notification_never_sends_the_reader_to_another_site(client, world):
    notification = Notification.objects.create(
        recipient=world.alice, kind=Kind.MESSAGE, title="x", url="https://evil.example/", created_at=timezone.now()
    )
    client.force_login(world.alice)
    assert client.get(f"{INBOX}{notification.pk}/open/")["Location"] == INBOX


def test_the_page_costs_the_same_queries_with_more_notifications(client, world, django_assert_num_queries):
    client.force_login(world.alice)
    _notify(world, world.alice, count=2)
    client.get(INBOX)  # sessions and caches warm
    with CaptureQueriesContext(connection) as small:
        client.get(INBOX)
    _notify(world, world.alice, count=40, kind=Kind.INTEREST)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(INBOX)
    assert response.content.decode().count("is interested in your post") == 30
