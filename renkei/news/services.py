"""Writing the news: articles with their photos, and newsletter issues, each write keeping search current."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renkei.news import images
from renkei.news.models import Article, Issue, IssueItem, Photo
from renkei.news.versions import news_changed
from renkei.search import registry
from renkei.search.registry import Document
from renkei.search.services import search_remove, search_sync

ARTICLE_FIELDS = (
    "kind",
    "title_ja",
    "title_en",
    "summary_ja",
    "summary_en",
    "body_ja",
    "body_en",
    "visibility",
    "published_at",
    "event",
    "lead_alt_ja",
    "lead_alt_en",
    "lead_caption_ja",
    "lead_caption_en",
)
ISSUE_FIELDS = ("title_ja", "title_en", "introduction_ja", "introduction_en")
MAX_PHOTOS = 20


def _document(article: Article) -> Document:
    return Document(
        obj=article,
        title=article.title_ja or article.title,
        title_en=article.title_en or "",
        happens_on=timezone.localdate(article.published_at) if article.published_at else None,
        body="\n".join(filter(None, [article.summary_ja, article.body_ja, article.summary_en, article.body_en])),
        network=article.network,
        visibility=article.visibility,  # Article.Visibility values are SearchEntry.Visibility values
        updated_at=article.updated_at,
    )


def article_reindex(article: Article) -> None:
    """Bring the article's search entry up to date: in search once published, out of it while scheduled.

    A scheduled article is indexed by a task that runs at its published date. The network's
    cached news lists are renewed too.
    """
    news_changed(article.network_id)
    search_sync(_document(article))
    if article.is_scheduled():
        from renkei.news.tasks import article_reindex_task

        published_at, pk = article.published_at, article.pk
        # A backend that runs tasks at once (tests) cannot wait: there, search_rebuild or the next
        # edit after the date brings the article in.
        if article_reindex_task.get_backend().supports_defer:
            transaction.on_commit(lambda: article_reindex_task.using(run_after=published_at).enqueue(article_id=pk))


def article_reindex_by_id(*, article_id: int) -> bool:
    """Index the article if it is published by now (the scheduled task); True when it was indexed."""
    article = Article.objects.select_related("network").filter(pk=article_id).first()
    if article is None or article.is_scheduled():
        return False
    article_reindex(article)
    return True


def _check(article: Article, *, lead_image_added: bool) -> None:
    errors: dict[str, str] = {}
    if not (article.title_ja or "").strip():
        errors["title_ja"] = _("Write a title in Japanese.")
    if not (article.body_ja or "").strip():
        errors["body_ja"] = _("Write the article in Japanese.")
    if article.event is not None and article.event.network_id != article.network_id:
        errors["event"] = _("Choose an event of this network.")
    if (article.lead_image or lead_image_added) and not (article.lead_alt_ja or "").strip():
        errors["lead_alt_ja"] = _("Describe the lead photo for people who cannot see it.")
    if errors:
        raise ValidationError(errors)


def _apply(article: Article, fields: dict) -> None:
    for name in ARTICLE_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(article, name, value.strip() if isinstance(value, str) else value)
    if article.published_at is None:
        article.published_at = timezone.now()
    _keep_japanese_in_base_columns(article, ("title", "summary", "body", "lead_alt", "lead_caption"))


def _keep_japanese_in_base_columns(obj, names) -> None:
    # The untranslated columns hold the Japanese text. Set past modeltranslation's descriptor, which
    # would write the active language's column instead (the English one, on an English page).
    for name in names:
        obj.__dict__[name] = getattr(obj, f"{name}_ja")


@transaction.atomic
def article_create(*, network, author, lead_image=None, **fields) -> Article:
    """Write an article on ``network``'s news, published at ``published_at`` (now when not given).

    A future date schedules it: nobody but the secretariat sees it before then. ``lead_image``
    (an upload) must be a real image and needs its description; a bad one raises
    ValidationError and nothing is written.
    """
    article = Article(network=network, created_by=author)
    _apply(article, fields)
    _check(article, lead_image_added=lead_image is not None)
    checked = images.check_image(lead_image, "lead_image") if lead_image is not None else None
    if checked is not None:
        images.save_image(article.lead_image, article.lead_thumbnail, checked)
    try:
        article.save()
    except Exception:
        images.delete_files(article.lead_image, article.lead_thumbnail)
        raise
    article_reindex(article)
    return article


@transaction.atomic
def article_update(*, article: Article, lead_image=None, remove_lead_image: bool = False, **fields) -> Article:
    """Change an article (the fields of ARTICLE_FIELDS), replace or remove its lead photo, and re-index it."""
    old_files = (article.lead_image.name, article.lead_thumbnail.name)
    _apply(article, fields)
    if remove_lead_image and lead_image is None:
        article.lead_image, article.lead_thumbnail = None, None  # type: ignore[assignment]
    _check(article, lead_image_added=lead_image is not None)
    checked = images.check_image(lead_image, "lead_image") if lead_image is not None else None
    if checked is not None:
        images.save_image(article.lead_image, article.lead_thumbnail, checked)
    article.updated_at = timezone.now()
    article.save()
    if checked is not None or remove_lead_image:
        storage = Article._meta.get_field("lead_image").storage  # type: ignore[attr-defined]

        def delete_old_files() -> None:
            for name in old_files:
                if name:
                    storage.delete(name)

        transaction.on_commit(delete_old_files)
    article_reindex(article)
    return article


@transaction.atomic
def article_delete(*, article: Article) -> None:
    """Delete an article, its photos and its search entry (it also leaves the issues it was in)."""
    stored = [article.lead_image, article.lead_thumbnail]
    for photo in article.photos.all():
        stored += [photo.image, photo.thumbnail]
    search_remove(obj=article)
    news_changed(article.network_id)
    article.delete()
    transaction.on_commit(lambda: images.delete_files(*stored))


@transaction.atomic
def photo_add(*, article: Article, image, alt_ja: str, alt_en: str = "", caption_ja: str = "", caption_en: str = ""):
    """Add a photo to the article's gallery; a real image with its description, at most MAX_PHOTOS."""
    if not (alt_ja or "").strip():
        raise ValidationError({"alt_ja": _("Describe the photo for people who cannot see it.")})
    if article.photos.count() >= MAX_PHOTOS:
        raise ValidationError(
            {"image": _("An article may have at most %(max)d photos.") % {"max": MAX_PHOTOS}}, code="too_many"
        )
    checked = images.check_image(image, "image")
    order = (article.photos.aggregate(last=Max("order"))["last"] or 0) + 1
    photo = Photo(
        article=article,
        alt=alt_ja.strip(),
        alt_ja=alt_ja.strip(),
        alt_en=alt_en.strip(),
        caption=caption_ja.strip(),
        caption_ja=caption_ja.strip(),
        caption_en=caption_en.strip(),
        order=order,
    )
    images.save_image(photo.image, photo.thumbnail, checked)
    try:
        photo.save()
    except Exception:
        images.delete_files(photo.image, photo.thumbnail)
        raise
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
    news_changed(article.network_id)
    return photo


