"""The public home: coming public events, the latest public news, the networks and their figures, nothing else."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from renkei.networks.models import Membership, Network, NetworkFigure
from renkei.news.models import Article
from renkei.news.services import article_create
from renkei.testing import OrganisationFactory, build_world
from renkei.web.tests.homes import populate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with translation.override("ja"):
        world = build_world()
        world.work = populate(world)
        NetworkFigure.objects.create(
            network=world.network,
            label="参加自治体",
            label_ja="参加自治体",
            label_en="Participating municipalities",
            value=664,
            unit="団体",
            unit_ja="団体",
            unit_en="",
            as_of=datetime.date(2026, 1, 8),
        )
    return world


@pytest.mark.parametrize("who", ["visitor", "alice", "charlie"])
def test_it_shows_only_public_content_to_everyone(client, world, who):
    if who != "visitor":
        client.force_login(getattr(world, who))
    page = client.get("/").content.decode()
    work = world.work
    assert reverse("events:detail", args=[work.alice_event.pk]) in page
    assert reverse("events:detail", args=[work.members_event.pk]) not in page
    assert reverse("events:detail", args=[work.survey_event.pk]) not in page  # over
    assert "公開のお知らせ" in page and "会員向けのお知らせ" not in page
    assert reverse("networks:detail", args=[world.network.slug]) in page
    assert "664団体" in page and "2026年1月8日" in page
    assert 'action="/local-governments/"' in page


def test_it_reads_in_english(client, world):
    page = client.get("/en/").content.decode()
    assert "Nationwide lecture" in page and "Public notice" in page and "Test Mayors" in page
    assert "664" in page


def test_news_not_yet_published_stays_off(client, world):
    Article.objects.create(
        network=world.network,
        title="予約投稿",
        title_ja="予約投稿",
        body="本文",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert "予約投稿" not in client.get("/").content.decode()


def test_the_header_offers_the_personal_home_once_signed_in(client, world):
    assert reverse("web:my_home") not in client.get("/").content.decode()
    client.force_login(world.alice)
    assert reverse("web:my_home") in client.get("/").content.decode()


def test_a_visitors_kept_page_shows_a_new_event_and_article_at_once(client, world):
    from renkei.web.tests.homes import _event

    assert "新春交流会" not in client.get("/").content.decode()
    _event(world.network, "新春交流会", "New Year meeting", timezone.now() + datetime.timedelta(days=3))
    page = client.get("/").content.decode()
    assert "新春交流会" in page
    article_create(
        network=world.network,
        author=world.secretariat,
        title_ja="新しい記事",
        body_ja="本文",
        published_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert "新しい記事" in client.get("/").content.decode()


def _members_on_renkei(page: str) -> int:
    found = re.search(r"Members on Renkei <strong>(\d+)</strong>", page)
    assert found, "no member count on the home"
    return int(found.group(1))


def test_a_visitors_kept_home_shows_a_public_article_and_a_membership_change_at_once(client, world):
    page = client.get("/en/").content.decode()
    members = _members_on_renkei(page)
    assert "Summit announced" not in page
    with translation.override("ja"):
        article_create(
            network=world.network,
            author=world.secretariat,
            title_ja="サミット開催決定",
            title_en="Summit announced",
            body_ja="本文",
            visibility=Article.Visibility.PUBLIC,
        )
    page = client.get("/en/").content.decode()
    assert "Summit announced" in page and _members_on_renkei(page) == members
    joined = Membership.objects.create(
        network=world.network, organisation=OrganisationFactory(), tier=world.general, status=Membership.Status.ACTIVE
    )
    assert _members_on_renkei(client.get("/en/").content.decode()) == members + 1
    Membership.objects.filter(pk=joined.pk).update(status=Membership.Status.WITHDRAWN)
    assert _members_on_renkei(client.get("/en/").content.decode()) == members


def test_a_scheduled_article_shows_on_the_kept_home_when_its_time_comes(client, world, monkeypatch):
    start = timezone.now().replace(minute=1, second=0, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: start)
    with translation.override("ja"):
        article_create(
            network=world.network,
            author=world.secretariat,
            title_ja="予約の記事",
            body_ja="本文",
            visibility=Article.Visibility.PUBLIC,
            published_at=start + datetime.timedelta(minutes=2),
        )
    assert "予約の記事" not in client.get("/").content.decode()
    # Three minutes on: the same ten minutes the page is drawn in, so only the article's time tells.
    monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(minutes=3))
    assert "予約の記事" in client.get("/").content.decode()


def test_a_visitors_home_reads_the_same_few_generations_and_no_row_however_many_networks(client, world, monkeypatch):
    from renkei.lib import generations

    read = generations.read
    scopes: list[str] = []

    def counting(*names):
        scopes.extend(names)
        return read(*names)

    monkeypatch.setattr(generations, "read", counting)

    def served() -> tuple[int, int]:
        client.get("/")  # drawn and kept
        scopes.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(scopes), len(queries)

    one = served()
    for i in range(5):
        network = Network.objects.create(
            slug=f"more-{i}",
            kind=Network.Kind.PROJECT,
            name=f"連携{i}",
            name_ja=f"連携{i}",
            secretariat=world.secretariat_org,
        )
        article_create(network=network, author=world.secretariat, title_ja=f"記事{i}", body_ja="本文")
    assert served() == one
    assert one[0] <= 4 and one[1] == 0
