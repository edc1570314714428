"""Public subscription to a network's newsletter: the form, the emailed confirmation, one-click unsubscribe."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from renkei.news import subscriptions
from renkei.news.forms import SubscribeForm
from renkei.news.views.public import network_or_404


def subscribe(request, slug: str):
    network = network_or_404(slug)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            subscriptions.subscription_request(
                network=network, email=form.cleaned_data["email"], language=request.LANGUAGE_CODE
            )
            return render(request, "news/subscribe.html", {"network": network, "requested": True})
        return render(request, "news/subscribe.html", {"network": network, "form": form}, status=400)
    return render(request, "news/subscribe.html", {"network": network, "form": form})


def subscribe_confirm(request, slug: str, token: str):
    """GET asks to confirm with a button (mail scanners follow links); POST confirms."""
    network = network_or_404(slug)
    if request.method == "POST":
        try:
            subscriber = subscriptions.subscription_confirm(
                network=network, token=token, language=request.LANGUAGE_CODE
            )
        except ValidationError as error:
            return render(
                request, "news/link_invalid.html", {"network": network, "error": error.messages[0]}, status=400
            )
        return render(
            request, "news/subscribe_confirm.html", {"network": network, "email": subscriber.email, "done": True}
        )
    return render(request, "news/subscribe_confirm.html", {"network": network, "done": False})


@csrf_exempt  # The signed link is the credential; mail providers POST to it without a session (RFC 8058).
def unsubscribe(request, slug: str, token: str):
    """GET shows the address with a button; POST (the button, or the mail program) unsubscribes it."""
    network = network_or_404(slug)
    try:
        if request.method == "POST":
            email = subscriptions.unsubscribe(network=network, token=token)
        else:
            email = subscriptions.read_unsubscribe(network=network, token=token)
    except ValidationError as error:
        return render(request, "news/link_invalid.html", {"network": network, "error": error.messages[0]}, status=400)
    return render(
        request, "news/unsubscribe.html", {"network": network, "email": email, "done": request.method == "POST"}
    )
