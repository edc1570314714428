from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from renkei.web.home import personal_home, public_home


def home(request):
    return render(request, "web/home.html", {"home": public_home()})


@login_required
def my_home(request):
    return render(request, "web/my_home.html", {"home": personal_home(request.user, request.audience)})
