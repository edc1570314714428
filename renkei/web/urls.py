from django.urls import path

from renkei.web import outbox, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("home/", views.my_home, name="my_home"),
    path("outbox/", outbox.outbox, name="outbox"),
    path("outbox/<str:name>/", outbox.outbox_email, name="outbox_email"),
]
