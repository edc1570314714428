"""The member directory of a network and the secretariat's list of contacts to confirm."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renkei.networks.models import Membership, Network
from renkei.organisations.models import Contact, Organisation
from renkei.registry.models import LocalGovernment
from renkei.testing import ContactFactory, OrganisationFactory, build_world, login_with_second_factor

pytestmark = pytest.mark.django_db

# English pages, so the assertions hold whatever the Japanese catalogue says.
DIRECTORY = "/en/networks/alliance/directory/"
UNCONFIRMED = "/en/networks/alliance/directory/unconfirmed/"


@pytest.fixture
def world():
    return build_world()


def _names(response) -> list[str]:
    return [m.organisation.name_ja for m in response.context["page"].object_list]


def _add_members(world, count: int) -> None:
    osaka = LocalGovernment.objects.get(name="大阪府")
    for n in range(count):
        org = OrganisationFactory(kind=Organisation.Kind.COMPANY, name_kana=f"てすと{n:04}", prefecture=osaka)
        Membership.objects.create(network=world.network, organisation=org, tier=world.general)
        ContactFactory(organisation=org, is_primary=True)
        ContactFactory(organisation=org)


def test_members_see_members_tiers_prefectures_and_contacts_primary_first(client, world):
    ContactFactory(organisation=world.bob_org, person_name="南砺 副担当", department="総務課", is_primary=False)
    client.force_login(world.alice)
    response = client.get(DIRECTORY)
    html = response.content.decode()
    assert response.status_code == 200
    assert set(_names(response)) == {"松原市", "南砺市"}
    assert "釜石市" not in html and "Kamaishi" not in html  # not a member
    assert "Full member" in html and "General member" in html and "Osaka" in html
    assert html.index("南砺 二郎") < html.index("南砺 副担当")
    assert "jiro@nanto.example.jp" in html and "03-0000-0000" in html


def test_inactive_members_are_not_listed(client, world):
    Membership.objects.filter(organisation=world.bob_org).update(status=Membership.Status.WITHDRAWN)
    client.force_login(world.alice)
    assert _names(client.get(DIRECTORY)) == ["松原市"]


def test_a_withdrawn_member_can_no_longer_open_the_directory(client, world):
    Membership.objects.filter(organisation=world.bob_org).update(status=Membership.Status.SUSPENDED)
    client.force_login(world.bob)
    assert client.get(DIRECTORY).status_code == 403


def test_the_secretariat_sees_the_directory(client, world):
    client.force_login(world.secretariat)
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert "ichiro@matsubara.example.jp" in response.content.decode()


@pytest.mark.parametrize("persona", ["charlie", "dave"])
def test_non_members_are_refused(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(DIRECTORY).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(DIRECTORY)
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")


def test_unknown_network_is_not_found(client, world):
    client.force_login(world.alice)
    assert client.get("/en/networks/nope/directory/").status_code == 404


def test_filter_by_prefecture_and_tier(client, world):
    client.force_login(world.alice)
    assert _names(client.get(DIRECTORY, {"prefecture": "270008"})) == ["松原市"]  # 大阪府
    assert _names(client.get(DIRECTORY, {"tier": world.general.pk})) == ["南砺市"]
    assert _names(client.get(DIRECTORY, {"prefecture": "270008", "tier": world.general.pk})) == []


@pytest.mark.parametrize("query", ["松原", "まつばら", "マツバラ", "ﾏﾂﾊﾞﾗ", "Matsubara", "MATSUBARA"])
def test_name_search_is_normalised(client, world, query):
    client.force_login(world.alice)
    assert _names(client.get(DIRECTORY, {"q": query})) == ["松原市"]


def test_name_search_finds_katakana_company_names_from_hiragana(client, world):
    org = OrganisationFactory(name="株式会社カマイシ", name_ja="株式会社カマイシ", name_kana="")
    Membership.objects.create(network=world.network, organisation=org, tier=world.general)
    client.force_login(world.alice)
    assert _names(client.get(DIRECTORY, {"q": "かまいし"})) == ["株式会社カマイシ"]


def test_an_invalid_filter_shows_an_error_and_lists_everyone(client, world):
    client.force_login(world.alice)
    response = client.get(DIRECTORY, {"tier": "999999"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert len(_names(response)) == 2


def test_it_pages_fifty_members(client, world):
    _add_members(world, 60)
    client.force_login(world.alice)
    response = client.get(DIRECTORY)
    assert len(_names(response)) == 50
    assert response.context["page"].paginator.count == 62
    assert len(_names(client.get(DIRECTORY, {"page": 2}))) == 12


def test_query_count_is_constant_as_members_grow(client, world):
    client.force_login(world.alice)
    _add_members(world, 10)
    client.get(DIRECTORY)  # warm the session
    Network.objects.filter(pk=world.network.pk).touch()  # as any change would: the listing is built again
    with CaptureQueriesContext(connection) as small:
        client.get(DIRECTORY)
    _add_members(world, 190)  # saved one by one: the network's version moves on
    client.get(DIRECTORY)  # new memberships change who may see what: Alice's audience is resolved again
    Network.objects.filter(pk=world.network.pk).touch()
    with CaptureQueriesContext(connection) as large:
        response = client.get(DIRECTORY)
    assert len(large) == len(small)
    assert response.context["listing"].page.paginator.count == 202
    # Unchanged since: the listing comes from the cache, without its queries.
    with CaptureQueriesContext(connection) as cached:
        client.get(DIRECTORY)
    assert len(cached) < len(large)


def test_a_contact_change_shows_at_once(client, world):
    client.force_login(world.alice)
    assert "南砺 二郎" in client.get(DIRECTORY).content.decode()
    world.bob_contact.person_name = "南砺 次郎"
    world.bob_contact.save()
    html = client.get(DIRECTORY).content.decode()
    assert "南砺 次郎" in html and "南砺 二郎" not in html


# --- contacts to confirm (secretariat, two-factor) ----------------------------------------------


@pytest.fixture
def stale(world):
    Contact.objects.update(last_confirmed_on=datetime.date(2020, 5, 1))
    return world


def test_the_secretariat_sees_members_whose_contacts_are_unconfirmed(client, stale):
    Contact.objects.filter(pk=stale.bob_contact.pk).update(last_confirmed_on=datetime.date.today())
    login_with_second_factor(client, stale.secretariat)
    response = client.get(UNCONFIRMED)
    html = response.content.decode()
    assert response.status_code == 200
    assert _names(response) == ["松原市"]
    assert "松原 一郎" in html and "alice@example.jp" in html and "2020" in html
    assert "釜石 三郎" not in html  # not a member


def test_the_button_sends_the_request_to_those_owners(client, stale):
    login_with_second_factor(client, stale.secretariat)
    response = client.post(UNCONFIRMED + "request/", follow=True)
    assert "Confirmation requests were sent to 2 people." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.jp", "bob@example.jp"]
    response = client.post(UNCONFIRMED + "request/", follow=True)
    assert "Nobody needed a request" in response.content.decode()
    assert len(mail.outbox) == 2


def test_the_unconfirmed_list_needs_a_second_factor(client, stale):
    client.force_login(stale.secretariat)
    response = client.get(UNCONFIRMED)
    assert response.status_code == 302 and "/2fa/" in response["Location"]
    assert client.post(UNCONFIRMED + "request/").status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize("persona", ["alice", "charlie", "dave"])
def test_the_unconfirmed_list_is_the_secretariats_only(client, stale, persona):
    login_with_second_factor(client, getattr(stale, persona))
    assert client.get(UNCONFIRMED).status_code == 403
    assert client.post(UNCONFIRMED + "request/").status_code == 403
    assert mail.outbox == []


def test_unconfirmed_query_count_is_constant(client, stale):
    login_with_second_factor(client, stale.secretariat)
    _add_members(stale, 10)
    client.get(UNCONFIRMED)
    with CaptureQueriesContext(connection) as small:
        client.get(UNCONFIRMED)
    _add_members(stale, 100)
    client.get(UNCONFIRMED)  # the new memberships move everyone's access: read afresh once, as after the first 10
    with CaptureQueriesContext(connection) as large:
        client.get(UNCONFIRMED)
    assert len(large) == len(small)


def test_leaving_the_staff_closes_the_directory_at_once(client, world):
    client.force_login(world.bob)
    assert client.get(DIRECTORY).status_code == 200
    world.bob.staff_roles.get(organisation=world.bob_org).delete()
    assert client.get(DIRECTORY).status_code == 403


def test_each_reader_gets_the_kept_page_with_their_own_links_and_form_token(client, world):
    client.force_login(world.secretariat)
    assert "not confirmed this year" in client.get(DIRECTORY).content.decode()
    client.force_login(world.alice)
    page = client.get(DIRECTORY).content.decode()
    assert "not confirmed this year" not in page  # the secretariat's link is not the member's
    assert "ichiro@matsubara.example.jp" in page
    # The sign-out form carries this reader's token, so it works from the kept page.
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.cookies = client.cookies
    response = csrf_client.post("/en/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
