"""The Atom feed and search: public articles only for those who may not read the rest."""

import feedparser
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from renkei.news.models import Article
from renkei.news.services import article_reindex_by_id
from renkei.news.tests.conftest import days
from renkei.search.selectors import entries_visible_to, search
from renkei.search.services import search_rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(world, make_article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return {
            "public": make_article(
                title_ja="観光連携の活動報告", summary_ja="公開 & 報告 <b>", kind=Article.Kind.REPORT
            ),
            "members": make_article(title_ja="観光連携の会員向けお知らせ", visibility=Article.Visibility.MEMBERS),
            "scheduled": make_article(title_ja="観光連携の予定記事", published_at=days(5)),
        }


def test_the_feed_is_valid_atom_with_public_published_articles_only(client, articles):
    client.force_login(articles["public"].created_by)  # even read by the secretariat
    response = client.get(reverse("news:feed", kwargs={"slug": "alliance"}))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == ["観光連携の活動報告"]
    assert feed.entries[0].summary == "公開 &amp; 報告 &lt;b&gt;" or "公開 & 報告 <b>" in feed.entries[0].summary
    assert feed.entries[0].link.endswith(f"/networks/alliance/news/{articles['public'].pk}/")
    with translation.override("ja"):
        assert feed.entries[0].tags[0].term == str(Article.Kind.REPORT.label)


def test_the_english_feed_is_valid_too(client, articles):
    response = client.get("/en" + reverse("news:feed", kwargs={"slug": "alliance"}))
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.feed.title.endswith("news")


@pytest.mark.parametrize(
    "who,found",
    [
        ("anonymous", {"public"}),
        ("charlie", {"public"}),
        ("dave", {"public"}),
        ("alice", {"public", "members"}),
        ("secretariat", {"public", "members"}),
    ],
)
def test_search_finds_what_each_persona_may_read(world, articles, who, found):
    user = AnonymousUser() if who == "anonymous" else getattr(world, who)
    hits = search("観光連携", entries=entries_visible_to(user, kind="news.article"))
    titles = {hit.entry.title for hit in hits}
    assert titles == {articles[name].title_ja for name in found}
    assert all(hit.url.startswith("/networks/alliance/news/") for hit in hits)


def test_a_scheduled_article_enters_search_when_its_date_comes(world, articles):
    scheduled = articles["scheduled"]
    assert not article_reindex_by_id(article_id=scheduled.pk)  # too early: still out
    Article.objects.filter(pk=scheduled.pk).update(published_at=days(-1))
    assert article_reindex_by_id(article_id=scheduled.pk)
    assert "観光連携の予定記事" in {
        hit.entry.title for hit in search("予定記事", entries=entries_visible_to(AnonymousUser()))
    }


def test_a_rebuild_leaves_scheduled_articles_out(world, articles):
    search_rebuild()
    titles = {hit.entry.title for hit in search("観光連携", entries=entries_visible_to(world.secretariat))}
    assert "観光連携の予定記事" not in titles and "観光連携の活動報告" in titles


def test_deleting_an_article_takes_it_out_of_search(world, articles):
    from renkei.news.services import article_delete

    article_delete(article=articles["public"])
    assert not search("活動報告", entries=entries_visible_to(AnonymousUser()))


def test_scheduling_queues_the_indexing_for_the_published_date(
    world, make_article, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    when = days(3)
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title_ja="予約", published_at=when)
    task = DBTaskResult.objects.get(task_path="renkei.news.tasks.article_reindex_task")
    assert task.run_after == when and task.args_kwargs["kwargs"] == {"article_id": article.pk}
