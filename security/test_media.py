"""Uploaded files are served only through the views that check who may see them.

``make run`` used to serve MEDIA_ROOT at /media/ (DEBUG), so a members-only board attachment
was readable by anyone who had its address. No mode serves the raw folder now; each file has
its own view, which answers only readers of the row it belongs to.
"""

import importlib

import pytest
from django.urls import clear_url_caches, reverse

from renkei.board.models import Category, Post
from renkei.board.services import categories_create_defaults, post_create
from renkei.board.tests.test_attachments import PDF_BYTES, upload
from renkei.news.models import Article
from renkei.news.services import article_create
from renkei.news.tests.conftest import png
from renkei.testing import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    categories_create_defaults(world.network)
    return world


@pytest.fixture
def as_make_run(settings):
    """The site's addresses as `make run` (DEBUG=1) builds them."""
    import renkei.urls

    settings.DEBUG = True
    importlib.reload(renkei.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(renkei.urls)
    clear_url_caches()


@pytest.fixture
def minutes(world):
    """A members-only post of the board with a PDF attached."""
    post = post_create(
        network=world.network,
        author=world.alice,
        author_organisation=world.alice_org,
        category=world.network.board_categories.get(kind=Category.Kind.NOTICE),
        title="理事会議事録",
        body="議事録を添付します。",
        visibility=Post.Visibility.MEMBERS,
        attachments=[upload("minutes.pdf", PDF_BYTES)],
    )
    return post.attachments.get()


def article(world, visibility):
    return article_create(
        network=world.network,
        author=world.secretariat,
        kind=Article.Kind.NOTICE,
        title_ja="植樹祭",
        body_ja="本文です。",
        visibility=visibility,
        lead_image=png(),
        lead_alt_ja="植樹の様子",
    )


def test_the_raw_address_of_an_attachment_answers_404_for_everyone(client, world, minutes, as_make_run):
    raw = f"/media/{minutes.file.name}"
    assert minutes.file.storage.exists(minutes.file.name)
    assert client.get(raw).status_code == 404
    for person in (world.alice, world.secretariat):
        client.force_login(person)
        assert client.get(raw).status_code == 404


def test_the_attachment_view_serves_members_only(client, world, minutes, as_make_run):
    url = reverse("board:attachment", kwargs={"slug": "alliance", "pk": minutes.pk})
    assert client.get(url).status_code == 404
    client.force_login(world.charlie)  # not a member of the network
    assert client.get(url).status_code == 404
    client.force_login(world.bob)  # a fellow member
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES


def test_public_photos_still_show_on_public_pages(client, world, as_make_run):
    public = article(world, Article.Visibility.PUBLIC)
    page = client.get(reverse("news:detail", kwargs={"slug": "alliance", "pk": public.pk})).content.decode()
    thumbnail = reverse("news:lead_thumbnail", kwargs={"slug": "alliance", "pk": public.pk})
    assert f'src="{thumbnail}"' in page
    response = client.get(thumbnail)
    assert response.status_code == 200 and response["Content-Type"].startswith("image/")
    # The same photo's raw address serves nothing, public or not.
    assert client.get(f"/media/{public.lead_image.name}").status_code == 404


def test_a_members_articles_photo_is_not_served_to_visitors(client, world, as_make_run):
    members = article(world, Article.Visibility.MEMBERS)
    url = reverse("news:lead_image", kwargs={"slug": "alliance", "pk": members.pk})
    assert client.get(url).status_code == 404
    client.force_login(world.alice)
    assert client.get(url).status_code == 200
