"""Both homes read the same number of queries however much there is to show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from renkei.board.models import Category, Post
from renkei.events.models import Survey
from renkei.matching.models import Introduction, ProgrammeTarget
from renkei.networks.models import Membership, Network, Tier
from renkei.news.models import Article
from renkei.notifications.models import Kind, Notification
from renkei.testing import ContactFactory, OrganisationFactory, build_world, login_with_second_factor
from renkei.web.tests.homes import _event, _ticket, populate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with translation.override("ja"):
        world = build_world()
        world.work = populate(world)
    return world


def _queries(client, url) -> int:
    client.get(url)  # warms the caches (the person, their audience)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(world, n: int) -> None:
    """More of everything around Alice and the secretariat: networks, posts, tickets, programmes, notifications."""
    now = timezone.now()
    for i in range(n):
        network = Network.objects.create(
            slug=f"grown-{i}",
            kind=Network.Kind.PROJECT,
            name=f"連携{i}",
            name_ja=f"連携{i}",
            secretariat=world.secretariat_org,
        )
        tier = Tier.objects.create(network=network, name="会員", name_ja="会員", annual_fee=0)
        Membership.objects.create(
            network=network, organisation=world.alice_org, tier=tier, status=Membership.Status.ACTIVE
        )
        category = Category.objects.create(network=network, name="提案", name_ja="提案")
        for j in range(3):
            Post.objects.create(
                network=network,
                category=category,
                author=world.bob,
                author_organisation=world.bob_org,
                title=f"新着{i}-{j}",
                body="本文",
            )
        event = _event(world.network, f"講演会{i}", f"Lecture {i}", now + datetime.timedelta(days=i + 1))
        _ticket(event, world.alice, world.alice_org)
        past = _event(
            world.network, f"オンライン{i}", f"Online {i}", now - datetime.timedelta(days=i + 1), format="online"
        )
        Survey.objects.create(event=past, title=f"アンケート{i}", title_ja=f"アンケート{i}")
        _ticket(past, world.alice, world.alice_org)
        ProgrammeTarget.objects.create(programme=world.work.programme, organisation=OrganisationFactory())
        company = OrganisationFactory(name=f"企業{i}")
        Introduction.objects.create(requester=company, recipient=world.alice_org, message="ご紹介を")
        ContactFactory(organisation=world.alice_org)
        Notification.objects.create(recipient=world.alice, kind=Kind.REPLY, title=f"通知{i}", url="/")
        Notification.objects.create(recipient=world.secretariat, kind=Kind.REPLY, title=f"通知{i}", url="/")
        Article.objects.create(network=network, title=f"記事{i}", title_ja=f"記事{i}", body="本文", published_at=now)
        _event(network, f"公開{i}", f"Public {i}", now + datetime.timedelta(days=i + 2))
    from renkei.lib.audience import access_changed

    access_changed()


@pytest.mark.parametrize("who", ["alice", "charlie", "secretariat"])
def test_the_personal_home_reads_the_same_queries_with_more_of_everything(client, world, who):
    if who == "secretariat":
        login_with_second_factor(client, world.secretariat)
    else:
        client.force_login(getattr(world, who))
    small = _queries(client, "/home/")
    _grow(world, 8)
    large = _queries(client, "/home/")
    assert large == small
    if who == "alice":
        assert "新着7-2" in client.get("/home/").content.decode()


@pytest.mark.parametrize("who", ["visitor", "alice"])
def test_the_public_home_reads_the_same_queries_with_more_of_everything(client, world, who):
    if who == "alice":
        client.force_login(world.alice)
    small = _queries(client, "/")
    _grow(world, 8)
    large = _queries(client, "/")
    assert large == small
