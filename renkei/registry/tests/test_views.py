"""The public registry pages: /local-governments/ and /local-governments/<code>/."""

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from renkei.registry.models import LocalGovernment
from renkei.testing import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _japanese():
    # A request to /en/ leaves English active in this thread; URLs reversed afterwards would get /en/.
    with translation.override("ja"):
        yield


LIST = "/local-governments/"


def _names(response) -> list[str]:
    return [lg.name for lg in response.context["listing"].page.object_list]


@pytest.mark.parametrize(
    "query", ["釜石", "かまいし", "カマイシ", "ｶﾏｲｼ", "Kamaishi", "kamaishi", "KAMAISHI", "032115"]
)
def test_search_finds_kamaishi_from_kanji_kana_romaji_and_code(client, query):
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    assert _names(response) == ["釜石市"]
    assert "032115" in response.content.decode()


def test_search_words_narrow_the_result(client):
    assert {"府中市", "府中町"} <= set(_names(client.get(LIST, {"q": "府中"})))
    assert _names(client.get(LIST, {"q": "府中 ふちゅうちょう"})) == ["府中町"]


def test_unmatched_search_says_so(client):
    response = client.get(LIST, {"q": "存在しない町"})
    assert _names(response) == []
    assert gettext("No local government matches.") in response.content.decode()
    assert gettext("No local government matches.") != "No local government matches."  # shown in Japanese


def test_unfiltered_list_counts_all_1788(client):
    response = client.get(LIST)
    assert response.context["listing"].page.paginator.count == 1788
    assert len(_names(response)) == 50


def test_it_filters_by_prefecture(client):
    response = client.get(LIST, {"prefecture": "03"})
    governments = response.context["listing"].page.paginator.object_list
    assert governments.count() == 34  # 岩手県 and its 33 municipalities
    assert {lg.code[:2] for lg in governments} == {"03"}


def test_it_filters_by_region_and_kind(client):
    response = client.get(LIST, {"region": "shikoku", "kind": "prefecture"})
    assert sorted(_names(response)) == sorted(["徳島県", "香川県", "愛媛県", "高知県"])


def test_it_filters_the_23_special_wards(client):
    response = client.get(LIST, {"kind": "ward"})
    assert response.context["listing"].page.paginator.count == 23


def test_bad_filter_value_shows_an_error(client):
    response = client.get(LIST, {"region": "atlantis"})
    assert response.status_code == 200
    assert response.context["listing"].form.errors["region"]
    assert 'aria-invalid="true"' in response.content.decode()


def test_japanese_order_is_gojuon(client):
    page = client.get(LIST, {"prefecture": "13", "kind": "ward"}).context["listing"].page
    kana = [lg.name_kana for lg in page]
    assert kana == sorted(kana)
    assert page[0].name == "足立区"  # あだちく comes first in 五十音 order


def test_english_order_is_alphabetical(client):
    page = client.get("/en" + LIST, {"prefecture": "13", "kind": "ward"}).context["listing"].page
    names = [lg.name_en for lg in page]
    assert names == sorted(names)
    assert names[0] == "Adachi City"


def test_english_page_shows_english_prefecture_names(client):
    content = client.get("/en" + LIST, {"q": "kamaishi"}).content.decode()
    assert "Iwate Prefecture" in content
    assert 'lang="en"' in content


def test_list_query_count_is_constant_whatever_the_page_or_filter(client, django_assert_num_queries):
    requests = [
        {},
        {"page": "30"},
        {"q": "かまいし"},
        {"prefecture": "27", "kind": "city"},
        {"region": "kinki", "page": "2"},
    ]
    for params in requests:
        for alias in caches:
            caches[alias].clear()
        # The prefecture choices, the count and the page (the registry's generation is in the cache).
        with django_assert_num_queries(3):
            client.get(LIST, params)
        # Again: the results come from the cache.
        with django_assert_num_queries(0):
            client.get(LIST, params)


def test_a_change_to_the_registry_shows_at_once(client):
    assert "Kamaishi City" in client.get("/en" + LIST, {"q": "kamaishi"}).content.decode()
    kamaishi = LocalGovernment.objects.get(code="032115")
    kamaishi.name_en = "Kamaishi City (renamed)"
    kamaishi.save()
    assert "Kamaishi City (renamed)" in client.get("/en" + LIST, {"q": "kamaishi"}).content.decode()


def test_visitors_are_served_a_kept_page_and_signed_in_users_their_own(client, django_assert_num_queries):
    first = client.get(LIST, {"q": "かまいし"}).content.decode()
    with django_assert_num_queries(0):
        again = client.get(LIST, {"q": "かまいし"})
    assert again.content.decode() == first and "釜石市" in first
    client.force_login(UserFactory())
    signed_in = client.get(LIST, {"q": "かまいし"}).content.decode()
    assert "釜石市" in signed_in and reverse("account_logout") in signed_in
    assert reverse("account_logout") not in first


def test_detail_shows_a_municipality(client):
    response = client.get(reverse("registry:detail", args=["032115"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "岩手県釜石市" in content
    assert "かまいしし" in content
    assert "Kamaishi City" in content
    assert reverse("registry:detail", args=["030007"]) in content


def test_detail_of_a_prefecture_lists_its_municipalities(client):
    response = client.get(reverse("registry:detail", args=["030007"]))
    assert response.status_code == 200
    assert len(list(response.context["municipalities"])) == 33
    assert "釜石市" in response.content.decode()


def test_detail_in_english(client):
    content = client.get("/en/local-governments/032115/").content.decode()
    assert "Kamaishi City, Iwate Prefecture" in content


@pytest.mark.parametrize("code", ["999999", "032116", "abc", "0321150"])
def test_detail_of_an_unknown_code_is_404(client, code):
    assert client.get(f"/local-governments/{code}/").status_code == 404


def test_suggestions_list_matches_with_their_codes(client):
    response = client.get(reverse("registry:suggest"), {"q": "ｶﾏｲｼ"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-suggest-value="032115"' in content
    assert "岩手県釜石市" in content


def test_suggestions_read_the_application_form_field(client):
    content = client.get(reverse("registry:suggest"), {"local_government": "matsubara"}).content.decode()
    assert 'data-suggest-value="272175"' in content


def test_suggestions_are_at_most_ten(client):
    content = client.get(reverse("registry:suggest"), {"q": "市"}).content.decode()
    assert content.count("data-suggest-value") == 10


def test_suggestions_say_when_nothing_matches(client):
    content = client.get(reverse("registry:suggest"), {"q": "zzzz"}).content.decode()
    assert gettext("No local government matches.") in content
    assert client.get(reverse("registry:suggest")).content.decode().strip() == ""


def test_search_queryset_matches_all_scripts():
    for query in ("釜石", "かまいし", "カマイシ", "ｶﾏｲｼ", "Kamaishi", "kamaishi"):
        assert list(LocalGovernment.objects.search(query).values_list("code", flat=True)) == ["032115"]
