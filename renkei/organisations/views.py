from django.http import Http404


def invitation_accept(request, token: str):
    raise Http404
