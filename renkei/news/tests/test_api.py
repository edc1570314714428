"""/api/v1/news: the same visibility as the pages."""

import pytest

from renkei.news.models import Article
from renkei.news.tests.conftest import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(make_article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return [
            make_article(title_ja="公開記事", kind=Article.Kind.REPORT),
            make_article(title_ja="会員記事", visibility=Article.Visibility.MEMBERS),
            make_article(title_ja="予定記事", published_at=days(2)),
        ]


@pytest.mark.parametrize(
    "who,titles",
    [("anonymous", ["公開記事"]), ("charlie", ["公開記事"]), ("alice", ["会員記事", "公開記事"])],
)
def test_the_api_lists_what_each_persona_may_read(client, world, articles, who, titles):
    if who != "anonymous":
        client.force_login(getattr(world, who))
    data = client.get("/api/v1/news", {"network": "alliance"}).json()
    assert [item["title"] for item in data["items"]] == titles and data["count"] == len(titles)
    members = articles[1]
    assert client.get(f"/api/v1/news/{members.pk}").status_code == (200 if who == "alice" else 404)


def test_bad_filters_are_refused(client, world, articles):
    assert client.get("/api/v1/news", {"network": "nowhere"}).status_code == 404
    assert client.get("/api/v1/news", {"kind": "gossip"}).status_code == 422
    assert client.get("/api/v1/news", {"limit": 1000}).status_code == 422
    body = client.get(f"/api/v1/news/{articles[0].pk}").json()
    assert body["body_html"] == "<p>本文です。</p>" and body["kind"] == "report"
