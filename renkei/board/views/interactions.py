"""Answering a post: threaded replies, 関心あり and the private messages it opens, pamphlet answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.board import services
from renkei.board.access import get_readable_post, posting_organisation
from renkei.board.interaction_forms import MessageForm, PamphletAnswerForm, ThreadReplyForm
from renkei.board.markdown import render_markdown
from renkei.board.models import Category, Interest
from renkei.organisations.models import Staff


def _thread_form_id(parent_id) -> str:
    # Every thread has its own form on the page; their fields need ids of their own.
    return f"id_thread{parent_id}_%s" if parent_id else "id_%s"


def _threads(replies, *, user, last_read, secretariat: bool, reply_form) -> tuple[list[dict], bool]:
    """Top-level replies each with its answers, oldest first, marked new when written since ``last_read``.

    A hidden reply shows to the secretariat only; to others, a hidden reply that has answers stays
    as a placeholder so its thread still reads in order. Also says whether the thread of the
    refused ``reply_form`` was found to show it in.
    """
    bound_parent = str(reply_form.data.get("parent", "")) if reply_form is not None else ""
    threads: list[dict] = []
    by_id: dict[int, dict] = {}
    placed = False
    for reply in replies:
        item = {
            "reply": reply,
            "body": render_markdown(reply.body) if secretariat or not reply.hidden else "",
            "new": last_read is not None and reply.created_at > last_read and reply.author_id != user.pk,
            "children": [],
        }
        if reply.parent_id is None:
            if bound_parent == str(reply.pk):
                item["form"], placed = reply_form, True
            else:
                item["form"] = ThreadReplyForm(auto_id=_thread_form_id(reply.pk), initial={"parent": reply.pk})
            threads.append(item)
            by_id[reply.pk] = item
        elif reply.parent_id in by_id and (secretariat or not reply.hidden):
            by_id[reply.parent_id]["children"].append(item)
    if not secretariat:
        threads = [t for t in threads if not t["reply"].hidden or t["children"]]
    return threads, placed


def detail_context(request, post, reply_form=None) -> dict:
    """What the post page shows below the post: threads of replies, interest, pamphlet answers.

    A fixed number of queries however many replies, interests or answers the post has.
    """
    user = request.user
    member, secretariat = post.network.standing_of(user)
    last_read = services.post_read_mark(post=post, user=user)
    replies = list(post.replies.select_related("author_organisation"))
    my_organisations: set[int] = set()
    interests: list = []
    if user.is_authenticated:
        my_organisations = set(Staff.objects.filter(user=user).values_list("organisation_id", flat=True))
        interests = list(
            post.interests.select_related("organisation")
            .annotate(message_count=Count("messages"))
            .order_by("created_at", "id")
        )
    author_side = post.author_organisation_id in my_organisations
    is_open = not (post.hidden or post.is_closed)
    threads, placed = _threads(replies, user=user, last_read=last_read, secretariat=secretariat, reply_form=reply_form)
    context = {
        "threads": threads,
        "reply_form": reply_form if reply_form is not None and not placed else ThreadReplyForm(),
        "reply_error": reply_form if reply_form is not None and reply_form.errors else None,
        "can_reply": (member or secretariat) and is_open and not post.locked,
        "can_report": member,
        "author_side": author_side,
        "interests": interests if author_side else [],
        "interest_count": len(interests),
        "my_interest": None
        if author_side
        else next((i for i in interests if i.organisation_id in my_organisations), None),
        "can_mark_interest": member and not author_side and is_open,
    }
    if post.category.kind == Category.Kind.PAMPHLET:
        answers = list(post.pamphlet_answers.select_related("organisation"))
        my_answer = next((a for a in answers if a.organisation_id in my_organisations), None)
        context.update(
            {
                "pamphlet": True,
                "pamphlet_answers": answers if author_side or secretariat else [],
                "pamphlet_total": sum(a.copies for a in answers),
                "my_pamphlet_answer": my_answer,
                "can_answer_pamphlet": member and not author_side and is_open,
                "pamphlet_form": PamphletAnswerForm(instance=my_answer),
            }
        )
    return context


@login_required
@require_POST
def reply_new(request, slug: str, pk: int):
    from renkei.board.views.posts import post_detail

    post = get_readable_post(request, slug, pk)
    organisation = posting_organisation(request.user, post.network)
    parent_id = request.POST.get("parent", "")
    form = ThreadReplyForm(request.POST, post=post, auto_id=_thread_form_id(parent_id if parent_id.isdigit() else ""))
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
    return post_detail(request, slug, pk, reply_form=form)


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
