from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from renkei.lib.caching import cache_for_visitors, kept_page
from renkei.lib.dates import ten_minutes
from renkei.web.home import personal_home, personal_home_scopes, public_home, public_home_scopes


@cache_for_visitors(lambda request: public_home_scopes(), extra=ten_minutes)
def home(request):
    return render(request, "web/home.html", {"home": public_home()})


@login_required
def my_home(request):
    # Kept for this person alone (it lists what is theirs) until something on it changes.
    return kept_page(
        request,
        "web/my_home.html",
        lambda: {"home": personal_home(request.user, request.audience)},
        scopes=personal_home_scopes(request.user, request.audience),
        extra=(request.user.pk, *ten_minutes()),
    )
