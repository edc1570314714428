"""Writing, scheduling, reading and deleting articles: the secretariat's desk and the public pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from renkei.news.models import Article, Photo
from renkei.news.tests.conftest import days, png
from renkei.search.models import SearchEntry
from renkei.testing import login_with_second_factor

pytestmark = pytest.mark.django_db


def new_url(slug="alliance"):
    return reverse("news:article_new", kwargs={"slug": slug})


def form(**overrides):
    return {
        "kind": "report",
        "title_ja": "首長TOP LIVE 第1回 開催報告",
        "title_en": "",
        "summary_ja": "第1回を開催しました。",
        "body_ja": "**100名**が参加しました。",
        "visibility": "public",
        "published_at": "",
        **overrides,
    }


def test_the_secretariat_publishes_an_article_with_a_lead_photo(client, world):
    login_with_second_factor(client, world.secretariat)
    response = client.post(new_url(), form(lead_image=png(), lead_alt_ja="会場の様子", lead_caption_ja="会場"))
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.lead_image and article.lead_thumbnail
    assert article.created_by == world.secretariat
    page = client.get(reverse("news:detail", kwargs={"slug": "alliance", "pk": article.pk})).content.decode()
    assert "首長TOP LIVE 第1回 開催報告" in page
    assert "<strong>100名</strong>" in page
    assert 'alt="会場の様子"' in page
    image = client.get(reverse("news:lead_thumbnail", kwargs={"slug": "alliance", "pk": article.pk}))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert SearchEntry.objects.filter(object_id=str(article.pk), visibility="public").exists()


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"title_ja": ""}, "title_ja"),
        ({"body_ja": "  "}, "body_ja"),
        ({"kind": "gossip"}, "kind"),
        ({"visibility": "everyone"}, "visibility"),
        ({"lead_image": "photo"}, "lead_alt_ja"),  # a photo without its description
        ({"lead_alt_ja": "x", "lead_image": "fake"}, "lead_image"),  # a text file named .png
        ({"published_at": "いつか"}, "published_at"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, world, overrides, field):
    if overrides.get("lead_image") == "photo":
        overrides["lead_image"] = png()
    elif overrides.get("lead_image") == "fake":
        overrides["lead_image"] = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    login_with_second_factor(client, world.secretariat)
    response = client.post(new_url(), form(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode() or response.context["form"].non_field_errors()
    assert not Article.objects.exists()
    assert not SearchEntry.objects.exists()


def test_a_future_date_schedules_the_article(client, world, make_article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        article = make_article(title_ja="予定の記事", published_at=days(3))
    detail = reverse("news:detail", kwargs={"slug": "alliance", "pk": article.pk})
    for user in (None, world.alice):
        client.logout()
        if user:
            client.force_login(user)
        assert "予定の記事" not in client.get(reverse("news:list", kwargs={"slug": "alliance"})).content.decode()
        assert client.get(detail).status_code == 404
    assert not SearchEntry.objects.filter(object_id=str(article.pk)).exists()
    client.force_login(world.secretariat)
    assert client.get(detail).status_code == 200  # the secretariat checks it before it goes out


def test_members_only_articles_are_for_members_and_the_secretariat(client, world, make_article):
    article = make_article(title_ja="会員限定のお知らせ", visibility=Article.Visibility.MEMBERS)
    make_article(title_ja="公開のお知らせ")
    detail = reverse("news:detail", kwargs={"slug": "alliance", "pk": article.pk})
    listing = reverse("news:list", kwargs={"slug": "alliance"})
    for user, sees in (
        (None, False),
        (world.charlie, False),
        (world.dave, False),
        (world.alice, True),
        (world.bob, True),
        (world.secretariat, True),
    ):
        client.logout()
        if user:
            client.force_login(user)
        page = client.get(listing).content.decode()
        assert "公開のお知らせ" in page
        assert ("会員限定のお知らせ" in page) is sees
        assert client.get(detail).status_code == (200 if sees else 404)


def test_the_list_filters_by_kind_and_pages(client, world, make_article):
    for n in range(23):
        make_article(title_ja=f"お知らせ{n:02d}", published_at=days(-n - 1))
    make_article(kind=Article.Kind.MEDIA, title_ja="日本経済新聞に掲載されました")
    listing = reverse("news:list", kwargs={"slug": "alliance"})
    page = client.get(listing, {"kind": "media"}).content.decode()
    assert "日本経済新聞に掲載されました" in page and "お知らせ00" not in page
    first = client.get(listing).content.decode()
    assert "お知らせ18" in first and "お知らせ19" not in first
    assert "お知らせ19" in client.get(listing, {"page": 2}).content.decode()
    assert client.get(listing, {"kind": "nonsense"}).status_code == 200


def test_english_falls_back_to_japanese(client, world, make_article):
    both = make_article(title_ja="連携講演会", title_en="Collaboration lecture")
    only_ja = make_article(title_ja="活動報告のみ日本語")
    with translation.override("en"):
        both_url = reverse("news:detail", kwargs={"slug": "alliance", "pk": both.pk})
        only_ja_url = reverse("news:detail", kwargs={"slug": "alliance", "pk": only_ja.pk})
    en = client.get(both_url)
    assert "Collaboration lecture" in en.content.decode()
    en = client.get(only_ja_url)
    assert "活動報告のみ日本語" in en.content.decode()
    assert 'lang="en"' in en.content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "alice", "charlie", "dave", "erin"])
def test_only_the_networks_secretariat_reaches_the_desk(client, world, other_network, make_article, persona):
    article = make_article(title_ja="元の題名")
    user = {"alice": world.alice, "charlie": world.charlie, "dave": world.dave, "erin": other_network.erin}.get(persona)
    if user:
        login_with_second_factor(client, user)
    urls = [
        reverse("news:desk", kwargs={"slug": "alliance"}),
        new_url(),
        reverse("news:article_edit", kwargs={"slug": "alliance", "pk": article.pk}),
        reverse("news:article_delete", kwargs={"slug": "alliance", "pk": article.pk}),
        reverse("news:issue_new", kwargs={"slug": "alliance"}),
    ]
    for url in urls:
        assert client.get(url).status_code in (302, 403)
    response = client.post(urls[2], form(title_ja="書き換え"))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/accounts/" in response["Location"]
    client.post(urls[3])
    article.refresh_from_db()
    assert article.title_ja == "元の題名"


def test_the_secretariat_needs_a_second_factor(client, world):
    client.force_login(world.secretariat)
    response = client.get(reverse("news:desk", kwargs={"slug": "alliance"}))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_the_secretariat_edits_reschedules_and_deletes(client, world, make_article):
    article = make_article(title_ja="元の題名", lead_image=png(), lead_alt_ja="写真")
    login_with_second_factor(client, world.secretariat)
    edit = reverse("news:article_edit", kwargs={"slug": "alliance", "pk": article.pk})
    response = client.post(
        edit, form(title_ja="新しい題名", title_en="New title", published_at="2099-01-01T10:00", lead_alt_ja="写真")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_ja == "新しい題名" and article.is_scheduled()
    assert not SearchEntry.objects.filter(object_id=str(article.pk)).exists()
    photo_url = reverse("news:photo_add", kwargs={"slug": "alliance", "pk": article.pk})
    assert client.post(photo_url, {"image": png(), "alt_ja": "植樹の様子", "caption_ja": "記念植樹"}).status_code == 302
    assert client.post(photo_url, {"image": png(), "alt_ja": ""}).status_code == 400
    assert (
        client.post(photo_url, {"image": SimpleUploadedFile("a.jpg", b"%PDF-1.4 nope"), "alt_ja": "x"}).status_code
        == 400
    )
    assert Photo.objects.count() == 1
    client.post(reverse("news:article_delete", kwargs={"slug": "alliance", "pk": article.pk}))
    assert not Article.objects.exists() and not Photo.objects.exists()


def test_photos_of_members_articles_are_not_served_to_others(client, world, make_article):
    from renkei.news.services import photo_add

    article = make_article(visibility=Article.Visibility.MEMBERS, lead_image=png(), lead_alt_ja="写真")
    photo = photo_add(article=article, image=png(), alt_ja="会議")
    urls = [
        reverse("news:lead_image", kwargs={"slug": "alliance", "pk": article.pk}),
        reverse("news:photo_thumbnail", kwargs={"slug": "alliance", "photo_id": photo.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    client.force_login(world.charlie)
    assert all(client.get(url).status_code == 404 for url in urls)
    client.force_login(world.alice)
    assert all(client.get(url).status_code == 200 for url in urls)


def test_writing_on_the_english_page_keeps_both_languages(client, world):
    login_with_second_factor(client, world.secretariat)
    with translation.override("en"):
        url = new_url()
    client.post(url, form(title_ja="講演会の報告", title_en="Lecture report"))
    article = Article.objects.get()
    assert (article.title_ja, article.title_en) == ("講演会の報告", "Lecture report")
    with translation.override("en"):
        assert article.title == "Lecture report"
    with translation.override("ja"):
        assert article.title == "講演会の報告"


def test_the_cached_list_shows_a_change_and_a_scheduled_article_when_its_time_comes(
    client, world, make_article, monkeypatch, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from renkei.news.services import article_update

    listing = reverse("news:list", kwargs={"slug": "alliance"})
    with django_capture_on_commit_callbacks(execute=True):
        first = make_article(title_ja="最初の題名")
        make_article(title_ja="明日の記事", published_at=days(1))
    assert "最初の題名" in client.get(listing).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article_update(article=first, title_ja="直した題名")
    page = client.get(listing).content.decode()
    assert "直した題名" in page and "明日の記事" not in page
    later = days(2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "明日の記事" in client.get(listing).content.decode()
