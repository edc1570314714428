"""News articles in the API: /api/v1/news, the articles the requester may read, newest first."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from renkei.accounts.api_auth import request_user
from renkei.lib.markdown import render_markdown
from renkei.lib.urls import absolute_url
from renkei.networks.models import Network
from renkei.news.models import Article

router = Router(tags=["news"])

MAX_LIMIT = 100


class ArticleFilters(Schema):
    network: str = Field("", max_length=50, description="A network's slug; empty for every network")
    kind: Article.Kind | None = Field(None, description="notice, report or media")
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"Articles per page, 1–{MAX_LIMIT}")
    offset: int = Field(0, ge=0)


class ArticleOut(Schema):
    id: int
    network: str
    kind: Article.Kind
    title: str
    summary: str
    visibility: Article.Visibility
    published_at: datetime.datetime
    event: int | None
    url: str


class ArticleDetail(ArticleOut):
    body_html: str = Field(description="The article's Markdown as sanitised HTML")


class ArticlePage(Schema):
    count: int
    items: list[ArticleOut]


def _out(article: Article, detail: bool = False) -> dict:
    data = {
        "id": article.pk,
        "network": article.network.slug,
        "kind": article.kind,
        "title": article.title,
        "summary": article.summary,
        "visibility": article.visibility,
        "published_at": article.published_at,
        "event": article.event_id,
        "url": absolute_url(reverse("news:detail", kwargs={"slug": article.network.slug, "pk": article.pk})),
    }
    if detail:
        data["body_html"] = str(render_markdown(article.body))
    return data


@router.get("", response=ArticlePage, summary="List news articles")
def list_articles(request, filters: Query[ArticleFilters]):
    """Only articles the requester (session or `Authorization: Bearer`) may read: public articles for
    everyone, members' articles for that network's members and secretariat; scheduled articles only
    for the secretariat. Newest first; `count` stops at 1,000."""
    articles = Article.objects.visible_to(request_user(request))
    if filters.network:
        network = Network.objects.filter(slug=filters.network).first()
        if network is None:
            raise HttpError(404, _("No network has this slug."))
        articles = articles.filter(network=network)
    if filters.kind:
        articles = articles.filter(kind=filters.kind)
    articles = articles.select_related("network").order_by("-published_at", "-id")
    page = articles[filters.offset : filters.offset + filters.limit]
    return {"count": articles[:1000].count(), "items": [_out(article) for article in page]}


@router.get("/{int:article_id}", response=ArticleDetail, summary="One news article")
def get_article(request, article_id: int):
    article = Article.objects.visible_to(request_user(request)).select_related("network").filter(pk=article_id).first()
    if article is None:
        raise HttpError(404, _("No article has this id."))
    return _out(article, detail=True)
