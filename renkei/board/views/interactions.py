"""Answering a post: threaded replies, 関心あり and the private messages it opens, pamphlet answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.board import services
from renkei.board.access import get_readable_post, posting_organisation
from renkei.board.interaction_forms import MessageForm, PamphletAnswerForm, ThreadReplyForm
from renkei.board.models import Category, Interest
from renkei.board.views.detail import render_post_page
from renkei.organisations.models import Staff


@login_required
@require_POST
def reply_new(request, slug: str, pk: int):
    post = get_readable_post(request, slug, pk)
    organisation = posting_organisation(request.user, post.network)
    form = ThreadReplyForm(request.POST, post=post)
    if form.is_valid():
        try:
            reply = services.reply_create(
                post=post,
                author=request.user,
                author_organisation=organisation,
                body=form.cleaned_data["body"],
                parent=form.cleaned_data["parent"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your reply is posted."))
            return redirect(reverse("board:post_detail", args=[slug, pk]) + f"#reply-{reply.pk}")
    return render_post_page(request, post, reply_form=form)


@login_required
@require_POST
def interest_toggle(request, slug: str, pk: int):
    post = get_readable_post(request, slug, pk)
    organisation = posting_organisation(request.user, post.network)
    try:
        interest = services.interest_toggle(post=post, organisation=organisation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if interest is not None:
            messages.success(request, _("The author's organisation now knows you are interested."))
        else:
            messages.success(request, _("Your organisation is no longer marked as interested."))
    return redirect(reverse("board:post_detail", args=[slug, pk]) + "#interest")


def _interest_for_party(request, slug: str, pk: int, interest_id: int):
    """The interest and the side of it the user writes for; 404 for anyone not staff of the two organisations.

    The conversation is private to the post's author organisation and the interested one: not even
    the network's secretariat reads it, since it moderates what is published on the board, not
    what members write to each other.
    """
    interest = get_object_or_404(
        Interest.objects.select_related("post__network", "post__author_organisation", "organisation"),
        pk=interest_id,
        post_id=pk,
        post__network__slug=slug,
    )
    author, interested = interest.post.author_organisation, interest.organisation
    sides = set(
        Staff.objects.filter(user=request.user, organisation__in=[author, interested]).values_list(
            "organisation_id", flat=True
        )
    )
    if not sides:
        raise Http404
    return interest, (author if author.pk in sides else interested)


@login_required
def interest_messages(request, slug: str, pk: int, interest_id: int):
    interest, organisation = _interest_for_party(request, slug, pk, interest_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_send(
                interest=interest, sender=request.user, sender_organisation=organisation, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your message is sent."))
            return redirect(request.path)
    post = interest.post
    other = interest.organisation if organisation.pk == post.author_organisation_id else post.author_organisation
    context = {
        "network": post.network,
        "post": post,
        "interest": interest,
        "organisation": organisation,
        "other": other,
        "conversation": interest.messages.select_related("sender_organisation", "sender"),
        "form": form,
    }
    return render(request, "board/messages.html", context, status=400 if form.errors else 200)


@login_required
def pamphlet_answer(request, slug: str, pk: int):
    post = get_readable_post(request, slug, pk)
    if post.category.kind != Category.Kind.PAMPHLET:
        raise Http404
    organisation = posting_organisation(request.user, post.network)
    answer = post.pamphlet_answers.filter(organisation=organisation).first()
    form = PamphletAnswerForm(request.POST or None, instance=answer)
    if request.method == "POST" and form.is_valid():
        try:
            services.pamphlet_answer_save(
                post=post,
                organisation=organisation,
                author=request.user,
                copies=form.cleaned_data["copies"],
                places=form.cleaned_data["places"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your answer is sent to the author."))
            return redirect(reverse("board:post_detail", args=[slug, pk]) + "#pamphlet")
    context = {"network": post.network, "post": post, "organisation": organisation, "form": form}
    return render(request, "board/pamphlet_form.html", context, status=400 if form.errors else 200)
