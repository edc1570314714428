import pytest

pytestmark = pytest.mark.django_db


def test_every_page_links_to_itself_in_the_other_language_keeping_the_search(client):
    html = client.get("/local-governments/", {"q": "釜石"}).content.decode()
    assert 'href="/en/local-governments/?q=%E9%87%9C%E7%9F%B3" hreflang="en"' in html
    html = client.get("/en/local-governments/", {"q": "釜石"}).content.decode()
    assert 'href="/local-governments/?q=%E9%87%9C%E7%9F%B3" hreflang="ja"' in html
