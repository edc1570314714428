from django.urls import path

from renkei.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("count/", views.count, name="count"),
    path("<int:pk>/open/", views.open_notification, name="open"),
    path("<int:pk>/read/", views.read, name="read"),
    path("read-all/", views.read_all, name="read_all"),
    path("follow/", views.follow, name="follow"),
    path("following/", views.follows, name="follows"),
    path("settings/", views.preferences, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
