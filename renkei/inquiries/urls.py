from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from renkei.inquiries.views import inbox, public

app_name = "inquiries"


def _desk(prefix: str, name_prefix: str) -> list[URLPattern]:
    """The same pages for the platform (no slug) and for each network (its slug)."""
    pages: list[tuple[str, Callable[..., HttpResponse], str]] = [
        ("", public.contact, "contact"),
        ("sent/", public.sent, "sent"),
        ("privacy/", public.privacy, "privacy"),
        ("privacy/edit/", inbox.policy_edit, "policy_edit"),
        ("inbox/", inbox.inbox, "inbox"),
        ("inbox/export.<str:fmt>", inbox.inbox_export, "inbox_export"),
        ("inbox/settings/", inbox.inbox_settings, "inbox_settings"),
        ("inbox/<int:pk>/", inbox.inquiry_detail, "inquiry"),
        ("inbox/<int:pk>/update/", inbox.inquiry_update_view, "inquiry_update"),
        ("inbox/<int:pk>/note/", inbox.inquiry_note, "inquiry_note"),
        ("inbox/<int:pk>/reply/", inbox.inquiry_reply_view, "inquiry_reply"),
    ]
    return [path(prefix + route, view, name=name_prefix + name) for route, view, name in pages]


# The platform's pages first: a network cannot take "inbox" or "privacy" as its slug here.
urlpatterns = _desk("", "platform_") + _desk("<slug:slug>/", "")
