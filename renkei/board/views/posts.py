"""The board's list and its posts: writing, editing, closing, history and attachments (the page itself: detail.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.board import selectors, services
from renkei.board.access import get_editable_post, get_readable_post, posting_organisation
from renkei.board.attachments import IMAGES
from renkei.board.forms import BoardFilterForm, PostForm
from renkei.board.markdown import render_markdown
from renkei.board.models import Attachment, Post
from renkei.networks.models import Network

PAGE_SIZE = 20


def board(request, slug: str):
    network = get_object_or_404(Network, slug=slug)
    form = BoardFilterForm(request.GET or None, network=network, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    posts = selectors.board_posts(network=network, user=request.user, **filters)
    # As on the search page: count up to a cap (a count of a whole large board reads all of it),
    # the page numbers come from that count, and the page's posts from one sliced query.
    count = posts[: selectors.COUNT_CAP].count()
    page = Paginator(range(count), PAGE_SIZE).get_page(request.GET.get("page"))
    offset = page.start_index() - 1 if count else 0
    page_posts = list(posts[offset : offset + PAGE_SIZE])
    since = None
    if request.user.is_authenticated:
        since = services.board_visit_record(user=request.user, network=network)
    for post in page_posts:
        post.is_new = since is not None and post.last_activity_at > since
    query = request.GET.copy()
    query.pop("page", None)
    standing = network.standing_of(request.user)
    can_post = request.user.is_authenticated and any(standing)
    # The filters' choices (a network's member organisations among them) cost more to draw than
    # the posts: kept drawn under what they depend on, unless the form has errors to show.
    filters_key = None
    if not form.errors:
        whose = (request.user.is_authenticated, request.user.is_superuser, *standing)
        filters_key = f"{network.pk}:{network.changed_at.timestamp()}:{selectors.board_version(network.pk)}:{whose}"
    return render(
        request,
        "board/list.html",
        {
            "network": network,
            "form": form,
            "page": page,
            "posts": page_posts,
            "count": count,
            "capped": count >= selectors.COUNT_CAP,
            "query": query.urlencode(),
            "can_post": can_post,
            "filters_key": filters_key,
        },
    )


@login_required
def post_new(request, slug: str):
    network = get_object_or_404(Network, slug=slug)
    organisation = posting_organisation(request.user, network)
    form = PostForm(request.POST or None, request.FILES or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(
                network=network, author=request.user, author_organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your post is published."))
            return redirect("board:post_detail", slug=network.slug, pk=post.pk)
    return render(request, "board/post_form.html", {"network": network, "form": form, "organisation": organisation})


@login_required
def post_edit(request, slug: str, pk: int):
    post = get_editable_post(request, slug, pk)
    form = PostForm(request.POST or None, request.FILES or None, network=post.network, instance=post)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(post=post, editor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("board:post_detail", slug=slug, pk=pk)
    return render(
        request,
        "board/post_form.html",
        {"network": post.network, "form": form, "organisation": post.author_organisation, "post": post},
    )


@login_required
@require_POST
def post_close(request, slug: str, pk: int):
    post = get_editable_post(request, slug, pk)
    services.post_close(post=post)
    messages.success(request, _("The post is closed. It stays readable but takes no more replies."))
    return redirect("board:post_detail", slug=slug, pk=pk)


def post_history(request, slug: str, pk: int):
    post = get_readable_post(request, slug, pk)
    revisions = post.revisions.select_related("editor")
    return render(
        request,
        "board/post_history.html",
        {
            "network": post.network,
            "post": post,
            "revisions": [(revision, render_markdown(revision.body)) for revision in revisions],
        },
    )


def _readable_attachment(request, slug: str, pk: int) -> Attachment:
    # The same rule as the post's page: whoever may not read the post does not learn the file exists.
    posts = Post.objects.visible_to(request.user).filter(network__slug=slug)
    return get_object_or_404(Attachment, pk=pk, post__in=posts)


def _file_response(field, content_type: str, name: str, *, inline: bool) -> FileResponse:
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Members-only files stay out of shared caches; a file opened on its own may run nothing.
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def attachment_file(request, slug: str, pk: int):
    attachment = _readable_attachment(request, slug, pk)
    inline = attachment.content_type in IMAGES
    return _file_response(attachment.file, attachment.content_type, attachment.name, inline=inline)


def attachment_thumbnail(request, slug: str, pk: int):
    attachment = _readable_attachment(request, slug, pk)
    if not attachment.thumbnail:
        raise Http404
    content_type = "image/png" if attachment.thumbnail.name.endswith(".png") else "image/jpeg"
    return _file_response(attachment.thumbnail, content_type, attachment.name, inline=True)
