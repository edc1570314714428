"""The public home: coming public events, the latest public news, the networks and their figures, nothing else."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from renkei.networks.models import NetworkFigure
from renkei.news.models import Article
from renkei.news.services import article_create
from renkei.testing import build_world
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
