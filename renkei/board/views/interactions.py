"""Reading and answering a post: replies (and, on the same page, interest, messages and pamphlet answers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.board import services
from renkei.board.access import get_readable_post, posting_organisation
from renkei.board.forms import ReplyForm
from renkei.board.markdown import render_markdown


def detail_context(request, post, reply_form=None) -> dict:
    """What the post page shows below the post: its replies and the reply form."""
    replies = post.replies.filter(hidden=False).select_related("author_organisation")
    can_reply = (
        request.user.is_authenticated
        and any(post.network.standing_of(request.user))
        and not (post.locked or post.hidden or post.is_closed)
    )
    return {
        "replies": [(reply, render_markdown(reply.body)) for reply in replies],
        "reply_form": reply_form or ReplyForm(),
        "can_reply": can_reply,
    }


@login_required
@require_POST
def reply_new(request, slug: str, pk: int):
    from renkei.board.views.posts import post_detail

    post = get_readable_post(request, slug, pk)
    organisation = posting_organisation(request.user, post.network)
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
