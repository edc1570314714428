from django.shortcuts import get_object_or_404, render
from django.urls import path

from renkei.networks.models import Network


def network_list(request):
    return render(request, "networks/list.html", {"networks": Network.objects.select_related("secretariat")})


def network_detail(request, slug: str):
    network = get_object_or_404(Network, slug=slug)
    return render(request, "networks/detail.html", {"network": network})


urlpatterns = [
    path("", network_list, name="list"),
    path("<slug:slug>/", network_detail, name="detail"),
]