@transaction.atomic
def photo_delete(*, photo: Photo) -> None:
    """Take a photo out of its gallery; its files go once that is committed."""
    photo.delete()
    news_changed(photo.article.network_id)
    transaction.on_commit(lambda: images.delete_files(photo.image, photo.thumbnail))


# --- Newsletter issues ---------------------------------------------------------------------


def _check_articles(network, articles) -> None:
    if any(article.network_id != network.pk for article in articles):
        raise ValidationError({"articles": _("Choose articles of this network.")})


def _apply_issue(issue: Issue, fields: dict) -> None:
    for name in ISSUE_FIELDS:
        if name in fields:
            setattr(issue, name, (fields[name] or "").strip())
    _keep_japanese_in_base_columns(issue, ("title", "introduction"))
    if not issue.title_ja:
        raise ValidationError({"title_ja": _("Write a title in Japanese.")})


@transaction.atomic
def issue_create(*, network, author, articles=(), **fields) -> Issue:
    """Start a newsletter issue of ``network`` with ``articles`` in the order given."""
    issue = Issue(network=network, created_by=author)
    _apply_issue(issue, fields)
    _check_articles(network, articles)
    issue.save()
    IssueItem.objects.bulk_create(
        IssueItem(issue=issue, article=article, order=index) for index, article in enumerate(articles, start=1)
    )
    return issue


def _check_draft(issue: Issue) -> None:
    if not issue.is_draft:
        raise ValidationError(_("This issue has been sent and can no longer be changed."), code="sent")


@transaction.atomic
def issue_update(*, issue: Issue, articles=None, **fields) -> Issue:
    """Change a draft issue's title and introduction; ``articles`` (when given) keep their order, new ones go last."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    _check_draft(issue)
    _apply_issue(issue, fields)
    issue.save()
    if articles is not None:
        _check_articles(issue.network, articles)
        wanted = {article.pk for article in articles}
        issue.items.exclude(article_id__in=wanted).delete()
        present = set(issue.items.values_list("article_id", flat=True))
        last = issue.items.aggregate(last=Max("order"))["last"] or 0
        IssueItem.objects.bulk_create(
            IssueItem(issue=issue, article=article, order=last + index)
            for index, article in enumerate((a for a in articles if a.pk not in present), start=1)
        )
    return issue


@transaction.atomic
def issue_item_move(*, issue: Issue, item_id: int, up: bool) -> None:
    """Move one article of a draft issue a place up or down."""
    _check_draft(issue)
    items = list(issue.items.order_by("order", "id"))
    index = next((i for i, item in enumerate(items) if item.pk == item_id), None)
    if index is None:
        raise ValidationError(_("This article is not in the issue."), code="missing")
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for order, item in enumerate(items, start=1):
        item.order = order
    IssueItem.objects.bulk_update(items, ["order"])


@transaction.atomic
def issue_delete(*, issue: Issue) -> None:
    """Delete a draft issue (a sent one stays: people received it)."""
    _check_draft(issue)
    issue.delete()


def _search_documents():
    articles = Article.objects.out().select_related("network").order_by("id")
    for article in articles.iterator(chunk_size=2000):
        yield _document(article)


def _search_url(entry) -> str:
    return reverse("news:detail", kwargs={"slug": entry.network.slug, "pk": int(entry.object_id)})


def register_search() -> None:
    """Let ``search_rebuild`` rebuild the news articles, and the search page link to them."""
    registry.register("news.Article", _search_documents, label=gettext_lazy("News"), url=_search_url)
