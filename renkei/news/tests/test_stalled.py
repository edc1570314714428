"""An issue whose worker died: the secretariat sees it stalled and resumes it; nobody gets it twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from renkei.news import sending
from renkei.news.models import Delivery, Issue, Subscriber
from renkei.news.services import issue_create
from renkei.testing import login_with_second_factor

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(minutes=10)  # twice the default lease (RENKEI_CLAIM_LEASE, 300 s)


@pytest.fixture
def stalled(world, make_article):
    """An issue to five subscribers: one received it, one was claimed by a worker that died, three wait."""
    issue = issue_create(network=world.network, author=world.secretariat, title_ja="12月号", articles=[make_article()])
    for n in range(5):
        Subscriber.objects.create(network=world.network, email=f"r{n}@example.jp", status=Subscriber.Status.CONFIRMED)
    then = timezone.now() - LONG_AGO
    Issue.objects.filter(pk=issue.pk).update(
        status=Issue.Status.SENDING, to_subscribers=True, sent_at=then, prepared_at=then
    )
    Delivery.objects.bulk_create(Delivery(issue=issue, email=f"r{n}@example.jp") for n in range(5))
    Delivery.objects.filter(email="r0@example.jp").update(status=Delivery.Status.SENT, sent_at=then)
    Delivery.objects.filter(email="r1@example.jp").update(status=Delivery.Status.CLAIMED, claim="dead", claimed_at=then)
    issue.refresh_from_db()
    return issue


def _edit(issue):
    return reverse("news:issue_edit", kwargs={"slug": issue.network.slug, "pk": issue.pk})


def _resume(issue):
    return reverse("news:issue_resume", kwargs={"slug": issue.network.slug, "pk": issue.pk})


def test_the_secretariat_sees_the_issue_stalled_and_resumes_it(client, world, stalled):
    login_with_second_factor(client, world.secretariat)
    page = client.get(_edit(stalled)).content.decode()
    assert "配信中断" in page and 'id="issue-stalled"' in page and _resume(stalled) in page

    response = client.post(_resume(stalled))
    assert response.status_code == 302
    assert sorted(to for message in mail.outbox for to in message.to) == [f"r{n}@example.jp" for n in range(1, 5)]
    stalled.refresh_from_db()
    assert stalled.status == Issue.Status.SENT
    page = client.get(_edit(stalled)).content.decode()
    assert "配信を再開しました" in page and 'id="issue-stalled"' not in page

    # Resumed again, it is no longer stalled: nothing more goes.
    client.post(_resume(stalled))
    assert len(mail.outbox) == 4


def test_an_issue_a_live_worker_is_sending_is_not_stalled(client, world, stalled):
    Delivery.objects.filter(email="r1@example.jp").update(claimed_at=timezone.now())
    login_with_second_factor(client, world.secretariat)
    page = client.get(_edit(stalled)).content.decode()
    assert 'id="issue-stalled"' not in page and "配信中" in page
    client.post(_resume(stalled))
    assert mail.outbox == []
    assert "この号の配信は中断していません" in client.get(_edit(stalled)).content.decode()


def test_an_issue_just_sent_is_not_stalled_yet(stalled):
    Issue.objects.filter(pk=stalled.pk).update(sent_at=timezone.now())
    stalled.refresh_from_db()
    assert not sending.issue_stalled(stalled)
    assert sending.issue_stalled(stalled, now=timezone.now() + LONG_AGO)


def test_only_the_secretariat_with_a_second_factor_may_resume(client, world, stalled):
    assert client.post(_resume(stalled)).status_code == 403  # anonymous
    login_with_second_factor(client, world.alice)
    assert client.post(_resume(stalled)).status_code == 403
    client.force_login(world.secretariat)  # a password alone
    response = client.post(_resume(stalled))
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    login_with_second_factor(client, world.secretariat)
    assert client.get(_resume(stalled)).status_code == 405
    assert mail.outbox == []
