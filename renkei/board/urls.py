from django.urls import path

from renkei.board.feeds import board_feed
from renkei.board.views import detail, interactions, manage, moderation, posts

app_name = "board"

urlpatterns = [
    path("", posts.board, name="list"),
    path("new/", posts.post_new, name="post_new"),
    path("preview/", posts.post_preview, name="post_preview"),
    path("<int:pk>/", detail.post_detail, name="post_detail"),
    path("<int:pk>/reply/", interactions.reply_new, name="reply_new"),
    path("feed/", board_feed, name="feed"),
    path("category/<int:category_id>/feed/", board_feed, name="category_feed"),
    path("<int:pk>/edit/", posts.post_edit, name="post_edit"),
    path("<int:pk>/close/", posts.post_close, name="post_close"),
    path("<int:pk>/history/", posts.post_history, name="post_history"),
    path("attachments/<int:pk>/", posts.attachment_file, name="attachment"),
    path("attachments/<int:pk>/thumbnail/", posts.attachment_thumbnail, name="attachment_thumbnail"),
    path("<int:pk>/interest/", interactions.interest_toggle, name="interest_toggle"),
    path("<int:pk>/interests/<int:interest_id>/messages/", interactions.interest_messages, name="interest_messages"),
    path("<int:pk>/pamphlet/", interactions.pamphlet_answer, name="pamphlet_answer"),
    path("<int:pk>/report/", moderation.report_new, name="report_new"),
    path("<int:pk>/pin/", moderation.post_pin, name="post_pin"),
    path("<int:pk>/hide/", moderation.post_hide, name="post_hide"),
    path("<int:pk>/lock/", moderation.post_lock, name="post_lock"),
    path("<int:pk>/move/", moderation.post_move, name="post_move"),
    path("<int:pk>/replies/<int:reply_id>/hide/", moderation.reply_hide, name="reply_hide"),
    path("reports/", moderation.report_list, name="reports"),
    path("reports/<int:report_id>/resolve/", moderation.report_resolve, name="report_resolve"),
    path("manage/categories/", manage.categories_edit, name="manage_categories"),
]
