from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from renkei.lib.caching import cache_for_visitors
from renkei.web.home import personal_home, public_home, public_home_scopes, ten_minutes


@cache_for_visitors(lambda request: public_home_scopes(), extra=ten_minutes)
def home(request):
    return render(request, "web/home.html", {"home": public_home()})


@login_required
def my_home(request):
    return render(request, "web/my_home.html", {"home": personal_home(request.user, request.audience)})
