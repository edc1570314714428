"""Every action link is shown exactly to those it lets in: persona by page.

Templates mark action links and forms with ``data-action``. For each page and each persona who can
open it, the test collects the actions every persona was shown on that page, follows each as this
persona (GET: the form's page), and asserts it was shown to them exactly when it answers neither
403, 404 nor a redirect to sign in. A redirect to the second factor counts as allowed: the
secretariat's pages ask for it, and the secretariat persona has given it.
"""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renkei.board.models import Post, Reply
from renkei.board.services import categories_create_defaults
from renkei.events.tests.factories import make_event
from renkei.matching.models import Need, Programme
from renkei.news.models import Article
from renkei.partnerships.models import Activity, Partnership
from renkei.partnerships.services import Parties, partnership_create
from renkei.registry.models import OverseasGovernment
from renkei.testing import build_world, login_with_second_factor

pytestmark = pytest.mark.django_db

PERSONAS = ["visitor", "charlie", "alice", "dave", "secretariat", "admin"]


class Actions(HTMLParser):
    """The ``data-action`` links (their address) and GET forms (their action) of a page."""

    def __init__(self):
        super().__init__()
        self.found: set[tuple[str, str]] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "data-action" not in attributes:
            return
        if tag == "a":
            self.found.add((attributes["data-action"], attributes["href"]))
        elif tag == "form" and attributes.get("method", "get").lower() == "get":
            self.found.add((attributes["data-action"], attributes.get("action", "")))


def actions(html: str) -> set[tuple[str, str]]:
    parser = Actions()
    parser.feed(html)
    return parser.found


@pytest.fixture
def world(db):
    world = build_world()
    categories_create_defaults(world.network)
    world.admin = get_user_model().objects.create_superuser(email="root@example.jp", password="x" * 12)
    world.post = Post.objects.create(
        network=world.network,
        category=world.network.board_categories.first(),
        author=world.bob,
        author_organisation=world.bob_org,
        title="観光連携の提案",
        body="一緒に取り組みませんか。",
        visibility=Post.Visibility.PUBLIC,
    )
    Reply.objects.create(post=world.post, author=world.bob, author_organisation=world.bob_org, body="補足です。")
    world.event = make_event(world.network)
    world.partnership = partnership_create(
        user=None,
        parties=Parties(
            local_governments=[world.alice_org.local_government],
            overseas_governments=[OverseasGovernment.objects.get(name_en="Digne-les-Bains")],
            organisations=[],
        ),
        kind=Partnership.Kind.SISTER_CITY,
        established_on=datetime.date(1994, 1, 1),
        established_precision=Partnership.Precision.YEAR,
    )
    world.activity = Activity.objects.create(
        partnership=world.partnership, organisation=world.alice_org, kind="visit", title="訪問", starts_on="2025-01-01"
    )
    world.need = Need.objects.create(organisation=world.charlie_org, title="課題", description="説明")
    world.programme = Programme.objects.create(
        organisation=world.secretariat_org, network=world.network, agency="観光庁", title="事業", description="説明"
    )
    world.article = Article.objects.create(
        network=world.network, title="お知らせ", summary="要約", body="本文", published_at=timezone.now()
    )
    return world


def _client(world, who: str) -> Client:
    client = Client()
    if who == "secretariat":
        login_with_second_factor(client, world.secretariat)
    elif who != "visitor":
        client.force_login(getattr(world, who))
    return client


def _pages(world) -> dict[str, str]:
    slug = world.network.slug
    return {
        "network": reverse("networks:detail", args=[slug]),
        "board": reverse("board:list", args=[slug]),
        "post": reverse("board:post_detail", args=[slug, world.post.pk]),
        "event": reverse("events:detail", args=[world.event.pk]),
        "partnerships": reverse("partnerships:directory"),
        "local government": reverse("registry:detail", args=[world.alice_org.local_government.code]),
        "partnership": reverse("partnerships:detail", args=[world.partnership.pk]),
        "activity": reverse("partnerships:activity_detail", args=[world.activity.pk]),
        "matching": reverse("matching:home"),
        "need": reverse("matching:need_detail", args=[world.need.pk]),
        "programme": reverse("matching:programme_detail", args=[world.programme.pk]),
        "news": reverse("news:list", args=[slug]),
        "article": reverse("news:detail", args=[slug, world.article.pk]),
        "news desk": reverse("news:desk", args=[slug]),
        "inquiries inbox": reverse("inquiries:inbox", args=[slug]),
    }


def _allowed(response) -> bool:
    if response.status_code in (301, 302):
        return not response["Location"].startswith(reverse("account_login"))
    return response.status_code < 400


PAGES = [
    "network",
    "board",
    "post",
    "event",
    "partnerships",
    "local government",
    "partnership",
    "activity",
    "matching",
    "need",
    "programme",
    "news",
    "article",
    "news desk",
    "inquiries inbox",
]


@pytest.mark.parametrize("page", PAGES)
def test_each_action_is_shown_exactly_to_those_it_lets_in(world, page):
    url = _pages(world)[page]
    clients = {who: _client(world, who) for who in PERSONAS}
    shown: dict[str, set[tuple[str, str]]] = {}
    for who, client in clients.items():
        response = client.get(url)
        if response.status_code == 200:
            shown[who] = actions(response.content.decode())
    every = set().union(*shown.values())
    assert every, f"no action marked on the {page} page"
    mismatches = []
    for who, offered in shown.items():
        for name, href in sorted(every):
            allowed = _allowed(clients[who].get(href))
            if allowed != ((name, href) in offered):
                mismatches.append((who, name, href, "allowed" if allowed else "refused"))
    assert not mismatches, mismatches


def test_the_secretariat_is_not_offered_to_apply_to_its_own_network(world):
    url = reverse("networks:detail", args=[world.network.slug])
    names = {name for name, _href in actions(_client(world, "secretariat").get(url).content.decode())}
    assert "apply" not in names
    assert "manage" in names
    assert _client(world, "secretariat").get(reverse("networks:apply", args=[world.network.slug])).status_code == 403


def test_signed_in_municipal_staff_are_offered_to_record_and_import_and_visitors_are_not(world):
    url = reverse("partnerships:directory")
    for prefix in ("", "/en"):  # Japanese, then English
        visitor = {name for name, _href in actions(Client().get(prefix + url).content.decode())}
        staff = {name for name, _href in actions(_client(world, "alice").get(prefix + url).content.decode())}
        assert not visitor & {"record", "import", "profiles"}, prefix
        assert {"record", "import", "profiles"} <= staff, prefix
