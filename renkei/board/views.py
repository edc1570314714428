"""The bulletin board pages of a network."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.board import selectors, services
from renkei.board.forms import BoardFilterForm, PostForm, ReplyForm
from renkei.board.markdown import render_markdown
from renkei.board.models import Post
from renkei.networks.models import Membership, Network
from renkei.organisations.models import Organisation

PAGE_SIZE = 20


def _posting_organisation(user, network: Network) -> Organisation:
    """The organisation ``user`` writes for on this board: an active member, else the secretariat."""
    if not user.is_authenticated:
        raise PermissionDenied
    organisation = (
        Organisation.objects.filter(
            staff__user=user, memberships__network=network, memberships__status=Membership.Status.ACTIVE
        ).first()
        or Organisation.objects.filter(staff__user=user, pk=network.secretariat_id).first()
    )
    if organisation is None:
        raise PermissionDenied
    return organisation


def _get_post(request, slug: str, pk: int) -> Post:
    """A post of this network the user may read; 404 otherwise, so hidden posts stay unknown."""
    posts = Post.objects.visible_to(request.user).select_related("network", "category", "author_organisation")
    return get_object_or_404(posts, pk=pk, network__slug=slug)


def board(request, slug: str):
    network = get_object_or_404(Network, slug=slug)
    form = BoardFilterForm(request.GET or None, network=network)
    category, state = None, ""
    if form.is_valid():
        category, state = form.cleaned_data["category"], form.cleaned_data["state"]
    posts = selectors.board_posts(network=network, user=request.user, category=category, state=state)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    can_post = request.user.is_authenticated and any(network.standing_of(request.user))
    return render(
        request,
        "board/list.html",
        {"network": network, "form": form, "page": page, "query": query.urlencode(), "can_post": can_post},
    )


def post_detail(request, slug: str, pk: int, reply_form=None):
    post = _get_post(request, slug, pk)
    replies = post.replies.filter(hidden=False).select_related("author_organisation")
    can_reply = (
        request.user.is_authenticated
        and any(post.network.standing_of(request.user))
        and not (post.locked or post.hidden or post.is_closed)
    )
    return render(
        request,
        "board/detail.html",
        {
            "network": post.network,
            "post": post,
            "body": render_markdown(post.body),
            "replies": [(reply, render_markdown(reply.body)) for reply in replies],
            "reply_form": reply_form or ReplyForm(),
            "can_reply": can_reply,
        },
        status=400 if reply_form is not None else 200,
    )


@login_required
def post_new(request, slug: str):
    network = get_object_or_404(Network, slug=slug)
    organisation = _posting_organisation(request.user, network)
    form = PostForm(request.POST or None, network=network)
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
@require_POST
def reply_new(request, slug: str, pk: int):
    post = _get_post(request, slug, pk)
    organisation = _posting_organisation(request.user, post.network)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_create(
                post=post, author=request.user, author_organisation=organisation, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your reply is posted."))
            return redirect("board:post_detail", slug=slug, pk=pk)
    return post_detail(request, slug, pk, reply_form=form)
