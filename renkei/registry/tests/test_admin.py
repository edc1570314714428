"""The registry in Django's admin: searchable, not added to or deleted by hand."""

import pytest

from renkei.testing import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["かまいし", "ｶﾏｲｼ", "kamaishi", "032115"])
def test_admin_search_uses_the_registry_search(admin_client, query):
    response = admin_client.get("/admin/registry/localgovernment/", {"q": query})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list.values_list("code", flat=True)) == ["032115"]


def test_local_governments_cannot_be_added_or_deleted(admin_client):
    assert admin_client.get("/admin/registry/localgovernment/add/").status_code == 403
    assert admin_client.get("/admin/registry/localgovernment/032115/delete/").status_code == 403


def test_english_name_can_be_corrected_and_stays_searchable(admin_client):
    from renkei.registry.models import LocalGovernment

    response = admin_client.post(
        "/admin/registry/localgovernment/032115/change/",
        {"name_en": "Kamaishi-shi", "lat": "39.27", "lng": "141.88"},
    )
    assert response.status_code == 302
    kamaishi = LocalGovernment.objects.get(code="032115")
    assert kamaishi.name_en == "Kamaishi-shi"
    assert kamaishi.name == "釜石市"
    assert list(LocalGovernment.objects.search("kamaishi-shi")) == [kamaishi]


def test_non_staff_cannot_open_the_admin(client):
    client.force_login(UserFactory(email="plain@example.jp"))
    assert client.get("/admin/registry/localgovernment/").status_code == 302


def test_overseas_governments_are_listed(admin_client):
    assert admin_client.get("/admin/registry/overseasgovernment/").status_code == 200
