from django.urls import path

from renkei.matching.views import home, introductions, needs, offers, programmes

app_name = "matching"

urlpatterns = [
    path("", home.home, name="home"),
    path("needs/", needs.need_list, name="need_list"),
    path("needs/new/", needs.need_new, name="need_new"),
    path("needs/<int:pk>/", needs.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", needs.need_edit, name="need_edit"),
    path("offers/", offers.offer_list, name="offer_list"),
    path("offers/new/", offers.offer_new, name="offer_new"),
    path("offers/<int:pk>/", offers.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", offers.offer_edit, name="offer_edit"),
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/new/", programmes.programme_new, name="programme_new"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", programmes.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/publish/", programmes.programme_publish, name="programme_publish"),
    path("programmes/<int:pk>/status/", programmes.programme_status, name="programme_status"),
    path("programmes/<int:pk>/relay/", programmes.programme_relay, name="programme_relay"),
    path("programmes/<int:pk>/remind/", programmes.programme_remind, name="programme_remind"),
    path("suggestions/dismiss/", introductions.dismiss, name="dismiss"),
    path("introductions/", introductions.introduction_list, name="introduction_list"),
    path("introductions/new/", introductions.introduction_new, name="introduction_new"),
    path("introductions/<int:pk>/", introductions.introduction_detail, name="introduction_detail"),
    path("introductions/<int:pk>/decide/", introductions.introduction_decide, name="introduction_decide"),
    path("introductions/<int:pk>/messages/", introductions.introduction_message, name="introduction_message"),
    path(
        "secretariat/<slug:slug>/introductions/",
        introductions.secretariat_introductions,
        name="secretariat_introductions",
    ),
    path(
        "secretariat/<slug:slug>/introductions/<int:pk>/",
        introductions.secretariat_outcome,
        name="secretariat_outcome",
    ),
]
