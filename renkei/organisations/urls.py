from django.urls import path

from renkei.organisations import views

app_name = "organisations"
urlpatterns = [
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
