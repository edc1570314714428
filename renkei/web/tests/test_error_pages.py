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
