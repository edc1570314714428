"""/outbox/: what ``make run`` sent, readable in the browser by site admins while DEBUG is on."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from renkei.lib.outbox import sent_email, sent_emails


def _allowed(request) -> None:
    if not settings.DEBUG:
        raise Http404
    if not request.audience.site_admin:
        raise PermissionDenied


def outbox(request):
    _allowed(request)
    return render(request, "web/outbox.html", {"emails": sent_emails()})


def outbox_email(request, name: str):
    _allowed(request)
    message = sent_email(name)
    if message is None:
        raise Http404
    return render(request, "web/outbox_email.html", {"message": message})
