"""The follow button: its words and state, shared by the template tag and the view that toggles it."""

from django.utils.translation import gettext as _

from renkei.notifications.selectors import followed_keys

_LABELS = {
    "network": (lambda: _("Follow the network “%(name)s”"), lambda: _("Unfollow the network “%(name)s”")),
    "category": (lambda: _("Follow the category “%(name)s”"), lambda: _("Unfollow the category “%(name)s”")),
    "theme": (lambda: _("Follow the theme “%(name)s”"), lambda: _("Unfollow the theme “%(name)s”")),
    "prefecture": (lambda: _("Follow %(name)s"), lambda: _("Unfollow %(name)s")),
}


def target_label(target: str, obj) -> str:
    return obj.display_name if target == "prefecture" else str(obj)


def request_followed(request):
    """What the signed-in user follows, as ``followed_keys``: looked up once per request, for the
    page's own use and every follow button on it."""
    if not hasattr(request, "_renkei_followed"):
        request._renkei_followed = followed_keys(request.user)
    return request._renkei_followed


def button_context(request, target: str, obj, following: bool | None = None, next_url: str | None = None) -> dict:
    """What notifications/_follow_button.html needs.

    Whether the user follows ``obj`` is looked up once per request for every button on the page.
    """
    if following is None:
        following = (target, obj.pk) in request_followed(request)
    follow_label, unfollow_label = _LABELS[target]
    label = (unfollow_label if following else follow_label)() % {"name": target_label(target, obj)}
    return {
        "target": target,
        "obj": obj,
        "following": following,
        "label": label,
        "next": next_url if next_url is not None else request.get_full_path(),
    }
