"""The admin for the email-based user and API tokens."""

import pytest
from django.contrib.auth import get_user_model

from renkei.accounts.services import api_token_create
from renkei.testing import UserFactory

pytestmark = pytest.mark.django_db


def test_users_are_listed_searched_and_edited_by_email(admin_client):
    user = UserFactory(email="hanako@example.jp", name="花子")
    assert "hanako@example.jp" in admin_client.get("/en/admin/accounts/user/?q=hanako").content.decode()
    assert admin_client.get(f"/en/admin/accounts/user/{user.pk}/change/").status_code == 200


def test_a_user_is_added_with_an_email_and_a_password(admin_client):
    response = admin_client.post(
        "/en/admin/accounts/user/add/",
        {
            "email": "new@example.jp",
            "name": "新人",
            "password1": "a long new passphrase",
            "password2": "a long new passphrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(email="new@example.jp").check_password("a long new passphrase")


def test_tokens_show_their_prefix_never_the_token(admin_client):
    token, raw = api_token_create(user=UserFactory(), name="script")
    html = admin_client.get("/en/admin/accounts/apitoken/").content.decode()
    assert token.prefix in html and raw not in html
