"""The post form's preview: the body rendered as it will be published, for those who may post."""

import pytest

pytestmark = pytest.mark.django_db

PREVIEW = "/en/networks/alliance/board/preview/"
BODY = "### 防災\n\n**連携**の提案です。\n\n- 観光\n- 防災\n\n[資料](https://example.jp/)\n\n<script>alert(1)</script>"


def test_it_renders_the_body_as_markdown(client, world):
    client.force_login(world.alice)
    response = client.post(PREVIEW, {"body": BODY}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h3>防災</h3>" in html
    assert "<strong>連携</strong>" in html
    assert "<li>観光</li>" in html
    assert '<a href="https://example.jp/"' in html
    assert "<script>" not in html
    assert "<html" not in html  # a fragment for the form, not a page


def test_an_empty_body_asks_for_one(client, world):
    client.force_login(world.alice)
    assert "write the body first" in client.post(PREVIEW, {"body": "  "}).content.decode()


@pytest.mark.parametrize("persona", ["charlie", "dave"])
def test_it_refuses_those_who_may_not_post(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.post(PREVIEW, {"body": BODY}).status_code == 403


def test_it_asks_visitors_to_sign_in_and_answers_only_posts(client, world):
    assert client.post(PREVIEW, {"body": BODY}).status_code == 302
    client.force_login(world.alice)
    assert client.get(PREVIEW).status_code == 405


def test_it_is_protected_against_forged_requests(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice)
    assert client.post(PREVIEW, {"body": BODY}).status_code == 403


def test_the_form_offers_the_toolbar_and_the_preview(client, world):
    client.force_login(world.alice)
    page = client.get("/en/networks/alliance/board/new/").content.decode()
    assert 'role="toolbar" aria-label="Formatting"' in page
    assert f'hx-post="{PREVIEW}"' in page
    assert "renkei/js/editor" in page
    assert ">Save as draft</button>" in page
