from django.urls import path

from renkei.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.local_government_list, name="list"),
    path("suggest/", views.local_government_suggest, name="suggest"),
    path("<str:code>/", views.local_government_detail, name="detail"),
]
