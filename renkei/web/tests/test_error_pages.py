import pytest
from django.utils import translation
from django.utils.translation import gettext

from renkei.testing import build_world

pytestmark = pytest.mark.django_db


def test_a_refusal_is_shown_in_the_sites_layout_and_language(client):
    world = build_world()
    client.force_login(world.charlie)
    response = client.get(f"/networks/{world.network.slug}/directory/")
    assert response.status_code == 403
    html = response.content.decode()
    with translation.override("ja"):
        assert gettext("No access to this page") in html
        assert gettext("My page") in html  # the site's own header, signed in
    assert '<html lang="ja">' in html
    assert "南砺 二郎" not in html


def test_an_unknown_page_is_shown_in_the_sites_layout(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert '<html lang="en">' in html


def _raising(error):
    def view(request):
        raise error

    return view


@pytest.mark.parametrize(
    "error",
    [
        __import__("redis").exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
        __import__("django.db", fromlist=["OperationalError"]).OperationalError(
            'connection failed: connection to server at "127.0.0.1", port 5432 failed: Connection refused'
        ),
    ],
)
def test_a_request_while_the_database_or_cache_is_down_gets_a_clean_503(rf, error):
    from renkei.web.errors import server_error

    request = rf.get("/")
    try:
        _raising(error)(request)
    except Exception:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "入力した内容は保存されていません" in html and "nothing you sent was saved" in html


def test_any_other_failure_is_a_server_error(rf):
    from renkei.web.errors import server_error

    request = rf.get("/")
    try:
        _raising(ValueError("a bug"))(request)
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Server error" in response.content.decode()
