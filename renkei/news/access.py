"""Who may read and write a network's news: shared by every news view."""

from django.shortcuts import get_object_or_404

from renkei.networks.access import get_network_for_secretariat
from renkei.news.models import Article, Issue, Photo


def get_readable_article(request, slug: str, pk: int) -> Article:
    """An article of this network the user may read; 404 otherwise, so scheduled and members' articles stay unknown."""
    articles = Article.objects.visible_to(request.user).select_related("network", "event")
    return get_object_or_404(articles, pk=pk, network__slug=slug)


def get_editable_article(request, slug: str, pk: int) -> Article:
    """An article of a network whose secretariat the user is (signed in with two factors)."""
    network = get_network_for_secretariat(request, slug)
    article = get_object_or_404(Article.objects.select_related("event"), pk=pk, network=network)
    article.network = network
    return article


def get_editable_photo(request, slug: str, pk: int, photo_id: int) -> Photo:
    article = get_editable_article(request, slug, pk)
    return get_object_or_404(Photo, pk=photo_id, article=article)


def get_readable_issue(request, slug: str, pk: int) -> Issue:
    """A sent issue of this network (a draft only for its secretariat)."""
    issues = Issue.objects.visible_to(request.user).select_related("network")
    return get_object_or_404(issues, pk=pk, network__slug=slug)


def get_editable_issue(request, slug: str, pk: int) -> Issue:
    network = get_network_for_secretariat(request, slug)
    issue = get_object_or_404(Issue, pk=pk, network=network)
    issue.network = network
    return issue
