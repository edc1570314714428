"""Pages run the same number of queries whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renkei.matching import services
from renkei.networks.models import Membership
from renkei.registry.models import LocalGovernment
from renkei.testing import OrganisationFactory, login_with_second_factor, municipality

pytestmark = pytest.mark.django_db


def _grow(world, n):
    for i in range(n):
        company = OrganisationFactory()
        services.offer_create(
            organisation=company,
            author=None,
            title=f"工芸品のブランディング支援 {i}",
            description="伝統工芸のブランドストーリー作り",
            themes=[world.themes["crafts"]],
            regions=["kinki"],
            prefectures=[LocalGovernment.objects.get(code="270008")],
        )
        services.need_create(
            organisation=world.bob_org,
            author=None,
            title=f"伝統工芸の発信 {i}",
            description="工芸品のブランディング",
            themes=[world.themes["branding"]],
            visibility="members",
        )


def _count(client, url) -> int:
    client.get(url)  # warm the caches a first visit fills
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["need_detail", "need_list", "offer_list", "home"])
def test_matching_pages_do_not_grow_with_data(client, world, name):
    client.force_login(world.alice)
    url = reverse(f"matching:{name}", args=[world.public_need.pk] if name == "need_detail" else [])
    before = _count(client, url)
    _grow(world, 12)
    assert _count(client, url) == before


def test_the_relay_table_does_not_grow_with_targets(client, world):
    programme_kwargs = {
        "organisation": world.agency_org,
        "author": world.erin,
        "network": world.network,
        "agency": "文化庁",
        "title": "文化事業",
        "description": "文化",
        "target_regions": ["kinki"],
    }
    login_with_second_factor(client, world.secretariat)
    small = services.programme_create(**programme_kwargs)
    before = _count(client, reverse("matching:programme_relay", args=[small.pk]))
    for lg in LocalGovernment.objects.municipalities().filter(code__startswith="28")[:30]:
        Membership.objects.create(
            network=world.network, organisation=municipality(lg.name, "兵庫県"), tier=world.general
        )
    large = services.programme_create(**programme_kwargs)
    assert large.targets.count() > small.targets.count() + 25
    assert _count(client, reverse("matching:programme_relay", args=[large.pk])) == before
