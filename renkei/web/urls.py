from django.urls import path

from renkei.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("home/", views.my_home, name="my_home"),
]
