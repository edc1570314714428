from django.urls import path

from renkei.board.views import interactions, posts

app_name = "board"

urlpatterns = [
    path("", posts.board, name="list"),
    path("new/", posts.post_new, name="post_new"),
    path("<int:pk>/", posts.post_detail, name="post_detail"),
    path("<int:pk>/reply/", interactions.reply_new, name="reply_new"),
]
