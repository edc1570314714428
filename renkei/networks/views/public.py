"""The public pages of networks: the list, a network's page, and the application to join."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.functional import SimpleLazyObject

from renkei.board.selectors import board_scope
from renkei.lib.caching import cache_for_visitors
from renkei.networks import selectors, services
from renkei.networks.forms import ApplicationForm
from renkei.networks.models import Network, network_scope


def network_list(request):
    networks = selectors.networks_with_member_counts().order_by("id")
    return render(request, "networks/list.html", {"networks": networks})


def _network_page_scopes(request, slug: str) -> tuple[str, ...] | None:
    """What a visitor's network page shows: the network (members, officers, figures) and its public posts."""
    network = Network.objects.get_cached(slug)
    if network is None:
        return None
    return network_scope(network.pk), board_scope(network.pk)


@cache_for_visitors(_network_page_scopes)
def network_detail(request, slug: str):
    network = Network.objects.get_cached(slug)
    if network is None:
        raise Http404
    context = {
        "network": network,
        # Computed only when the cached fragment of the page is missing (see detail.html).
        "page": SimpleLazyObject(lambda: selectors.network_public_page(network)),
        "standing": network.standing_of(request.user),
    }
    return render(request, "networks/detail.html", context)


def network_apply(request, slug: str):
    network = get_object_or_404(Network.objects.select_related("secretariat"), slug=slug)
    form = ApplicationForm(request.POST or None, network=network)
    # A closed network shows why on the page and ignores anything posted.
    if network.accepts_applications and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.application_create(
                network=network,
                organisation_kind=form.organisation_kind(),
                local_government=data["local_government"],
                organisation_name=data["organisation_name"] if data["local_government"] is None else "",
                contact_name=data["contact_name"],
                department=data["department"],
                email=data["email"],
                phone=data["phone"],
                tier=data["tier"],
                message=data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("networks:apply_thanks", slug=network.slug)
    return render(request, "networks/apply.html", {"network": network, "form": form})


def network_apply_thanks(request, slug: str):
    network = get_object_or_404(Network, slug=slug)
    return render(request, "networks/apply_thanks.html", {"network": network})


urlpatterns = [
    path("", network_list, name="list"),
    path("<slug:slug>/", network_detail, name="detail"),
    path("<slug:slug>/apply/", network_apply, name="apply"),
    path("<slug:slug>/apply/thanks/", network_apply_thanks, name="apply_thanks"),
]
