from django.urls import path

from renkei.board import views

app_name = "board"

urlpatterns = [
    path("", views.board, name="list"),
    path("new/", views.post_new, name="post_new"),
    path("<int:pk>/", views.post_detail, name="post_detail"),
    path("<int:pk>/reply/", views.reply_new, name="reply_new"),
]
