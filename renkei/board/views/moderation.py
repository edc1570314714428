"""The secretariat's hand on the board: pin, hide, lock, move, hide replies; members' reports.

Every action of the secretariat starts with get_network_for_secretariat, which refuses anyone not
on the network's secretariat or not signed in with a second factor.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.board import services
from renkei.board.access import get_readable_post, posting_organisation
from renkei.board.interaction_forms import MoveForm, ReportForm, SwitchForm
from renkei.board.models import Report
from renkei.networks.access import get_network_for_secretariat

PAGE_SIZE = 50


def _moderated_post(request, slug: str, pk: int):
    network = get_network_for_secretariat(request, slug)
    # Hidden posts too: the secretariat shows them again from here.
    return get_object_or_404(network.posts.select_related("network", "category"), pk=pk)


def _back(post, anchor: str = "moderation"):
    return redirect(reverse("board:post_detail", args=[post.network.slug, post.pk]) + f"#{anchor}")


def _switch(request, slug: str, pk: int, service, field: str, done: dict[bool, str]):
    post = _moderated_post(request, slug, pk)
    form = SwitchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: the request was not understood."))
        return _back(post)
    service(post=post, **{field: form.on})
    messages.success(request, done[form.on])
    return _back(post)


@require_POST
def post_pin(request, slug: str, pk: int):
    done = {True: _("The post is pinned to the top of the board."), False: _("The post is no longer pinned.")}
    return _switch(request, slug, pk, services.post_pin, "pinned", done)


@require_POST
def post_hide(request, slug: str, pk: int):
    done = {
        True: _("The post is hidden: only the secretariat sees it, and search no longer finds it."),
        False: _("The post is shown again."),
    }
    return _switch(request, slug, pk, services.post_hide, "hidden", done)


@require_POST
def post_lock(request, slug: str, pk: int):
    done = {True: _("The post is locked: it takes no more replies."), False: _("The post takes replies again.")}
    return _switch(request, slug, pk, services.post_lock, "locked", done)


@require_POST
def post_move(request, slug: str, pk: int):
    post = _moderated_post(request, slug, pk)
    form = MoveForm(request.POST, network=post.network)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: choose a category of this network."))
        return _back(post)
    try:
        services.post_move(post=post, category=form.cleaned_data["category"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The post is moved to %(category)s.") % {"category": post.category.name})
    return _back(post)


@require_POST
def reply_hide(request, slug: str, pk: int, reply_id: int):
    post = _moderated_post(request, slug, pk)
    reply = get_object_or_404(post.replies, pk=reply_id)
    form = SwitchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: the request was not understood."))
        return _back(post, f"reply-{reply.pk}")
    services.reply_hide(reply=reply, hidden=form.on)
    messages.success(request, _("The reply is hidden.") if form.on else _("The reply is shown again."))
    return _back(post, f"reply-{reply.pk}")


# --- Reports ------------------------------------------------------------------------------


@login_required
def report_new(request, slug: str, pk: int):
    """A member tells the secretariat what is wrong with a post, or with one of its replies (?reply=)."""
    post = get_readable_post(request, slug, pk)
    organisation = posting_organisation(request.user, post.network)
    reply_id = request.POST.get("reply") or request.GET.get("reply") or ""
    reply = None
    if reply_id:
        reply = get_object_or_404(post.replies.filter(hidden=False), pk=reply_id if reply_id.isdigit() else 0)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                post=post,
                reply=reply,
                reporter=request.user,
                organisation=organisation,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The secretariat will look at your report."))
            return redirect("board:post_detail", slug=slug, pk=pk)
    context = {"network": post.network, "post": post, "reply": reply, "form": form}
    return render(request, "board/report_form.html", context, status=400 if form.errors else 200)


def report_list(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    resolved = request.GET.get("state") == "resolved"
    reports = (
        Report.objects.filter(post__network=network, resolved_at__isnull=not resolved)
        .select_related("post", "reply", "organisation", "reporter", "resolved_by")
        .order_by("-resolved_at" if resolved else "-created_at", "-id")
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"network": network, "page": page, "resolved": resolved, "query": "state=resolved" if resolved else ""}
    return render(request, "board/reports.html", context)


@require_POST
def report_resolve(request, slug: str, report_id: int):
    network = get_network_for_secretariat(request, slug)
    report = get_object_or_404(Report.objects.filter(post__network=network), pk=report_id)
    services.report_resolve(report=report, user=request.user)
    messages.success(request, _("The report is marked as dealt with."))
    return redirect("board:reports", slug=network.slug)
