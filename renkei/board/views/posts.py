"""The board's list and its posts: reading, writing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from renkei.board import selectors, services
from renkei.board.access import get_readable_post, posting_organisation
from renkei.board.forms import BoardFilterForm, PostForm
from renkei.board.markdown import render_markdown
from renkei.board.views import interactions, moderation
from renkei.networks.models import Network

PAGE_SIZE = 20


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
    post = get_readable_post(request, slug, pk)
    context = {"network": post.network, "post": post, "body": render_markdown(post.body)}
    context.update(interactions.detail_context(request, post, reply_form=reply_form))
    context.update(moderation.detail_context(request, post))
    return render(request, "board/detail.html", context, status=400 if reply_form is not None else 200)


@login_required
def post_new(request, slug: str):
    network = get_object_or_404(Network, slug=slug)
    organisation = posting_organisation(request.user, network)
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
