"""/api/v1/networks and /api/v1/networks/{slug}: members' contacts only for the network's own people."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from renkei.accounts.models import ApiToken
from renkei.networks.models import Membership, Network, Officer
from renkei.networks.tests.public_helpers import add_members
from renkei.testing import ContactFactory, build_world

pytestmark = pytest.mark.django_db

LIST = "/api/v1/networks"
DETAIL = "/api/v1/networks/alliance"


@pytest.fixture
def world():
    w = build_world()
    Officer.objects.create(
        network=w.network,
        role=Officer.Role.PRESIDENT,
        person_name_ja="澤井 宏文",
        title_ja="松原市長",
        organisation=w.alice_org,
        order=0,
    )
    return w


def _token(user) -> str:
    raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="test", prefix=raw[:8], digest=ApiToken.hash(raw))
    return raw


def _emails(body) -> set[str]:
    return {c["email"] for m in body["members"] for c in (m["contacts"] or [])}


def test_list_gives_networks_with_member_counts(client, world):
    Network.objects.create(
        slug="empty", kind=Network.Kind.PROJECT, name_ja="空", name_en="Empty", secretariat=world.secretariat_org
    )
    body = client.get(LIST).json()
    assert body == [
        {
            "slug": "alliance",
            "name": "テスト首長連合",
            "name_en": "Test Mayors' Alliance",
            "short_name": "",
            "kind": "alliance",
            "member_count": 2,
        },
        {"slug": "empty", "name": "空", "name_en": "Empty", "short_name": "", "kind": "project", "member_count": 0},
    ]


def test_detail_gives_officers_and_members(client, world):
    Membership.objects.filter(organisation=world.alice_org).update(joined_on=datetime.date(2021, 11, 8))
    body = client.get(DETAIL).json()
    assert body["name"] == "テスト首長連合"
    assert body["secretariat"] == "連合事務局"
    assert body["member_count"] == 2
    assert body["officers"] == [
        {
            "role": "president",
            "person_name": "澤井 宏文",
            "title": "松原市長",
            "organisation": "松原市",
            "local_government": "272175",
        }
    ]
    members = {m["local_government"]: m for m in body["members"]}
    assert members["272175"]["organisation"] == "松原市"
    assert members["272175"]["organisation_en"] == "Matsubara City"
    assert members["272175"]["tier"] == "正会員"
    assert members["272175"]["joined_on"] == "2021-11-08"
    assert members["272175"]["prefecture_code"] == "27"
    assert members["162108"]["tier"] == "一般会員"


def test_only_active_members_are_listed(client, world):
    Membership.objects.create(
        network=world.network, organisation=world.charlie_org, tier=world.general, status=Membership.Status.WITHDRAWN
    )
    codes = [m["local_government"] for m in client.get(DETAIL).json()["members"]]
    assert "032115" not in codes and len(codes) == 2


def test_unknown_network_is_404(client, world):
    assert client.get("/api/v1/networks/no-such").status_code == 404


def test_anonymous_sees_no_contacts(client, world):
    body = client.get(DETAIL).json()
    assert body["contacts_visible"] is False
    assert all(m["contacts"] is None for m in body["members"])
    assert world.bob_contact.email not in str(body)


@pytest.mark.parametrize("persona", ["charlie", "dave"])
def test_non_members_see_no_contacts(client, world, persona):
    client.force_login(getattr(world, persona))
    body = client.get(DETAIL).json()
    assert body["contacts_visible"] is False
    assert _emails(body) == set()


def test_a_member_of_another_network_sees_none_of_this_ones_contacts(client, world):
    # Charlie's municipality and Bob's are fellow members elsewhere: that opens nothing here.
    other = Network.objects.create(
        slug="other", kind=Network.Kind.PROJECT, name_ja="別", secretariat=world.secretariat_org
    )
    tier = other.tiers.create(name_ja="会員", name="会員")
    Membership.objects.create(network=other, organisation=world.charlie_org, tier=tier)
    Membership.objects.create(network=other, organisation=world.bob_org, tier=tier)
    client.force_login(world.charlie)
    body = client.get(DETAIL).json()
    assert body["contacts_visible"] is False
    assert _emails(body) == set()


def test_a_member_sees_fellow_members_contacts(client, world):
    client.force_login(world.alice)
    body = client.get(DETAIL).json()
    assert body["contacts_visible"] is True
    members = {m["local_government"]: m for m in body["members"]}
    assert members["162108"]["contacts"] == [
        {
            "person_name": "南砺 二郎",
            "department": "企画課",
            "title": "主事",
            "email": "jiro@nanto.example.jp",
            "phone": "03-0000-0000",
            "is_primary": True,
        }
    ]
    assert _emails(body) == {"jiro@nanto.example.jp", "ichiro@matsubara.example.jp"}


def test_the_secretariat_sees_members_contacts(client, world):
    client.force_login(world.secretariat)
    assert _emails(client.get(DETAIL).json()) == {"jiro@nanto.example.jp", "ichiro@matsubara.example.jp"}


def test_a_suspended_members_staff_see_no_contacts(client, world):
    Membership.objects.filter(organisation=world.alice_org).update(status=Membership.Status.SUSPENDED)
    client.force_login(world.alice)
    assert _emails(client.get(DETAIL).json()) == set()


def test_alices_bearer_token_shows_contacts(client, world):
    body = client.get(DETAIL, headers={"Authorization": f"Bearer {_token(world.alice)}"}).json()
    assert "jiro@nanto.example.jp" in _emails(body)


@pytest.mark.parametrize("header", ["Bearer rk_not-a-real-token", "Bearer ", "Basic YWxpY2U6cGFzcw==", "rk_x"])
def test_a_bad_token_is_anonymous(client, world, header):
    _token(world.alice)
    response = client.get(DETAIL, headers={"Authorization": header})
    assert response.status_code == 200
    assert response.json()["contacts_visible"] is False
    assert _emails(response.json()) == set()


def test_a_revoked_token_is_anonymous(client, world):
    raw = _token(world.alice)
    ApiToken.objects.update(revoked_at=timezone.now())
    body = client.get(DETAIL, headers={"Authorization": f"Bearer {raw}"}).json()
    assert _emails(body) == set()


def test_charlies_token_shows_nothing(client, world):
    body = client.get(DETAIL, headers={"Authorization": f"Bearer {_token(world.charlie)}"}).json()
    assert _emails(body) == set()


def test_query_count_is_constant_with_member_count(client, world, django_assert_num_queries):
    headers = {"Authorization": f"Bearer {_token(world.alice)}"}
    client.get(DETAIL, headers=headers)  # records the token's first use
    # token, network, the reader's audience (staff roles, second factor, memberships, networks
    # run), contacts, officers, members
    cache.clear()
    with django_assert_num_queries(9):
        client.get(DETAIL, headers=headers)
    members = add_members(world.network, world.general, 598)
    for membership in members[:300]:
        ContactFactory(organisation_id=membership.organisation_id)
    cache.clear()
    with django_assert_num_queries(9):
        body = client.get(DETAIL, headers=headers).json()
    assert len(body["members"]) == 600
    assert len(_emails(body)) == 302
    with django_assert_num_queries(1):
        client.get(LIST)
