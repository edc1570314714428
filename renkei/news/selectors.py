"""Reading the news."""

from django.contrib.auth.models import AnonymousUser

from renkei.lib.slices import ids_of_slices
from renkei.news.models import Article, Issue, Photo

# The list counts its articles up to here, then says "1,000 or more" (as the board does): past
# 50 pages a reader filters rather than pages, and a count of 100,000 rows would read them all.
COUNT_CAP = 1000
LIST_FIELDS = (
    "id",
    "network_id",
    "kind",
    "title",
    "title_ja",
    "title_en",
    "summary",
    "summary_ja",
    "summary_en",
    "visibility",
    "published_at",
    "lead_thumbnail",
    "lead_alt",
    "lead_alt_ja",
    "lead_alt_en",
)


def news_articles(*, network, user, kind: str = ""):
    """The articles of ``network`` ``user`` may read, newest first, with what a list shows of each."""
    articles = Article.objects.visible_to(user).filter(network=network)
    if kind:
        articles = articles.filter(kind=kind)
    return articles.only(*LIST_FIELDS).order_by("-published_at", "-id")


def public_articles(network):
    """What anyone may read of ``network``'s news: the feed's articles."""
    return news_articles(network=network, user=AnonymousUser())


def article_photos(article: Article) -> list[Photo]:
    return list(article.photos.order_by("order", "id"))


def issue_page_articles(issue: Issue, user) -> list[Article]:
    """The issue's articles in its order, those ``user`` may not read left out."""
    visible = Article.objects.visible_to(user).filter(issue_items__issue=issue)
    return list(visible.select_related("network").order_by("issue_items__order", "issue_items__id"))


def sent_issues(*, network):
    return Issue.objects.filter(network=network, status__in=[Issue.Status.SENDING, Issue.Status.SENT]).order_by(
        "-sent_at", "-id"
    )


def event_reports(event, user) -> list[Article]:
    """The report articles of ``event`` that ``user`` may read, newest first."""
    return list(
        Article.objects.visible_to(user).filter(event=event).select_related("network").order_by("-published_at", "-id")
    )


def latest_public_articles(network_ids, *, limit: int) -> list[Article]:
    """The newest public articles across these networks, in two queries: each network's newest read
    from its own index, where one ordering of all articles would read every one of them."""
    ids = ids_of_slices(
        [
            Article.objects.public().filter(network_id=pk).order_by("-published_at", "-id").values("pk")[:limit]
            for pk in sorted(network_ids)
        ]
    )
    articles = Article.objects.filter(pk__in=ids).select_related("network") if ids else []
    return sorted(articles, key=lambda article: (article.published_at, article.pk), reverse=True)[:limit]
