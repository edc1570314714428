"""The news as everyone reads it: the list, an article, its photos, the newsletter issues."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from renkei.lib.caching import cache_for_visitors, fragment, kept_page
from renkei.lib.markdown import render_markdown
from renkei.networks.models import Network, network_scope
from renkei.news import selectors
from renkei.news.access import get_readable_article, get_readable_issue
from renkei.news.emails import issue_context
from renkei.news.feeds import news_feed
from renkei.news.forms import ArticleFilterForm
from renkei.news.models import Article, Photo
from renkei.news.versions import VERSION_SECONDS, news_scope

PAGE_SIZE = 20


def network_or_404(slug: str) -> Network:
    network = Network.objects.get_cached(slug)
    if network is None:
        raise Http404
    return network


def _audience(network: Network, user) -> str:
    """Which version of the list ``user`` reads: the same rule as ``Article.objects.visible_to``, by class of reader."""
    if user.is_superuser:
        return "all"
    member, secretariat = network.standing_of(user)
    return "secretariat" if secretariat else "members" if member else "public"


def _visitor_scopes(request, slug: str, pk: int | None = None) -> tuple[str, ...] | None:
    """What a visitor's news page shows: the network's articles (and their photos) and the network."""
    network = Network.objects.get_cached(slug)
    if network is None:
        return None
    return news_scope(network), network_scope(network.pk)


@cache_for_visitors(_visitor_scopes)
def article_list(request, slug: str):
    network = network_or_404(slug)
    audience = _audience(network, request.user)

    def context() -> dict:
        form = ArticleFilterForm(request.GET or None)
        kind = form.cleaned_data["kind"] if form.is_valid() else ""
        number = request.GET.get("page", "1")
        number = number if number.isdigit() and len(number) < 6 else "1"
        body = _list_body(request, network, form, kind, number, audience)
        return {"network": network, "body": mark_safe(body), "is_secretariat": audience == "secretariat"}  # noqa: S308

    # Kept whole per process under the news' generation (see versions.py) and the reader's audience:
    # reading and rendering twenty articles cost far more than the query for what changed.
    return kept_page(request, "news/list.html", context, scopes=(news_scope(network), network_scope(network.pk)))


def _list_body(request, network: Network, form, kind: str, number: str, audience: str) -> str:
    articles = selectors.news_articles(network=network, user=request.user, kind=kind)
    # Count up to a cap, then page with one sliced query (see selectors.COUNT_CAP).
    count = articles[: selectors.COUNT_CAP].count()
    page = Paginator(range(count), PAGE_SIZE).get_page(number)
    offset = page.start_index() - 1 if count else 0
    return render_to_string(
        "news/_list_body.html",
        {
            "network": network,
            "form": form,
            "page": page,
            "articles": list(articles[offset : offset + PAGE_SIZE]),
            "count": count,
            "capped": count >= selectors.COUNT_CAP,
            "query": urlencode({"kind": kind}) if kind else "",
            "detail_prefix": reverse("news:list", kwargs={"slug": network.slug}),
        },
        request=request,
    )


@cache_for_visitors(_visitor_scopes)
def article_detail(request, slug: str, pk: int):
    article = get_readable_article(request, slug, pk)
    return render(
        request,
        "news/detail.html",
        {
            "network": article.network,
            "article": article,
            "body": _rendered_body(article),
            "photos": selectors.article_photos(article),
            "is_secretariat": article.network.standing_of(request.user)[1],
        },
    )


def _rendered_body(article: Article) -> str:
    """The article's Markdown as HTML, kept per process until the article changes."""
    key = f"news-body:{article.pk}:{article.updated_at.timestamp()}:{get_language()}"
    return fragment(key, lambda: render_markdown(article.body), timeout=VERSION_SECONDS)


def feed(request, slug: str):
    """The Atom feed, kept per process under the news' generation like the list."""
    network = network_or_404(slug)

    def draw() -> tuple[bytes, str]:
        response = news_feed(request, slug=slug)
        return response.content, response["Content-Type"]

    content, content_type = fragment(
        f"news-feed:{network.pk}:{get_language()}", draw, scopes=(news_scope(network),), timeout=VERSION_SECONDS
    )
    return HttpResponse(content, content_type=content_type)


def _image_response(field, name: str) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    # A members' article's photos stay out of shared caches, as the article does.
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def lead_image(request, slug: str, pk: int):
    article = get_readable_article(request, slug, pk)
    return _image_response(article.lead_image, article.lead_image.name.rsplit("/", 1)[-1])


def lead_thumbnail(request, slug: str, pk: int):
    article = get_readable_article(request, slug, pk)
    return _image_response(article.lead_thumbnail, article.lead_thumbnail.name.rsplit("/", 1)[-1])


def _readable_photo(request, slug: str, photo_id: int) -> Photo:
    # The article's own rule: whoever may not read it does not learn its photos exist.
    articles = Article.objects.visible_to(request.user).filter(network__slug=slug)
    return get_object_or_404(Photo, pk=photo_id, article__in=articles)


def photo(request, slug: str, photo_id: int):
    item = _readable_photo(request, slug, photo_id)
    return _image_response(item.image, item.image.name.rsplit("/", 1)[-1])


def photo_thumbnail(request, slug: str, photo_id: int):
    item = _readable_photo(request, slug, photo_id)
    return _image_response(item.thumbnail or item.image, (item.thumbnail or item.image).name.rsplit("/", 1)[-1])


def issue_list(request, slug: str):
    network = network_or_404(slug)
    page = Paginator(selectors.sent_issues(network=network), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "news/issue_list.html", {"network": network, "page": page, "issues": page.object_list})


def issue_detail(request, slug: str, pk: int):
    issue = get_readable_issue(request, slug, pk)
    articles = selectors.issue_page_articles(issue, request.user)
    context = issue_context(issue, articles, email=False, language=request.LANGUAGE_CODE)
    return render(request, "news/issue_detail.html", context)
