from django import template

from renkei.notifications.follow import button_context

register = template.Library()


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context, target: str, obj):
    """A Follow / Unfollow button for a network, a category, a theme or a prefecture (signed-in people only)."""
    request = context["request"]
    if not obj or not request.user.is_authenticated:
        return {"hidden": True}
    return {**button_context(request, target, obj), "csrf_token": context.get("csrf_token")}
