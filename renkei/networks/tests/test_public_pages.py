"""The public network pages: /networks/ and /networks/<slug>/."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from renkei.networks.models import Membership, Network, NetworkFigure, Officer
from renkei.networks.tests.public_helpers import add_members
from renkei.organisations.models import Organisation
from renkei.testing import OrganisationFactory, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _japanese():
    # A request to /en/ leaves English active in this thread; URLs reversed afterwards would get /en/.
    with translation.override("ja"):
        yield


@pytest.fixture
def world():
    w = build_world()
    w.network.established_on = datetime.date(2021, 11, 8)
    w.network.short_name_ja = "テスト連合"
    w.network.short_name_en = "Test Alliance"
    w.network.description_ja = "地方創生を牽引する首長の連合。"
    w.network.save()
    NetworkFigure.objects.create(
        network=w.network,
        label_ja="参加自治体",
        label_en="Participating municipalities",
        value=664,
        unit_ja="団体",
        as_of=datetime.date(2026, 1, 8),
        order=1,
    )
    NetworkFigure.objects.create(
        network=w.network,
        label_ja="うち正会員",
        label_en="of which full members",
        value=67,
        unit_ja="団体",
        as_of=datetime.date(2026, 1, 8),
        order=2,
    )
    # An older publication is history, not the headline.
    NetworkFigure.objects.create(
        network=w.network, label_ja="参加自治体", value=500, unit_ja="団体", as_of=datetime.date(2024, 4, 1), order=1
    )
    Officer.objects.create(
        network=w.network,
        role=Officer.Role.PRESIDENT,
        person_name_ja="澤井 宏文",
        person_name_en="Sawai Hirofumi",
        title_ja="松原市長",
        title_en="Mayor of Matsubara",
        organisation=w.alice_org,
        order=0,
    )
    Officer.objects.create(
        network=w.network,
        role=Officer.Role.AUDITOR,
        person_name_ja="前任 太郎",
        title_ja="元市長",
        term_end=datetime.date(2020, 3, 31),
        order=1,
    )
    return w


def _detail(client, world, prefix=""):
    return client.get(prefix + reverse("networks:detail", args=[world.network.slug]))


def test_list_shows_networks_with_member_counts(client, world):
    other = Network.objects.create(
        slug="empty", kind=Network.Kind.PROJECT, name_ja="空のプロジェクト", secretariat=world.secretariat_org
    )
    content = client.get(reverse("networks:list")).content.decode()
    assert "テスト首長連合" in content
    assert "空のプロジェクト" in content
    assert reverse("networks:detail", args=[other.slug]) in content
    counts = {n.slug: n.member_count for n in client.get(reverse("networks:list")).context["networks"]}
    assert counts == {"alliance": 2, "empty": 0}


def test_list_in_english(client, world):
    content = client.get("/en/networks/").content.decode()
    assert "Test Mayors&#x27; Alliance" in content
    assert "2 members" in content


def test_list_query_count_is_constant(client, world, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(reverse("networks:list"))
    add_members(world.network, world.general, 100)
    with django_assert_num_queries(1):
        client.get(reverse("networks:list"))


def test_detail_shows_the_network(client, world):
    response = _detail(client, world)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>テスト首長連合</h1>" in content
    assert "テスト連合" in content
    assert "地方創生を牽引する首長の連合。" in content
    assert "2021年11月8日（月）" in content
    assert "連合事務局" in content
    assert f"<dd>{world.network.get_kind_display()}</dd>" in content


def test_detail_shows_the_latest_published_figures_beside_live_counts(client, world):
    response = _detail(client, world)
    content = response.content.decode()
    assert "2026年1月8日（木）" in content
    assert re.search(r"参加自治体 <strong>664団体</strong>", content)
    assert re.search(r"うち正会員 <strong>67団体</strong>", content)
    assert "500団体" not in content
    page = response.context["page"]
    assert page.member_count == 2
    assert {t.name: t.active_count for t in page.tiers} == {"正会員": 1, "一般会員": 1}


def test_detail_shows_current_officers_with_their_municipality(client, world):
    content = _detail(client, world).content.decode()
    assert "会長" in content or "President" in content
    assert "澤井 宏文" in content
    assert "松原市長" in content
    assert reverse("registry:detail", args=["272175"]) in content
    assert "前任 太郎" not in content


def test_detail_in_english(client, world):
    content = _detail(client, world, "/en").content.decode()
    assert "Test Mayors&#x27; Alliance" in content
    assert "8 November 2021" in content
    assert "Sawai Hirofumi" in content
    assert "Mayor of Matsubara" in content
    assert "Participating municipalities" in content
    assert "Osaka Prefecture" in content  # the member groups and the map's table


def test_members_are_grouped_by_prefecture_without_contacts(client, world):
    Membership.objects.create(network=world.network, organisation=world.company_org, tier=world.general)
    response = _detail(client, world)
    groups = [(g.name, [m.organisation.name for m in g.memberships]) for g in response.context["page"].groups]
    assert groups == [("富山県", ["南砺市"]), ("大阪府", ["松原市"]), ("", ["株式会社地域企画"])]
    content = response.content.decode()
    assert "株式会社地域企画" in content
    for contact in (world.alice_contact, world.bob_contact, world.company_contact):
        assert contact.email not in content
        assert contact.person_name not in content


def test_only_active_members_are_listed(client, world):
    Membership.objects.create(
        network=world.network, organisation=world.charlie_org, tier=world.general, status=Membership.Status.WITHDRAWN
    )
    response = _detail(client, world)
    assert "釜石市" not in [m.organisation.name for g in response.context["page"].groups for m in g.memberships]
    assert response.context["page"].member_count == 2


def test_map_colours_prefectures_by_member_count(client, world):
    add_members(world.network, world.general, 3)  # the first municipalities by code: 北海道
    content = _detail(client, world).content.decode()
    svg = content[content.index("<svg") : content.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="members-map-title members-map-desc"' in svg
    assert '<title id="members-map-title">' in svg
    # Each prefecture drawn from the outlines file the site serves itself.
    assert len(re.findall(r'<use href="/static/registry/prefectures(\.\w+)?\.svg#p\d\d"', svg)) == 47
    assert re.search(r'data-prefecture="01" data-count="3"><title>北海道：3</title>', svg)
    assert re.search(r'data-prefecture="27" data-count="1"><title>大阪府：1</title>', svg)
    assert re.search(r'fill="#0031d8" data-prefecture="01"', svg)  # the most members: the darkest
    assert re.search(r'fill="#f2f2f2" data-prefecture="13"', svg)  # none: the lightest
    legend = content[content.index('class="legend"') : content.index("</ul>", content.index('class="legend"'))]
    assert legend.count("<li>") >= 2


def test_map_figures_are_also_a_table(client, world):
    content = _detail(client, world).content.decode()
    start = content.index("<details>")  # the header's menu is a <details class=…> of its own
    table = content[start : content.index("</details>", start)]
    assert "<summary>" in table
    assert '<th scope="row">大阪府</th><td>1</td>' in table
    assert '<th scope="row">東京都</th><td>0</td>' in table


def test_the_page_loads_nothing_from_other_hosts(client, world):
    content = _detail(client, world).content.decode()
    for url in re.findall(r'(?:src|href)="([^"]+)"', content):
        assert url.startswith(("/", "#")), url


def test_apply_button_only_when_accepting_applications(client, world):
    apply_url = reverse("networks:apply", args=[world.network.slug])
    assert apply_url in _detail(client, world).content.decode()
    world.network.accepts_applications = False
    world.network.save()
    assert apply_url not in _detail(client, world).content.decode()


def test_unknown_network_is_404(client, world):
    assert client.get(reverse("networks:detail", args=["no-such-network"])).status_code == 404


@pytest.mark.parametrize("persona", [None, "alice", "charlie", "dave", "secretariat"])
def test_everyone_sees_the_same_public_page_without_contacts(client, world, persona):
    if persona:
        client.force_login(getattr(world, persona))
    response = _detail(client, world)
    assert response.status_code == 200
    content = response.content.decode()
    assert world.bob_contact.email not in content
    assert world.alice_contact.email not in content


def test_detail_query_count_is_constant_with_10_or_600_members(client, world, django_assert_num_queries):
    # network, secretariat, officers, figures, tiers with counts, members, counts by prefecture,
    # prefecture names, the board's latest public posts
    add_members(world.network, world.general, 8)
    with django_assert_num_queries(9):
        response = _detail(client, world)
    assert response.context["page"].member_count == 10
    add_members(world.network, world.full, 590)
    OrganisationFactory.create_batch(3, kind=Organisation.Kind.COMPANY)
    with django_assert_num_queries(9):
        response = _detail(client, world)
    assert response.context["page"].member_count == 600
    assert response.content.decode().count("data-prefecture=") == 47
    # Unchanged since: the network, the page and its public posts all come from the cache.
    with django_assert_num_queries(0):
        again = _detail(client, world)
    main = again.content.decode().split("<main", 1)[1]
    assert main == response.content.decode().split("<main", 1)[1]


def test_a_new_member_shows_at_once(client, world):
    assert "釜石市" not in _detail(client, world).content.decode()
    Membership.objects.create(network=world.network, organisation=world.charlie_org, tier=world.general)
    assert "釜石市" in _detail(client, world).content.decode()
    Membership.objects.filter(organisation=world.charlie_org).update(status=Membership.Status.WITHDRAWN)
    # A queryset update sends no signal; the services always save(), as this does:
    membership = Membership.objects.get(organisation=world.charlie_org)
    membership.save()
    assert "釜石市" not in _detail(client, world).content.decode()


def test_a_changed_officer_shows_at_once(client, world):
    officer = Officer.objects.create(
        network=world.network, role="president", person_name_ja="初代 会長", person_name="初代 会長"
    )
    assert "初代 会長" in _detail(client, world).content.decode()
    officer.person_name_ja = officer.person_name = "二代 会長"
    officer.save()
    content = _detail(client, world).content.decode()
    assert "二代 会長" in content and "初代 会長" not in content


class TestNetworkPageActions:
    """Each persona sees the way in that fits them: manage, directory or apply."""

    def _links(self, client, world):
        html = client.get(f"/en/networks/{world.network.slug}/").content.decode()
        return {
            "manage": f"/en/networks/{world.network.slug}/manage/" in html,
            "directory": f"/en/networks/{world.network.slug}/directory/" in html,
            "apply": f"/en/networks/{world.network.slug}/apply/" in html,
        }

    def test_it_offers_the_secretariat_management_and_the_directory(self, client, db):
        world = build_world()
        client.force_login(world.secretariat)
        # Never offered to apply to its own network.
        assert self._links(client, world) == {"manage": True, "directory": True, "apply": False}

    def test_it_offers_a_member_the_directory_but_not_management(self, client, db):
        world = build_world()
        client.force_login(world.alice)
        assert self._links(client, world) == {"manage": False, "directory": True, "apply": False}

    def test_it_offers_outsiders_only_the_application(self, client, db):
        world = build_world()
        client.force_login(world.charlie)
        assert self._links(client, world) == {"manage": False, "directory": False, "apply": True}
        client.logout()
        assert self._links(client, world) == {"manage": False, "directory": False, "apply": True}


def test_a_renamed_network_shows_its_new_name_at_once(client, world):
    assert "テスト首長連合" in _detail(client, world).content.decode()
    world.network.name_ja = world.network.name = "新しい連合"
    world.network.save()
    content = _detail(client, world).content.decode()
    assert "新しい連合" in content and "テスト首長連合" not in content


def _public_post(world, title):
    from renkei.board.models import Post
    from renkei.board.services import categories_create_defaults, post_create

    category = categories_create_defaults(network=world.network)[0]
    return post_create(
        network=world.network,
        author=world.alice,
        author_organisation=world.alice_org,
        category=category,
        title=title,
        body="本文",
        visibility=Post.Visibility.PUBLIC,
    )


def test_visitors_get_a_kept_page_that_a_new_public_post_replaces_at_once(client, world, django_assert_num_queries):
    _detail(client, world)
    with django_assert_num_queries(0):
        kept = _detail(client, world)
    assert kept.status_code == 200 and kept["Content-Type"].startswith("text/html")
    assert "澤井 宏文" in kept.content.decode()
    _public_post(world, "棚田オーナー制度のご案内")
    assert "棚田オーナー制度のご案内" in _detail(client, world).content.decode()


def test_the_kept_page_is_per_language(client, world):
    assert "澤井 宏文" in _detail(client, world).content.decode()
    english = _detail(client, world, prefix="/en").content.decode()
    assert "Sawai Hirofumi" in english and 'lang="en"' in english


def test_signed_in_members_never_get_the_visitors_page(client, world):
    visitor = _detail(client, world).content.decode()
    assert reverse("networks:directory", args=[world.network.slug]) not in visitor
    client.force_login(world.alice)
    member = _detail(client, world).content.decode()
    assert reverse("networks:directory", args=[world.network.slug]) in member
    assert "Sign out" in member or "サインアウト" in member or "ログアウト" in member


def test_a_visitor_with_a_pending_message_sees_it_on_the_page(client, world):
    assert 'class="messages"' not in _detail(client, world).content.decode()
    client.force_login(world.alice)
    client.post(reverse("account_logout"))  # leaves "You have signed out." for the next page
    page = _detail(client, world).content.decode()
    assert 'class="messages"' in page
