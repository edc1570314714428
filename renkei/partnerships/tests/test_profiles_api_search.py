import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from renkei.partnerships.models import IntroductionRequest, PartnerProfile
from renkei.partnerships.services import profile_save
from renkei.search.models import SearchEntry


@pytest.fixture
def profile(world):
    return profile_save(
        government=world.charlie_org.local_government,
        user=world.charlie,
        countries_wanted="FR IT",
        regions_wanted="ヨーロッパ",
        overview_ja="ラグビーと鉄の町です。",
        is_open=True,
    )


def test_a_municipality_writes_its_profile(client, world):
    client.force_login(world.alice)
    response = client.post(
        "/partnerships/profiles/edit/272175/",
        {
            "countries_wanted": ["US", "AU"],
            "overview_ja": "大阪府南部の市です。",
            "population": "118000",
            "is_open": "on",
        },
    )
    assert response.status_code == 302
    assert PartnerProfile.objects.get().countries_wanted == "US AU"


@pytest.mark.parametrize("persona", ["bob", "dave"])
def test_nobody_writes_another_municipalitys_profile(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get("/partnerships/profiles/edit/272175/").status_code == 403


def test_a_profile_needs_an_overview(client, world):
    client.force_login(world.alice)
    response = client.post("/partnerships/profiles/edit/272175/", {"countries_wanted": ["US"]})
    assert response.status_code == 200 and not PartnerProfile.objects.exists()


def test_profiles_are_for_signed_in_users(client, profile):
    assert client.get("/partnerships/profiles/").status_code == 302
    assert client.get(f"/partnerships/profiles/{profile.pk}/").status_code == 302
    assert not SearchEntry.objects.visible_to(AnonymousUser()).filter(title__contains="釜石").exists()


def test_signed_in_users_search_profiles_by_country_and_words(client, world, profile):
    client.force_login(world.dave)
    assert f"/partnerships/profiles/{profile.pk}/" in client.get("/partnerships/profiles/?country=FR").content.decode()
    assert (
        f"/partnerships/profiles/{profile.pk}/" not in client.get("/partnerships/profiles/?country=US").content.decode()
    )
    assert f"/partnerships/profiles/{profile.pk}/" in client.get("/partnerships/profiles/?q=ラグビー").content.decode()


def test_an_introduction_request_is_recorded_emailed_and_listed(client, world, profile):
    client.force_login(world.dave)
    response = client.post(
        f"/partnerships/profiles/{profile.pk}/",
        {"organisation": world.company_org.pk, "message": "フランスとの交流を仲介できます。"},
    )
    assert response.status_code == 302
    assert IntroductionRequest.objects.get().requester == world.dave
    assert mail.outbox[0].to == ["saburo@kamaishi.example.jp"]
    assert "フランスとの交流を仲介できます。" in mail.outbox[0].body
    assert "釜石市" in client.get("/partnerships/profiles/my-requests/").content.decode()
    client.force_login(world.bob)
    assert "釜石市" not in client.get("/partnerships/profiles/my-requests/").content.decode()


def test_an_empty_request_is_refused(client, world, profile):
    client.force_login(world.dave)
    response = client.post(
        f"/partnerships/profiles/{profile.pk}/", {"organisation": world.company_org.pk, "message": ""}
    )
    assert response.status_code == 200 and not IntroductionRequest.objects.exists() and mail.outbox == []


def test_the_api_lists_partnerships_by_local_government_country_and_kind(client, kamaishi_digne, matsubara_abroad):
    data = client.get("/api/v1/partnerships?local_government=032115").json()
    assert [item["id"] for item in data["items"]] == [kamaishi_digne.pk] and data["count"] == 1
    assert client.get("/api/v1/partnerships?country=at").json()["items"][0]["id"] == matsubara_abroad.pk
    assert client.get("/api/v1/partnerships?kind=comprehensive").json()["count"] == 0
    item = client.get(f"/api/v1/partnerships/{kamaishi_digne.pk}").json()
    assert item["established"] == "1994年" and item["established_precision"] == "year"
    assert {party["name_en"] for party in item["parties"]} == {"Kamaishi City", "Digne-les-Bains"}


@pytest.mark.parametrize(
    "query", ["local_government=12", "local_government=999999", "country=FRA", "kind=marriage", "limit=1000"]
)
def test_the_api_answers_bad_filters_with_an_error(client, kamaishi_digne, query):
    assert client.get(f"/api/v1/partnerships?{query}").status_code in (404, 422)


def test_header_search_finds_partnerships(client, kamaishi_digne):
    page = client.get("/search/?q=ディーニュ").content.decode()
    assert f"/partnerships/{kamaishi_digne.pk}/" in page
