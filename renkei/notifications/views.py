"""The bell and its page, follows, delivery settings and the one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from renkei.lib.urls import language_url, safe_url
from renkei.notifications import selectors, services
from renkei.notifications.emails import read_unsubscribe_token
from renkei.notifications.follow import button_context, target_label
from renkei.notifications.forms import FollowForm, PrefectureFollowForm, PreferencesForm
from renkei.notifications.models import Kind, Notification

PAGE_SIZE = 30


@login_required
def inbox(request):
    notifications = Notification.objects.filter(recipient=request.user).select_related("actor_organisation", "network")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(n, n.sentence()) for n in page]
    return render(request, "notifications/inbox.html", {"page": page, "items": items})


@require_GET
@never_cache
def count(request):
    """The number under the bell, loaded by htmx so the header itself stays the same for everyone."""
    unread = (
        Notification.objects.filter(recipient=request.user).unread().count() if request.user.is_authenticated else 0
    )
    return render(request, "notifications/_bell_count.html", {"unread": unread})


@login_required
def open_notification(request, pk: int):
    """Mark the notification read and go where it points, in the reader's language."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_read(notification=notification)
    # Only a path of this site, then in the reader's language.
    if not safe_url(request, notification.url) or not notification.url.startswith("/"):
        return redirect("notifications:inbox")
    return redirect(language_url(notification.url, get_language()))


@login_required
@require_POST
def read(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_read(notification=notification)
    return redirect(safe_url(request, request.POST.get("next", "")) or "notifications:inbox")


@login_required
@require_POST
def read_all(request):
    services.notifications_read_all(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:inbox")


@login_required
@require_POST
def follow(request):
    """Follow or unfollow; htmx swaps the button, without JavaScript the page comes back."""
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(request, "notifications/follow_error.html", {"form": form}, status=400)
    data = form.cleaned_data
    target, obj = data["target"], data["obj"]
    if data["action"] == "follow":
        services.follow_create(user=request.user, target=target, obj=obj)
    else:
        services.follow_delete(user=request.user, target=target, obj=obj)
    following = data["action"] == "follow"
    back = safe_url(request, data["next"])
    if request.htmx:
        context = button_context(request, target, obj, following=following, next_url=back or "")
        return HttpResponse(render_to_string("notifications/_follow_button.html", context, request=request))
    name = {"name": target_label(target, obj)}
    messages.success(
        request, (_("You follow “%(name)s”.") if following else _("You no longer follow “%(name)s”.")) % name
    )
    return redirect(back or "notifications:follows")


@login_required
def follows(request):
    """What I follow: each with its unfollow button, and a prefecture to add."""
    items = [
        (follow, button_context(request, follow.target_name, follow.target, following=True))
        for follow in selectors.follows_of(request.user)
    ]
    return render(request, "notifications/follows.html", {"items": items, "prefecture_form": PrefectureFollowForm()})


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, deliveries=selectors.deliveries_of(request.user))
    if request.method == "POST":
        if form.is_valid():
            services.preferences_update(user=request.user, deliveries=form.cleaned_data)
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
        return render(request, "notifications/settings.html", {"form": form}, status=400)
    return render(request, "notifications/settings.html", {"form": form})


@csrf_exempt  # The signed link is the credential; mail providers POST to it without a session (RFC 8058).
def unsubscribe(request, token: str):
    """GET shows what the link stops, with a button; POST (the button, or the mail program) applies it."""
    if request.method == "POST":
        try:
            _user, kinds = services.unsubscribe(token=token)
        except ValidationError as error:
            return render(request, "notifications/unsubscribe_invalid.html", {"error": error.messages[0]}, status=400)
        return render(request, "notifications/unsubscribe.html", {"kinds": _labels(kinds), "done": True})
    try:
        _user_pk, kinds = read_unsubscribe_token(token)
    except signing.BadSignature:
        message = _("This unsubscribe link is not valid.")
        return render(request, "notifications/unsubscribe_invalid.html", {"error": message}, status=400)
    return render(request, "notifications/unsubscribe.html", {"kinds": _labels(kinds), "done": False})


def _labels(kinds) -> list[str]:
    return [str(Kind(kind).label) for kind in kinds]
