from django.shortcuts import render

from renkei.networks.models import Network


def home(request):
    networks = Network.objects.select_related("secretariat").order_by("id")
    return render(request, "web/home.html", {"networks": networks})
