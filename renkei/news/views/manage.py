"""The secretariat's news desk: writing, scheduling and deleting articles, and making newsletter issues."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.networks.access import get_network_for_secretariat
from renkei.news import sending, services
from renkei.news.access import get_editable_article, get_editable_issue, get_editable_photo
from renkei.news.emails import issue_context
from renkei.news.forms import ArticleForm, IssueForm, PhotoForm, SendForm
from renkei.news.models import Article, Issue
from renkei.news.selectors import article_photos

PAGE_SIZE = 50


def desk(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    articles = Article.objects.filter(network=network).order_by("-published_at", "-id")
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    issues = Issue.objects.filter(network=network).order_by("-created_at", "-id")[:24]
    return render(
        request,
        "news/manage/desk.html",
        {"network": network, "page": page, "articles": page.object_list, "issues": issues},
    )


def article_new(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    form = ArticleForm(request.POST or None, request.FILES or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(network=network, author=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if article.is_scheduled():
                messages.success(request, _("The article is scheduled."))
            else:
                messages.success(request, _("The article is published."))
            return redirect("news:article_edit", slug=slug, pk=article.pk)
    return render(request, "news/manage/article_form.html", {"network": network, "form": form})


def article_edit(request, slug: str, pk: int):
    article = get_editable_article(request, slug, pk)
    network = article.network
    form = ArticleForm(request.POST or None, request.FILES or None, network=network, article=article)
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(
                article=article,
                remove_lead_image=form.cleaned_data.get("remove_lead_image", False),
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("news:article_edit", slug=slug, pk=pk)
    return render(
        request,
        "news/manage/article_form.html",
        {
            "network": network,
            "form": form,
            "article": article,
            "photos": article_photos(article),
            "photo_form": PhotoForm(),
        },
    )


@require_POST
def photo_add(request, slug: str, pk: int):
    article = get_editable_article(request, slug, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(article=article, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The photo is added."))
            return redirect("news:article_edit", slug=slug, pk=pk)
    return render(
        request,
        "news/manage/article_form.html",
        {
            "network": article.network,
            "form": ArticleForm(network=article.network, article=article),
            "article": article,
            "photos": article_photos(article),
            "photo_form": form,
        },
        status=400,
    )


@require_POST
def photo_delete(request, slug: str, pk: int, photo_id: int):
    photo = get_editable_photo(request, slug, pk, photo_id)
    services.photo_delete(photo=photo)
    messages.success(request, _("The photo is removed."))
    return redirect("news:article_edit", slug=slug, pk=pk)


def article_delete(request, slug: str, pk: int):
    article = get_editable_article(request, slug, pk)
    if request.method == "POST":
        services.article_delete(article=article)
        messages.success(request, _("The article is deleted."))
        return redirect("news:desk", slug=slug)
    return render(request, "news/manage/article_delete.html", {"network": article.network, "article": article})


def issue_new(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    form = IssueForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.issue_create(network=network, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The issue is saved as a draft."))
            return redirect("news:issue_edit", slug=slug, pk=issue.pk)
    return render(request, "news/manage/issue_form.html", {"network": network, "form": form})


def _issue_page(request, issue: Issue, *, form=None, send_form=None, status: int = 200):
    articles = sending.issue_articles(issue)
    return render(
        request,
        "news/manage/issue_form.html",
        {
            "network": issue.network,
            "issue": issue,
            "form": form or IssueForm(network=issue.network, issue=issue),
            "send_form": send_form or SendForm(network=issue.network),
            "items": list(issue.items.select_related("article").order_by("order", "id")),
            "preview": issue_context(issue, articles, email=False, language=request.LANGUAGE_CODE),
            "counts": sending.delivery_counts(issue) if not issue.is_draft else None,
            "stalled": sending.issue_stalled(issue),
        },
        status=status,
    )


def issue_edit(request, slug: str, pk: int):
    issue = get_editable_issue(request, slug, pk)
    if request.method == "POST":
        form = IssueForm(request.POST, network=issue.network, issue=issue)
        if form.is_valid():
            try:
                services.issue_update(issue=issue, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("news:issue_edit", slug=slug, pk=pk)
        return _issue_page(request, issue, form=form, status=400)
    return _issue_page(request, issue)


@require_POST
def issue_move(request, slug: str, pk: int, item_id: int):
    issue = get_editable_issue(request, slug, pk)
    try:
        services.issue_item_move(issue=issue, item_id=item_id, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("news:issue_edit", slug=slug, pk=pk)


@require_POST
def issue_test(request, slug: str, pk: int):
    issue = get_editable_issue(request, slug, pk)
    try:
        sending.issue_send_test(issue=issue, email=request.user.email, language=request.LANGUAGE_CODE)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("A test was sent to %(email)s.") % {"email": request.user.email})
    return redirect("news:issue_edit", slug=slug, pk=pk)


@require_POST
def issue_send(request, slug: str, pk: int):
    issue = get_editable_issue(request, slug, pk)
    form = SendForm(request.POST, network=issue.network)
    if form.is_valid():
        try:
            sending.issue_send(issue=issue, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The issue is being sent."))
            return redirect("news:issue_edit", slug=slug, pk=pk)
    return _issue_page(request, issue, send_form=form, status=400)


@require_POST
def issue_resume(request, slug: str, pk: int):
    issue = get_editable_issue(request, slug, pk)
    try:
        sending.issue_resume(issue=issue)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Sending is resumed: whoever already received the issue is skipped."))
    return redirect("news:issue_edit", slug=slug, pk=pk)


def issue_delete(request, slug: str, pk: int):
    issue = get_editable_issue(request, slug, pk)
    if request.method == "POST":
        try:
            services.issue_delete(issue=issue)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("news:issue_edit", slug=slug, pk=pk)
        messages.success(request, _("The issue is deleted."))
        return redirect("news:desk", slug=slug)
    return render(request, "news/manage/issue_delete.html", {"network": issue.network, "issue": issue})
