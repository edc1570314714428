from django.urls import path

from renkei.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/language/", views.language_set, name="language_set"),
    path("profile/tokens/", views.api_token_create, name="api_token_create"),
    path("profile/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
