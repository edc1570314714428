from django.urls import path

from renkei.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.local_government_list, name="list"),
    path("<str:code>/", views.local_government_detail, name="detail"),
]
