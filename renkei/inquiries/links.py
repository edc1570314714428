"""URLs of a desk's pages: the platform's have no slug, a network's carry its slug."""

from django.urls import reverse

from renkei.networks.models import Network


def desk_url(name: str, network: Network | None, *args) -> str:
    """``desk_url("inbox", network)``: /contact/<slug>/inbox/, or /contact/inbox/ for the platform."""
    if network is None:
        return reverse(f"inquiries:platform_{name}", args=args)
    return reverse(f"inquiries:{name}", args=[network.slug, *args])
