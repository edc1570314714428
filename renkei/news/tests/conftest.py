import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from renkei.networks.models import Network
from renkei.news import sending
from renkei.news.models import Article
from renkei.news.services import article_create
from renkei.organisations.models import Organisation
from renkei.testing import OrganisationFactory, UserFactory, build_world, staff


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def other_network(world):
    """A second network with its own secretariat (Erin): she runs it, not the world's."""
    office = OrganisationFactory(kind=Organisation.Kind.SECRETARIAT, name="特別区長会事務局", name_en="Special wards")
    network = Network.objects.create(
        slug="project", kind=Network.Kind.PROJECT, name="特別区全国連携プロジェクト", secretariat=office
    )
    erin = UserFactory(email="erin@example.jp", name="特別区 エリン")
    staff(erin, office)
    network.erin = erin
    return network


def png(name: str = "photo.png", size=(640, 480), color=(30, 120, 200)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def make_article(world):
    def make(network=None, **fields) -> Article:
        values = {
            "kind": Article.Kind.NOTICE,
            "title_ja": "お知らせ",
            "body_ja": "本文です。",
            "visibility": Article.Visibility.PUBLIC,
            **fields,
        }
        return article_create(network=network or world.network, author=world.secretariat, **values)

    return make


def days(n: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=n)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Photos written by a test go to its own folder, not the site's media."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send an issue to the members' contacts, its background work run at once."""

    def send(issue, **audience):
        with django_capture_on_commit_callbacks(execute=True):
            return sending.issue_send(issue=issue, **{"to_contacts": True, "to_subscribers": False, **audience})

    return send
