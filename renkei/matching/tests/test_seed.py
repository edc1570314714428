import pytest

from renkei.matching.models import Introduction, Need, Offer, Programme, ProgrammeTarget
from renkei.matching.seed import matching_seed

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_seeds_needs_offers_and_a_kinki_programme(world):
    matching_seed({"alliance": world.network})
    matching_seed({"alliance": world.network})  # a second run adds nothing
    assert Need.objects.filter(is_demo=True, title__contains="オーバーツーリズム").count() == 1
    assert Offer.objects.filter(is_demo=True, organisation__name_ja="三井住友海上火災保険株式会社").exists()
    programme = Programme.objects.get(is_demo=True)
    assert programme.agency == "経済産業省" and programme.target_regions == ["kinki"]
    assert ProgrammeTarget.objects.filter(programme=programme, organisation=world.alice_org).exists()
    assert Introduction.objects.filter(status="accepted").count() == 1
