"""The admin of matching: every changelist opens, searches, and an edit there reaches search."""

import pytest

from renkei.matching import services
from renkei.matching.models import Dismissal, Need, ProgrammeAnnouncement
from renkei.search.models import SearchEntry

pytestmark = pytest.mark.django_db

MODELS = [
    "theme",
    "need",
    "offer",
    "programme",
    "programmetarget",
    "programmeannouncement",
    "introduction",
    "dismissal",
]


@pytest.fixture
def admin_client(admin_client, world):
    programme = services.programme_create(
        organisation=world.agency_org,
        author=world.erin,
        network=world.network,
        agency="経済産業省",
        title="伝産品・工芸品の磨き上げ事業",
        description="工芸品のブランディング。",
        visibility="members",
    )
    world.programme = programme
    services.introduction_request(
        requester=world.alice_org,
        user=world.alice,
        message="ご相談させてください。",
        need=world.public_need,
        offer=world.offer,
    )
    services.dismissal_create(organisation=world.alice_org, kind="offer", object_id=world.offer.pk, user=world.alice)
    return admin_client


@pytest.mark.parametrize("model", MODELS)
def test_each_changelist_opens_for_a_superuser(admin_client, model):
    response = admin_client.get(f"/en/admin/matching/{model}/", {"q": "松原"})
    assert response.status_code == 200
    assert admin_client.get(f"/en/admin/matching/{model}/").status_code == 200


def test_the_lists_show_and_find_the_records(admin_client, world):
    assert "伝産品・工芸品の磨き上げ" in admin_client.get("/en/admin/matching/need/", {"q": "工芸"}).content.decode()
    assert "伝産品・工芸品の磨き上げ事業" in admin_client.get("/en/admin/matching/programme/").content.decode()
    assert ProgrammeAnnouncement.objects.count() == 2 and Dismissal.objects.count() == 1
    history = admin_client.get(f"/en/admin/matching/programme/{world.programme.pk}/history/")
    assert history.status_code == 200 and "Created" in history.content.decode()


def test_closing_a_need_in_the_admin_takes_it_out_of_search(admin_client, world):
    need = world.public_need
    url = f"/en/admin/matching/need/{need.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {
        "organisation": need.organisation_id,
        "author": need.author_id,
        "themes": [t.pk for t in need.themes.all()],
        "partner_kinds": '["company"]',
        "status": "closed",
        "created_at_0": need.created_at.strftime("%Y-%m-%d"),
        "created_at_1": need.created_at.strftime("%H:%M:%S"),
        "updated_at_0": need.updated_at.strftime("%Y-%m-%d"),
        "updated_at_1": need.updated_at.strftime("%H:%M:%S"),
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Need.objects.get(pk=need.pk).status == "closed"
    assert not SearchEntry.objects.filter(title=need.title).exists()
