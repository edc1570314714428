import pytest
from django.urls import reverse

from renkei.networks.models import Officer, Tier

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def world(secretariat_world):
    return secretariat_world


def _formset_data(prefix: str, rows: list[dict], initial: int) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def _tier_rows(w, **changes):
    rows = [
        {"id": w.full.pk, "name_ja": "正会員", "name_en": "Full member", "annual_fee": "50000", "order": "1"},
        {"id": w.general.pk, "name_ja": "一般会員", "name_en": "General member", "annual_fee": "10000", "order": "2"},
    ]
    for index, values in changes.items():
        rows[int(index.removeprefix("row"))].update(values)
    return rows


def test_it_changes_and_adds_tiers(client, world):
    url = reverse("networks:manage_tiers", args=[world.network.slug])
    page = client.get(url).content.decode()
    assert 'value="正会員"' in page
    rows = _tier_rows(world, row0={"annual_fee": "60000"}) + [
        {"name_ja": "賛助会員", "name_en": "Supporting member", "annual_fee": "100000", "order": "3"}
    ]
    response = client.post(url, _formset_data("tiers", rows, initial=2))
    assert response.status_code == 302
    world.full.refresh_from_db()
    assert world.full.annual_fee == 60000
    supporting = Tier.objects.get(network=world.network, name_ja="賛助会員")
    assert (supporting.name_en, supporting.annual_fee) == ("Supporting member", 100000)


def test_an_error_in_one_row_saves_nothing(client, world):
    url = reverse("networks:manage_tiers", args=[world.network.slug])
    rows = _tier_rows(world, row0={"annual_fee": "60000"}, row1={"annual_fee": "-5"}) + [
        {"name_ja": "", "name_en": "No Japanese name", "annual_fee": "1000", "order": "3"}
    ]
    response = client.post(url, _formset_data("tiers", rows, initial=2))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "Fill in “Name (Japanese)”." in page
    assert 'aria-invalid="true"' in page
    world.full.refresh_from_db()
    assert world.full.annual_fee == 50000
    assert Tier.objects.filter(network=world.network).count() == 2


def test_a_tier_with_members_cannot_be_deleted(client, world):
    url = reverse("networks:manage_tiers", args=[world.network.slug])
    rows = _tier_rows(world, row1={"DELETE": "on"})
    response = client.post(url, _formset_data("tiers", rows, initial=2))
    assert response.status_code == 400
    assert "cannot be deleted: members belong to it" in response.content.decode()
    assert Tier.objects.filter(pk=world.general.pk).exists()


def test_an_unused_tier_can_be_deleted(client, world):
    spare = Tier.objects.create(network=world.network, name_ja="臨時", annual_fee=0, order=9)
    url = reverse("networks:manage_tiers", args=[world.network.slug])
    rows = _tier_rows(world) + [{"id": spare.pk, "name_ja": "臨時", "annual_fee": "0", "order": "9", "DELETE": "on"}]
    assert client.post(url, _formset_data("tiers", rows, initial=3)).status_code == 302
    assert not Tier.objects.filter(pk=spare.pk).exists()


def _officer(w, **values):
    row = {
        "role": "president",
        "person_name_ja": "澤井 宏文",
        "person_name_en": "Sawai Hirofumi",
        "title_ja": "松原市長",
        "title_en": "Mayor of Matsubara",
        "organisation": w.alice_org.pk,
        "term_start": "2024-06-01",
        "term_end": "2026-05-31",
        "order": "1",
    }
    row.update(values)
    return row


def test_it_adds_an_officer_from_a_member_organisation(client, world):
    url = reverse("networks:manage_officers", args=[world.network.slug])
    page = client.get(url).content.decode()
    assert "Matsubara City" in page and "Kamaishi City" not in page  # only members are offered
    response = client.post(url, _formset_data("officers", [_officer(world)], initial=0))
    assert response.status_code == 302
    officer = Officer.objects.get(network=world.network)
    assert (officer.person_name_ja, officer.title_en, officer.organisation) == (
        "澤井 宏文",
        "Mayor of Matsubara",
        world.alice_org,
    )


def test_officer_errors_are_shown_and_nothing_is_saved(client, world):
    url = reverse("networks:manage_officers", args=[world.network.slug])
    rows = [
        _officer(world),
        _officer(world, role="auditor", person_name_ja="高橋 邦芳", term_start="2026-06-01", term_end="2024-05-31"),
        _officer(world, role="vice_president", person_name_ja="釜石 市長", organisation=world.charlie_org.pk),
    ]
    response = client.post(url, _formset_data("officers", rows, initial=0))
    assert response.status_code == 400
    page = response.content.decode()
    assert "The term cannot end before it starts." in page
    assert "Select a valid choice." in page  # 釜石市 is not a member
    assert not Officer.objects.exists()
