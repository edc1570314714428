"""/api/v1/local-governments, and the API's OpenAPI document and docs page."""

import re

import pytest
from django.utils import translation

from renkei.registry.models import LocalGovernment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _japanese():
    # A request to /en/ leaves English active in this thread; URLs reversed afterwards would get /en/.
    with translation.override("ja"):
        yield


API = "/api/v1/local-governments"


@pytest.mark.parametrize("query", ["釜石", "かまいし", "カマイシ", "ｶﾏｲｼ", "Kamaishi", "kamaishi"])
def test_it_searches_in_every_script(client, query):
    body = client.get(API, {"q": query}).json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "code": "032115",
            "name": "釜石市",
            "name_kana": "かまいしし",
            "name_en": "Kamaishi City",
            "kind": "city",
            "prefecture_code": "03",
            "region": "tohoku",
            "lat": body["items"][0]["lat"],
            "lng": body["items"][0]["lng"],
        }
    ]
    assert 38 < body["items"][0]["lat"] < 40


def test_it_lists_all_1788_a_page_at_a_time(client):
    body = client.get(API).json()
    assert body["count"] == 1788
    assert len(body["items"]) == 50
    second = client.get(API, {"limit": 50, "offset": 50}).json()
    assert {i["code"] for i in body["items"]}.isdisjoint({i["code"] for i in second["items"]})


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"prefecture": "03"}, 34),
        ({"prefecture": "030007"}, 34),
        ({"kind": "ward"}, 23),
        ({"region": "shikoku", "kind": "prefecture"}, 4),
        ({"prefecture": "13", "kind": "ward"}, 23),
    ],
)
def test_it_filters(client, params, count):
    assert client.get(API, params).json()["count"] == count


def test_order_is_gojuon(client):
    # The API is not under a language prefix, so it answers in Japanese order.
    kana = [i["name_kana"] for i in client.get(API, {"kind": "ward", "limit": 23}).json()["items"]]
    assert kana == sorted(kana)
    assert kana[0] == "あだちく"


@pytest.mark.parametrize("limit", ["0", "501", "-1", "many"])
def test_bad_limit_is_422_with_a_message(client, limit):
    response = client.get(API, {"limit": limit})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["query", "limit"]
    assert detail[0]["msg"]


@pytest.mark.parametrize("params", [{"offset": "-5"}, {"kind": "castle"}, {"region": "x"}, {"prefecture": "3"}])
def test_other_bad_parameters_are_422(client, params):
    assert client.get(API, params).status_code == 422


def test_one_by_code(client):
    body = client.get(f"{API}/272175").json()
    assert body["name"] == "松原市"
    assert body["name_en"] == "Matsubara City"
    assert body["prefecture_code"] == "27"


@pytest.mark.parametrize("code", ["012021", "999999", "27217", "abcdef", "2721755"])
def test_unknown_or_malformed_code_is_404(client, code):
    # 012025 is 函館市; 012021 has a wrong check digit.
    response = client.get(f"{API}/{code}")
    assert response.status_code == 404
    assert client.get(f"{API}/012025").json()["name"] == "函館市"


def test_list_query_count_is_constant(client, django_assert_num_queries):
    for params in ({}, {"limit": 500}, {"q": "市", "offset": 300}, {"prefecture": "01"}):
        with django_assert_num_queries(2):
            client.get(API, params)
        # Asked again, the answer comes from the cache.
        with django_assert_num_queries(0):
            client.get(API, params)


def test_a_change_to_the_registry_shows_in_the_api_at_once(client):
    assert client.get(API, {"q": "kamaishi"}).json()["items"][0]["name_en"] == "Kamaishi City"
    kamaishi = LocalGovernment.objects.get(code="032115")
    kamaishi.name_en = "Kamaishi"
    kamaishi.save()
    assert client.get(API, {"q": "kamaishi"}).json()["items"][0]["name_en"] == "Kamaishi"


def test_openapi_lists_the_paths(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/local-governments",
        "/api/v1/local-governments/{code}",
        "/api/v1/networks",
        "/api/v1/networks/{slug}",
    ):
        assert path in paths
    limit = next(p for p in paths["/api/v1/local-governments"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 500


def test_docs_render_from_our_own_static_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    # Nothing from another host: every src and href is a path on this site.
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith("/"), url
    assert "cdn" not in html.lower()
    assert '"validatorUrl": null' in html


def test_docs_static_files_are_served(client):
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-init.js"):
        assert client.get(f"/static/ninja/{name}").status_code == 200
