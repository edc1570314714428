from django.urls import path

from renkei.partnerships import views, views_exchange
from renkei.partnerships.feeds import anniversary_feed

app_name = "partnerships"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("import/", views.import_file, name="import"),
    path("export/", views.export, name="export"),
    path("statistics/", views.statistics, name="statistics"),
    path("anniversaries/", views.anniversaries, name="anniversaries"),
    path("anniversaries/feed/", anniversary_feed, name="anniversaries_feed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("activities/", views_exchange.activity_list, name="activities"),
    path("activities/new/", views_exchange.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views_exchange.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views_exchange.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/photos/new/", views_exchange.photo_add, name="photo_add"),
    path("activities/<int:pk>/photos/<int:photo_id>/delete/", views_exchange.photo_delete, name="photo_delete"),
    path("photos/<int:photo_id>/", views_exchange.photo_file, name="photo"),
    path("photos/<int:photo_id>/thumbnail/", views_exchange.photo_file, {"size": "thumb"}, name="photo_thumbnail"),
    path("profiles/", views_exchange.profile_list, name="profiles"),
    path("profiles/<int:pk>/", views_exchange.profile_detail, name="profile_detail"),
    path("profiles/edit/<str:code>/", views_exchange.profile_edit, name="profile_edit"),
    path("profiles/my-requests/", views_exchange.my_requests, name="my_requests"),
]
