"""The board's list and its posts: writing, editing, closing, history and attachments (the page itself: detail.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.board import selectors, services
from renkei.board.access import get_editable_post, get_readable_post, posting_organisation
from renkei.board.forms import BoardFilterForm, PostForm
from renkei.board.models import Attachment, Post, PostDraft
from renkei.board.rules import may_post
from renkei.lib import generations
from renkei.lib.caching import fragment, kept_page
from renkei.lib.files import IMAGES
from renkei.lib.markdown import render_markdown
from renkei.networks.models import Network, network_scope
from renkei.notifications.follow import request_followed

PAGE_SIZE = 20


def board(request, slug: str):
    network = Network.objects.get_cached(slug)
    if network is None:
        raise Http404
    user = request.user
    form: BoardFilterForm | SimpleLazyObject
    filters: dict = {}
    refused = False
    if any(name in request.GET for name in BoardFilterForm.base_fields):
        form = BoardFilterForm(request.GET, network=network, user=user)
        if form.is_valid():
            filters = form.cleaned_data
        refused = bool(form.errors)
    else:
        # Nothing to filter by: the form is only built should its cached drawing be missing.
        form = SimpleLazyObject(lambda: BoardFilterForm(network=network, user=user))
    # As on the search page: count up to a cap (a count of a whole large board reads all of it),
    # the page numbers come from that count, and the page's posts from one sliced query; both
    # kept under the board's version.
    listing = selectors.board_page(
        network=network, user=user, filters=filters, number=request.GET.get("page"), page_size=PAGE_SIZE
    )
    # The reader's own drafts, if any: a page showing them is kept apart by them.
    drafts = selectors.drafts_of(user, network)
    since = services.board_visit_record(user=user, network=network) if user.is_authenticated else None
    new = [pk for pk, activity in listing.rows if since is not None and activity > since.timestamp()]
    followed = request_followed(request)

    def context() -> dict:
        page = Paginator(range(listing.count), PAGE_SIZE).get_page(listing.number)
        query = request.GET.copy()
        query.pop("page", None)
        standing = network.standing_of(user)
        # The filters' choices (a network's member organisations among them) cost more to draw
        # than the posts: kept drawn under what they depend on, unless the form has errors to show.
        filters_key = None
        if not refused:
            whose = (user.is_authenticated, user.is_superuser, *standing)
            # Members are offered every member (the network's generation); others only the authors
            # of the posts they may read, which any post may change (the board's).
            offered = (
                network_scope(network.pk) if request.audience.enters(network.pk) else selectors.board_scope(network.pk)
            )
            depends = generations.read(offered, selectors.taxonomy_scope(network.pk))
            filters_key = f"{network.pk}:{':'.join(depends)}:{whose}"
        return {
            "network": network,
            "form": form,
            # What the follow buttons read of the filters, without building the form.
            "follow": {"cleaned_data": filters},
            "page": page,
            "cards": _cards(network, listing, new) if listing.rows else "",
            "count": listing.count,
            "capped": listing.count >= selectors.COUNT_CAP,
            "query": query.urlencode(),
            "filters_key": filters_key,
            "drafts": drafts,
        }

    if refused:
        return render(request, "board/list.html", context())
    # The listing's key holds the board's version, the reader's standing (signed in or not among
    # it), the filters and the page; besides, the page shows the organisations' names, what is
    # new to the reader and what they follow. Nothing else of theirs: readers alike share it.
    return kept_page(
        request,
        "board/list.html",
        context,
        scopes=(selectors.board_scope(network.pk), network_scope(network.pk)),
        extra=(
            listing.key,
            tuple(new),
            tuple(sorted(followed)),
            tuple((draft.pk, draft.updated_at.timestamp()) for draft in drafts),
        ),
    )


def _cards(network, listing: selectors.BoardPage, new: list[int]) -> str:
    """The page's cards, drawn once per page of the list, language and set of posts new to the reader.

    In each process's memory under the listing's key (the board's version is in it), the
    network's generation (organisations' names) and the language: the same page for every
    reader who has seen the same posts.
    """

    def draw() -> str:
        posts = selectors.board_cards([pk for pk, _activity in listing.rows])
        marked = set(new)
        for post in posts:
            post.is_new = post.pk in marked  # type: ignore[attr-defined]
        return render_to_string("board/_cards.html", {"network": network, "posts": posts}, request=None)

    key = f"board-cards:{listing.key}:{get_language()}:{tuple(new)}"
    cards = fragment(key, draw, scopes=(network_scope(network.pk),))
    return mark_safe(cards)  # noqa: S308 - rendered by the template engine, which escaped it


@login_required
def post_new(request, slug: str):
    network = get_object_or_404(Network, slug=slug)
    organisation = posting_organisation(request.user, network)
    draft = _own_draft(request, network)
    if request.method == "POST" and "discard_draft" in request.POST and draft is not None:
        services.draft_discard(draft=draft)
        messages.success(request, _("The draft is deleted."))
        return redirect("board:list", slug=network.slug)
    if request.method == "POST" and "save_draft" in request.POST:
        services.draft_save(
            network=network,
            author=request.user,
            draft=draft,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
            category_id=request.POST.get("category"),
        )
        messages.success(request, _("Your draft is saved. Carry on from “Your drafts” on the board."))
        return redirect("board:list", slug=network.slug)
    initial = {"title": draft.title, "body": draft.body, "category": draft.category_id} if draft else None
    form = PostForm(request.POST or None, request.FILES or None, network=network, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(
                network=network, author=request.user, author_organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if draft is not None:
                services.draft_discard(draft=draft)
            messages.success(request, _("Your post is published."))
            return redirect("board:post_detail", slug=network.slug, pk=post.pk)
    context = {"network": network, "form": form, "organisation": organisation, "draft": draft}
    return render(request, "board/post_form.html", context)


def _own_draft(request, network) -> PostDraft | None:
    """The draft named by the form or the address, if it is the reader's own on this board."""
    pk = request.POST.get("draft") or request.GET.get("draft")
    if not pk:
        return None
    if not str(pk).isdigit():
        raise Http404
    return get_object_or_404(PostDraft.objects.of(request.user), pk=int(pk), network=network)


@login_required
@require_POST
def post_preview(request, slug: str):
    """The body of the post form as it will read once published, for those who may post here."""
    network = get_object_or_404(Network, slug=slug)
    if not may_post(request.audience, network):
        raise PermissionDenied
    body = request.POST.get("body", "")
    return render(request, "board/_preview.html", {"preview": render_markdown(body) if body.strip() else ""})


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
    posts = Post.objects.visible_to(request.audience).filter(network__slug=slug)
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
