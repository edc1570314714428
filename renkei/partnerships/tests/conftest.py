import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from renkei.partnerships.models import Partnership
from renkei.partnerships.services import Parties, overseas_government_get_or_create, partnership_create
from renkei.registry.models import LocalGovernment, OverseasGovernment
from renkei.testing import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def digne(db) -> OverseasGovernment:
    return OverseasGovernment.objects.get(name_en="Digne-les-Bains")


@pytest.fixture
def willich(db) -> OverseasGovernment:
    return OverseasGovernment.objects.get(name_en="Willich")


def lg(name: str, prefecture: str) -> LocalGovernment:
    return LocalGovernment.objects.get(name=name, prefecture__name=prefecture)


def make_partnership(
    *,
    governments=(),
    overseas=(),
    organisations=(),
    kind=Partnership.Kind.SISTER_CITY,
    day=datetime.date(1994, 1, 1),
    precision=Partnership.Precision.YEAR,
    **values,
) -> Partnership:
    values.setdefault("status", Partnership.Status.ACTIVE)
    return partnership_create(
        user=None,
        parties=Parties(
            local_governments=list(governments), overseas_governments=list(overseas), organisations=list(organisations)
        ),
        kind=kind,
        established_on=day,
        established_precision=precision,
        **values,
    )


@pytest.fixture
def kamaishi_digne(world, digne) -> Partnership:
    return make_partnership(
        governments=[world.charlie_org.local_government], overseas=[digne], description_ja="ラベンダーを通じた交流"
    )


@pytest.fixture
def matsubara_abroad(world) -> Partnership:
    """A partnership of alice's 松原市 with a city abroad, established on a known day."""
    city = overseas_government_get_or_create(name="Sankt Pölten", name_en="St. Pölten", country="AT", level="city")
    return make_partnership(
        governments=[world.alice_org.local_government],
        overseas=[city],
        kind=Partnership.Kind.FRIENDSHIP_CITY,
        day=datetime.date(2015, 10, 3),
        precision=Partnership.Precision.DAY,
    )


def png_upload(name: str = "photo.png", size=(640, 480)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
