"""/api/v1/needs, offers, programmes and suggestions: the pages' visibility, and bad input."""

import pytest

from renkei.matching import services

pytestmark = pytest.mark.django_db

MEMBERS_ONLY = "会員限定：伝統工芸の海外発信"


def _titles(response) -> set[str]:
    return {item["title"] for item in response.json()["items"]}


@pytest.mark.parametrize(
    ("persona", "sees_members"), [("anonymous", False), ("charlie", False), ("dave", False), ("alice", True)]
)
def test_needs_and_suggestions_keep_members_needs_to_members(client, world, persona, sees_members):
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    assert (MEMBERS_ONLY in _titles(client.get("/api/v1/needs"))) is sees_members
    suggestions = client.get(f"/api/v1/needs/{world.public_need.pk}/suggestions")
    assert suggestions.status_code == 200
    assert (MEMBERS_ONLY in _titles(suggestions)) is sees_members
    assert client.get(f"/api/v1/needs/{world.members_need.pk}/suggestions").status_code == (
        200 if sees_members else 404
    )


def test_suggestions_say_why(client, world):
    body = client.get(f"/api/v1/needs/{world.public_need.pk}/suggestions").json()
    offer = next(item for item in body["items"] if item["type"] == "offer")
    assert offer["id"] == world.offer.pk
    assert set(offer) == {"type", "id", "title", "score", "reasons"}
    assert any("ブランディング" in reason for reason in offer["reasons"])


def test_offers_and_programmes_are_listed_and_paginated(client, world):
    services.programme_create(
        organisation=world.agency_org,
        author=world.erin,
        network=world.network,
        agency="経済産業省",
        title="伝産品の磨き上げ事業",
        description="工芸品のブランディングを支援",
        visibility="public",
    )
    services.programme_create(
        organisation=world.agency_org,
        author=world.erin,
        network=world.network,
        agency="文化庁",
        title="会員向けの文化事業",
        description="文化",
        visibility="members",
    )
    assert _titles(client.get("/api/v1/offers")) == {world.offer.title}
    assert _titles(client.get("/api/v1/programmes")) == {"伝産品の磨き上げ事業"}
    client.force_login(world.bob)
    assert _titles(client.get("/api/v1/programmes")) == {"伝産品の磨き上げ事業", "会員向けの文化事業"}
    page = client.get("/api/v1/programmes", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and len(page["items"]) == 1


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1000}, {"offset": -1}, {"limit": "many"}])
def test_bad_paging_is_refused(client, world, params):
    assert client.get("/api/v1/needs", params).status_code == 422
