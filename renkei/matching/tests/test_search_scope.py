"""Search finds a programme for exactly those who may open its page, on /search/ and /api/v1/search."""

import pytest
from django.urls import reverse

from renkei.matching import services
from renkei.networks.models import Membership
from renkei.search.services import search_rebuild
from renkei.testing import login_with_second_factor

pytestmark = pytest.mark.django_db

MEMBERS = "会員向け伝統工芸ブランディング支援事業"
DRAFT = "下書きの観光分散化モデル事業"


@pytest.fixture
def programmes(world):
    fields = {
        "organisation": world.agency_org,
        "author": world.erin,
        "network": world.network,
        "agency": "経済産業省",
        "description": "伝統工芸の価値の言語化。",
        "visibility": "members",
        "target_regions": ["kinki"],
    }
    members = services.programme_create(title=MEMBERS, **fields)
    draft = services.programme_create(title=DRAFT, is_draft=True, **fields)
    # Alice's town has left the network since: the programme was addressed to it, so it stays open to it.
    Membership.objects.filter(organisation=world.alice_org).update(status=Membership.Status.WITHDRAWN)
    return members, draft


# Who may open each page (and so find it): the publisher, the secretariat, the network's members
# and the targets; a draft, only its publisher and the secretariat.
CASES = [
    ("anonymous", False, False),
    ("charlie", False, False),  # a municipality in no network
    ("dave", False, False),  # a company
    ("bob", True, False),  # a member, not targeted
    ("alice", True, False),  # targeted, no longer a member
    ("erin", True, True),  # the agency that published it, in no network
    ("secretariat", True, True),
]


def _login(client, world, persona):
    if persona == "secretariat":
        login_with_second_factor(client, world.secretariat)
    elif persona != "anonymous":
        client.force_login(getattr(world, persona))


@pytest.mark.parametrize("rebuilt", [False, True], ids=["as-saved", "rebuilt"])
@pytest.mark.parametrize(("persona", "finds_members", "finds_draft"), CASES)
def test_search_finds_a_programme_for_whoever_may_open_it(
    client, world, programmes, persona, finds_members, finds_draft, rebuilt
):
    members, draft = programmes
    if rebuilt:
        search_rebuild()
    _login(client, world, persona)
    for programme, finds in ((members, finds_members), (draft, finds_draft)):
        page = client.get(reverse("matching:programme_detail", args=[programme.pk]))
        assert page.status_code == (200 if finds else 404)
    results = client.get(reverse("search:search"), {"q": "事業"}).content.decode()
    assert (MEMBERS in results) is finds_members
    assert (DRAFT in results) is finds_draft
    api = client.get("/api/v1/search", {"q": "事業", "type": "matching.programme"}).json()
    titles = {item["title"] for item in api["items"]}
    assert titles == {title for title, finds in ((MEMBERS, finds_members), (DRAFT, finds_draft)) if finds}
    assert api["count"] == len(titles)


def test_a_published_draft_is_found_by_those_it_reaches(client, world, programmes):
    _members, draft = programmes
    client.force_login(world.bob)
    assert DRAFT not in client.get(reverse("search:search"), {"q": "観光"}).content.decode()
    Membership.objects.filter(organisation=world.alice_org).update(status=Membership.Status.ACTIVE)
    services.programme_publish(programme=draft)
    assert DRAFT in client.get(reverse("search:search"), {"q": "観光"}).content.decode()
    client.force_login(world.charlie)
    assert DRAFT not in client.get(reverse("search:search"), {"q": "観光"}).content.decode()
