from django.urls import path

from renkei.news.views import manage, public, subscriptions

app_name = "news"

urlpatterns = [
    path("", public.article_list, name="list"),
    path("<int:pk>/", public.article_detail, name="detail"),
    path("<int:pk>/photo/", public.lead_image, name="lead_image"),
    path("<int:pk>/photo/thumbnail/", public.lead_thumbnail, name="lead_thumbnail"),
    path("photos/<int:photo_id>/", public.photo, name="photo"),
    path("photos/<int:photo_id>/thumbnail/", public.photo_thumbnail, name="photo_thumbnail"),
    path("feed/", public.feed, name="feed"),
    path("newsletters/", public.issue_list, name="issues"),
    path("newsletters/<int:pk>/", public.issue_detail, name="issue_detail"),
    path("subscribe/", subscriptions.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>/", subscriptions.subscribe_confirm, name="subscribe_confirm"),
    path("unsubscribe/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    path("manage/", manage.desk, name="desk"),
    path("manage/articles/new/", manage.article_new, name="article_new"),
    path("manage/articles/<int:pk>/", manage.article_edit, name="article_edit"),
    path("manage/articles/<int:pk>/delete/", manage.article_delete, name="article_delete"),
    path("manage/articles/<int:pk>/photos/", manage.photo_add, name="photo_add"),
    path("manage/articles/<int:pk>/photos/<int:photo_id>/delete/", manage.photo_delete, name="photo_delete"),
    path("manage/newsletters/new/", manage.issue_new, name="issue_new"),
    path("manage/newsletters/<int:pk>/", manage.issue_edit, name="issue_edit"),
    path("manage/newsletters/<int:pk>/items/<int:item_id>/move/", manage.issue_move, name="issue_move"),
    path("manage/newsletters/<int:pk>/test/", manage.issue_test, name="issue_test"),
    path("manage/newsletters/<int:pk>/send/", manage.issue_send, name="issue_send"),
    path("manage/newsletters/<int:pk>/resume/", manage.issue_resume, name="issue_resume"),
    path("manage/newsletters/<int:pk>/delete/", manage.issue_delete, name="issue_delete"),
]
