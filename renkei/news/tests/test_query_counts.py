"""The news pages read a constant number of queries however many articles, photos and issues there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renkei.news.models import Article
from renkei.news.services import issue_create, photo_add, photo_delete
from renkei.news.tests.conftest import days, png
from renkei.testing import login_with_second_factor

pytestmark = pytest.mark.django_db


def _queries(client, url) -> tuple[int, str]:
    client.get(url)  # warms the caches (network, standing)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _grow(make_article, n: int, start: int = 0) -> list[Article]:
    return [
        make_article(
            title_ja=f"活動報告{number:03d}",
            visibility=Article.Visibility.MEMBERS if number % 3 == 0 else Article.Visibility.PUBLIC,
            published_at=days(-number - 1),
            lead_image=png() if number % 4 == 0 else None,
            lead_alt_ja="写真" if number % 4 == 0 else "",
        )
        for number in range(start, start + n)
    ]


def _sign_in(client, world, who):
    if who == "secretariat":
        login_with_second_factor(client, world.secretariat)
    elif who != "anonymous":
        client.force_login(getattr(world, who))


@pytest.mark.parametrize("who", ["anonymous", "alice", "charlie", "secretariat"])
def test_the_list_runs_the_same_queries_with_3_or_30_articles(client, world, make_article, who):
    _grow(make_article, 3)
    _sign_in(client, world, who)
    url = reverse("news:list", kwargs={"slug": "alliance"})
    small, _ = _queries(client, url)
    _grow(make_article, 27, start=3)
    large, page = _queries(client, url)
    assert large == small
    assert "活動報告004" in page and ("活動報告003" in page) == (who in ("alice", "secretariat"))


@pytest.mark.parametrize("who", ["anonymous", "alice"])
def test_the_article_page_runs_the_same_queries_with_1_or_8_photos(client, world, make_article, who):
    small_article, large_article = make_article(title_ja="小"), make_article(title_ja="大")
    photo_add(article=small_article, image=png(), alt_ja="写真0")
    for n in range(8):
        photo_add(article=large_article, image=png(), alt_ja=f"写真{n}")
    _sign_in(client, world, who)
    small, _ = _queries(client, reverse("news:detail", kwargs={"slug": "alliance", "pk": small_article.pk}))
    large, page = _queries(client, reverse("news:detail", kwargs={"slug": "alliance", "pk": large_article.pk}))
    assert large == small and 'alt="写真7"' in page


def test_the_issue_page_runs_the_same_queries_with_1_or_12_articles(client, world, make_article, send):
    small_issue = issue_create(network=world.network, author=None, title_ja="1号", articles=_grow(make_article, 1))
    large_issue = issue_create(network=world.network, author=None, title_ja="2号", articles=_grow(make_article, 12, 1))
    for issue in (small_issue, large_issue):
        send(issue)
    small, _ = _queries(client, reverse("news:issue_detail", kwargs={"slug": "alliance", "pk": small_issue.pk}))
    large, page = _queries(client, reverse("news:issue_detail", kwargs={"slug": "alliance", "pk": large_issue.pk}))
    assert large == small and "活動報告011" in page and "活動報告012" not in page  # 12 is for members


def test_visitors_get_a_kept_article_page_that_a_new_photo_replaces_at_once(client, world, make_article):
    article = make_article(title_ja="写真の記事")
    url = reverse("news:detail", kwargs={"slug": "alliance", "pk": article.pk})
    client.get(url)
    kept, page = _queries(client, url)
    assert kept == 0 and "写真の記事" in page
    photo = photo_add(article=article, image=png(), alt_ja="会場の様子")
    assert 'alt="会場の様子"' in client.get(url).content.decode()
    photo_delete(photo=photo)
    assert 'alt="会場の様子"' not in client.get(url).content.decode()
