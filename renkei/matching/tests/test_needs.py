"""Needs: who sees which (pages, suggestions, search), writing them, and bad input."""

import pytest
from django.urls import reverse

from renkei.matching.models import Dismissal, MatchDocument, Need
from renkei.search.services import search_rebuild

pytestmark = pytest.mark.django_db

MEMBERS_ONLY = "会員限定：伝統工芸の海外発信"
PUBLIC = "伝産品・工芸品の磨き上げ"


def _login(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("persona", "sees_members"),
    [("anonymous", False), ("charlie", False), ("dave", False), ("alice", True), ("bob", True), ("secretariat", True)],
)
def test_members_only_needs_reach_members_only(client, world, persona, sees_members):
    user = None if persona == "anonymous" else getattr(world, persona)
    _login(client, user)
    listing = client.get(reverse("matching:need_list")).content.decode()
    assert PUBLIC in listing
    assert (MEMBERS_ONLY in listing) is sees_members
    detail = client.get(reverse("matching:need_detail", args=[world.members_need.pk]))
    assert detail.status_code == (200 if sees_members else 404)
    # Alice's need page suggests Bob's similar need to members only.
    page = client.get(reverse("matching:need_detail", args=[world.public_need.pk])).content.decode()
    assert (MEMBERS_ONLY in page) is sees_members
    offer_page = client.get(reverse("matching:offer_detail", args=[world.offer.pk])).content.decode()
    assert (MEMBERS_ONLY in offer_page) is sees_members


@pytest.mark.parametrize("persona", ["anonymous", "charlie", "dave"])
def test_search_never_finds_members_only_needs(client, world, persona):
    search_rebuild()
    _login(client, None if persona == "anonymous" else getattr(world, persona))
    page = client.get(reverse("search:search"), {"q": "伝統工芸"}).content.decode()
    assert MEMBERS_ONLY not in page


def test_a_need_shows_the_offer_with_the_reason(client, world):
    client.force_login(world.alice)
    page = client.get(reverse("matching:need_detail", args=[world.public_need.pk])).content.decode()
    assert "Brand stories for traditional crafts" in page
    assert "ブランディング・魅力発信" in page  # the theme both share
    assert "価値の言語化" in page  # a word both use
    assert "Ask for an introduction" in page or "紹介を依頼" in page


def test_a_municipality_publishes_a_need(client, world):
    client.force_login(world.charlie)
    response = client.post(
        reverse("matching:need_new"),
        {
            "title": "津波避難訓練の充実",
            "description": "沿岸部の住民と学校を対象に津波避難訓練を行いたい。",
            "themes": [world.themes["disaster"].pk],
            "partner_kinds": ["company", "npo"],
            "timeline": "this_year",
            "scale": "small",
            "visibility": "public",
        },
    )
    need = Need.objects.get(title="津波避難訓練の充実")
    assert response.status_code == 302
    assert need.organisation == world.charlie_org
    assert MatchDocument.objects.filter(kind="need", object_id=need.pk).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "description": "x", "timeline": "this_year", "scale": "small", "visibility": "public"},
        {"title": "t", "description": "x", "timeline": "someday", "scale": "small", "visibility": "public"},
        {"title": "t", "description": "x", "timeline": "this_year", "scale": "huge", "visibility": "public"},
        {"title": "t", "description": "x", "timeline": "this_year", "scale": "small", "visibility": "secret"},
        {
            "title": "t",
            "description": "x",
            "timeline": "this_year",
            "scale": "small",
            "visibility": "public",
            "partner_kinds": ["aliens"],
        },
    ],
)
def test_bad_input_changes_nothing(client, world, data):
    client.force_login(world.alice)
    before = (Need.objects.count(), MatchDocument.objects.count())
    response = client.post(reverse("matching:need_new"), data)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert (Need.objects.count(), MatchDocument.objects.count()) == before


def test_a_company_cannot_publish_a_need(client, world):
    client.force_login(world.dave)
    assert client.get(reverse("matching:need_new")).status_code == 403


def test_only_the_municipality_edits_its_need(client, world):
    url = reverse("matching:need_edit", args=[world.public_need.pk])
    client.force_login(world.bob)
    assert client.post(url, {"title": "乗っ取り"}).status_code == 403
    client.force_login(world.alice)
    response = client.post(
        url,
        {
            "title": "新しい題",
            "description": "説明",
            "timeline": "ongoing",
            "scale": "small",
            "visibility": "public",
            "status": "closed",
        },
    )
    assert response.status_code == 302
    world.public_need.refresh_from_db()
    assert world.public_need.title == "新しい題"
    # A closed need leaves the suggestions.
    assert not MatchDocument.objects.filter(kind="need", object_id=world.public_need.pk).exists()


def test_a_dismissed_suggestion_does_not_return(client, world):
    client.force_login(world.alice)
    url = reverse("matching:need_detail", args=[world.public_need.pk])
    assert "Brand stories for traditional crafts" in client.get(url).content.decode()
    client.post(reverse("matching:dismiss"), {"kind": "offer", "object_id": world.offer.pk, "next": url})
    assert Dismissal.objects.filter(organisation=world.alice_org, kind="offer", object_id=world.offer.pk).exists()
    assert "Brand stories for traditional crafts" not in client.get(url).content.decode()
    # Only for Alice's organisation.
    client.force_login(world.secretariat)
    assert "Brand stories for traditional crafts" in client.get(url).content.decode()


def test_dismissing_needs_a_signed_in_organisation(client, world):
    response = client.post(reverse("matching:dismiss"), {"kind": "offer", "object_id": world.offer.pk})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Dismissal.objects.exists()
