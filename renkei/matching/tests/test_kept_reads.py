"""What matching keeps of its reads (a programme's relay facts, the size of the index, prefecture
names) is kept under generations: a change is read at once, in every process."""

from collections import OrderedDict

import pytest
from django.urls import reverse
from django.utils import translation

from renkei.lib import caching
from renkei.matching import engine, selectors, services
from renkei.matching.models import Need, Programme
from renkei.registry.models import LocalGovernment

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_process(monkeypatch):
    """Run what follows as another web process would: its own memory of kept values, the same shared cache."""
    return lambda: monkeypatch.setattr(caching, "_KEPT", OrderedDict())


@pytest.fixture
def programme(world):
    return services.programme_create(
        organisation=world.agency_org,
        author=world.erin,
        network=world.network,
        agency="経済産業省",
        title="伝産品・工芸品の磨き上げ事業",
        description="工芸品の価値の言語化とブランディングの実証事業。",
        target_regions=["kinki"],
        themes=[world.themes["crafts"]],
        visibility="members",
    )


def test_a_programme_s_new_title_shows_on_its_status_page_at_once(client, world, programme, other_process):
    client.force_login(world.erin)
    url = reverse("matching:programme_relay", args=[programme.pk])
    assert "伝産品・工芸品の磨き上げ事業" in client.get(url).content.decode()
    other_process()
    with translation.override("ja"):
        programme.title = "伝統工芸品の海外展開事業"
        programme.save()
    other_process()
    assert "伝統工芸品の海外展開事業" in client.get(url).content.decode()


def test_a_deleted_programme_s_status_page_is_gone_at_once(client, world, programme):
    client.force_login(world.erin)
    url = reverse("matching:programme_relay", args=[programme.pk])
    assert client.get(url).status_code == 200
    Programme.objects.filter(pk=programme.pk).delete()
    assert client.get(url).status_code == 404


def test_the_index_counts_a_new_need_at_once(world):
    before = engine.DatabaseIndex().stats("need", [])[0]
    services.need_create(
        organisation=world.charlie_org,
        author=world.charlie,
        title="復興の担い手づくり",
        description="若い世代の担い手を育てる企業を探しています。",
        themes=[world.themes["crafts"]],
        scale="small",
        visibility=Need.Visibility.PUBLIC,
    )
    assert engine.DatabaseIndex().stats("need", [])[0] == before + 1


def test_a_prefecture_renamed_in_the_registry_shows_in_the_reasons_at_once(world):
    with translation.override("en"):
        assert selectors._region_names(["p:27"]) == ["Osaka Prefecture"]
        osaka = LocalGovernment.objects.get(code__startswith="27", kind=LocalGovernment.Kind.PREFECTURE)
        osaka.name_en = "Osaka-fu"
        osaka.save()
        assert selectors._region_names(["p:27"]) == ["Osaka-fu"]
