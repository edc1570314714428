"""The post's page: the post, its threads of replies, interest, pamphlet answers and the secretariat's switches.

The views that answer a post render it again, with their refused form, through ``render_post_page``.
"""

import hashlib

from django.http import Http404
from django.shortcuts import render

from renkei.board import rules, selectors, services
from renkei.board.access import can_edit_post
from renkei.board.interaction_forms import MoveForm, PamphletAnswerForm, ThreadReplyForm
from renkei.board.models import Category, Post
from renkei.lib import generations
from renkei.lib.caching import kept_page
from renkei.lib.markdown import render_markdown
from renkei.networks.access import user_has_second_factor
from renkei.networks.models import Network, network_scope
from renkei.notifications.follow import request_followed


def post_detail(request, slug: str, pk: int):
    # As get_readable_post, through the cache: the page only shows the post.
    network = Network.objects.get_cached(slug)
    if network is None:
        raise Http404
    version = selectors.post_version(network.pk, pk)
    post = selectors.readable_post(network=network, user=request.user, pk=pk, version=version)
    if post is None:
        raise Http404
    user = request.user
    member, secretariat = selectors.standing(network, user)
    if secretariat:
        # The secretariat's switches hold forms and counts of reports: drawn afresh.
        return render_post_page(request, post, version=version)
    last_read = services.post_read_mark(post=post, user=user)
    followed = request_followed(request)
    # Everything the content depends on: the post's version (the post, its replies, interests
    # and answers; the board's categories and themes), the network's (organisations' names and
    # staff), who reads (their id and standing), what they follow and when they last read the post.
    return kept_page(
        request,
        "board/detail.html",
        lambda: _context(request, post, snapshot=selectors.post_snapshot(post, version), last_read=last_read),
        scopes=(selectors.post_scope(pk), selectors.taxonomy_scope(network.pk), network_scope(network.pk)),
        extra=(post.pk, user.pk, member, last_read, tuple(sorted(followed))),
    )


def render_post_page(request, post: Post, *, reply_form: ThreadReplyForm | None = None, version: str | None = None):
    """The page of ``post``; with ``reply_form``, a refused reply shown with its errors (status 400).

    ``post`` may be the one kept for every reader (``selectors.readable_post``): nothing here changes it.
    """
    snapshot = selectors.post_snapshot(post, version)
    last_read = services.post_read_mark(post=post, user=request.user)
    context = _context(request, post, snapshot=snapshot, last_read=last_read, reply_form=reply_form)
    return render(request, "board/detail.html", context, status=400 if reply_form is not None else 200)


def _context(request, post: Post, *, snapshot: dict, last_read, reply_form: ThreadReplyForm | None = None) -> dict:
    context = {
        "network": post.network,
        "post": post,
        "body": render_markdown(post.body),
        "can_edit": can_edit_post(request.user, post),
    }
    context.update(snapshot["page"])
    context.update(_answers(request, post, snapshot, reply_form, last_read=last_read))
    context.update(_moderation(request, post))
    return context


def _threads(replies, *, user, last_read, secretariat: bool) -> list[dict]:
    """Top-level replies each with its answers, oldest first, marked new when written since ``last_read``.

    A hidden reply shows to the secretariat only; to others, a hidden reply that has answers stays
    as a placeholder so its thread still reads in order.
    """
    threads: list[dict] = []
    by_id: dict[int, dict] = {}
    for reply in replies:
        item = {
            "reply": reply,
            "body": render_markdown(reply.body) if secretariat or not reply.hidden else "",
            "new": last_read is not None and reply.created_at > last_read and reply.author_id != user.pk,
            "children": [],
        }
        if reply.parent_id is None:
            threads.append(item)
            by_id[reply.pk] = item
        elif reply.parent_id in by_id and (secretariat or not reply.hidden):
            by_id[reply.parent_id]["children"].append(item)
    if not secretariat:
        threads = [t for t in threads if not t["reply"].hidden or t["children"]]
    return threads


def _threads_key(
    post: Post, threads, replies, *, secretariat: bool, can_reply: bool, can_report: bool, reply_form, answering: str
) -> str | None:
    """The key the threads of replies are kept drawn under, or None to draw them afresh.

    They depend on the replies (and which are hidden), the organisations' names (the network's
    generation), what the reader may do and which replies are new to them. Not kept when
    they hold a form (an answer being written, the secretariat's switches): a form carries the
    reader's own CSRF token.
    """
    if reply_form is not None or answering or secretariat:
        return None
    new = [item["reply"].pk for t in threads for item in (t, *t["children"]) if item["new"]]
    state = (
        post.pk,
        generations.read(network_scope(post.network_id))[0],
        tuple((r.pk, r.hidden) for r in replies),
        tuple(new),
        can_reply,
        can_report,
    )
    return hashlib.sha256(repr(state).encode()).hexdigest()


def _answers(request, post: Post, snapshot: dict, reply_form: ThreadReplyForm | None, *, last_read) -> dict:
    """What the page shows below the post: threads of replies, interest, pamphlet answers.

    A fixed number of queries however many replies, interests or answers the post has (none when
    the post's snapshot and the reader's marks are in the cache). The page has one reply form:
    in the thread it answers (?parent=, or the refused form's), else below.
    """
    user = request.user
    member, secretariat = post.network.standing_of(user)
    replies = snapshot["replies"]
    my_organisations = request.audience.organisations
    interests: list = snapshot["interests"] if user.is_authenticated else []
    author_side = post.author_organisation_id in my_organisations
    is_open = not (post.hidden or post.is_closed)
    threads = _threads(replies, user=user, last_read=last_read, secretariat=secretariat)
    form = reply_form or ThreadReplyForm(initial={"parent": request.GET.get("parent", "")})
    answering = str(form["parent"].value() or "")
    can_reply = (member or secretariat) and is_open and not post.locked
    can_report = rules.may_report(request.audience, post)
    context = {
        "threads": threads,
        "reply_form": form,
        "reply_thread": next((t["reply"].pk for t in threads if str(t["reply"].pk) == answering), None),
        "reply_error": reply_form if reply_form is not None and reply_form.errors else None,
        "can_reply": can_reply,
        "can_report": can_report,
        "author_side": author_side,
        "interests": interests if author_side else [],
        "interest_count": len(interests),
        "my_interest": None
        if author_side
        else next((i for i in interests if i.organisation_id in my_organisations), None),
        "can_mark_interest": member and not author_side and is_open,
    }
    context["threads_key"] = _threads_key(
        post,
        threads,
        replies,
        secretariat=secretariat,
        can_reply=can_reply,
        can_report=can_report,
        reply_form=reply_form,
        answering=answering,
    )
    if post.category.kind == Category.Kind.PAMPHLET:
        answers = snapshot["pamphlet_answers"]
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


def _moderation(request, post: Post) -> dict:
    """What the page offers the network's secretariat: its switches, once signed in with two factors."""
    if not post.network.standing_of(request.user)[1]:
        return {}
    can_moderate = user_has_second_factor(request)
    context: dict = {"is_secretariat": True, "can_moderate": can_moderate}
    if can_moderate:
        context["move_form"] = MoveForm(network=post.network, initial={"category": post.category_id})
        context["open_reports"] = post.reports.filter(resolved_at__isnull=True).count()
    return context
