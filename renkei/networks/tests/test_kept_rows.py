"""The network row every network page starts from is kept until the network changes, in every process."""

from collections import OrderedDict

import pytest
from django.urls import reverse
from django.utils import translation

from renkei.lib import caching
from renkei.networks.models import Network
from renkei.testing import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with translation.override("ja"):
        return build_world()


@pytest.fixture
def other_process(monkeypatch):
    """Run what follows as another web process would: with its own memory of kept values
    (the shared cache, and the generations in it, are the same)."""

    def switch():
        monkeypatch.setattr(caching, "_KEPT", OrderedDict())

    return switch


def test_a_renamed_network_shows_on_its_pages_at_once(client, world, other_process):
    page = reverse("networks:detail", args=[world.network.slug])
    news = reverse("news:list", args=[world.network.slug])
    assert "テスト首長連合" in client.get(page).content.decode()
    assert "テスト首長連合" in client.get(news).content.decode()
    other_process()
    network = Network.objects.get(pk=world.network.pk)
    network.name_ja = "全国首長連合"
    network.save()
    other_process()
    assert "全国首長連合" in client.get(page).content.decode()
    assert "全国首長連合" in client.get(news).content.decode()


def test_closing_applications_takes_the_apply_button_off_at_once(client, world):
    page = reverse("networks:detail", args=[world.network.slug])
    apply = reverse("networks:apply", args=[world.network.slug])
    assert apply in client.get(page).content.decode()
    network = Network.objects.get(pk=world.network.pk)
    network.accepts_applications = False
    network.save()
    assert apply not in client.get(page).content.decode()


def test_a_membership_change_gives_the_kept_row_its_new_version(world):
    before = Network.objects.get_cached(world.network.slug).changed_at
    world.alice_org.memberships.update(status="withdrawn")
    assert Network.objects.get_cached(world.network.slug).changed_at > before


def test_a_deleted_network_is_gone_at_once(client, world):
    network = Network.objects.create(
        slug="short-lived",
        kind=Network.Kind.PROJECT,
        name="短期連携",
        name_ja="短期連携",
        secretariat=world.secretariat_org,
    )
    page = reverse("networks:detail", args=[network.slug])
    assert client.get(page).status_code == 200
    network.delete()
    assert client.get(page).status_code == 404
    assert Network.objects.get_cached("short-lived") is None


def test_a_new_network_is_found_where_its_address_was_unknown(world):
    assert Network.objects.get_cached("brand-new") is None
    Network.objects.create(
        slug="brand-new", kind=Network.Kind.PROJECT, name="新連携", name_ja="新連携", secretariat=world.secretariat_org
    )
    assert Network.objects.get_cached("brand-new").name == "新連携"


def test_what_one_caller_sets_on_its_network_no_other_sees(world):
    network = Network.objects.get_cached(world.network.slug)
    network.name = "書き換え"
    assert Network.objects.get_cached(world.network.slug).name == "テスト首長連合"
