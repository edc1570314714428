import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from renkei.partnerships.models import Activity, ActivityPhoto
from renkei.partnerships.tests.conftest import make_partnership, png_upload

ACTIVITY = {
    "kind": "study_tour",
    "title_ja": "外交団視察ツアー",
    "title_en": "Diplomats' study tour",
    "starts_on": "2023-07-18",
    "ends_on": "2023-07-19",
    "participant_count": "10",
    "participant_country_count": "8",
    "participant_countries": ["FR", "DE"],
}


@pytest.fixture
def activity(world, kamaishi_digne):
    from renkei.partnerships.services import activity_create

    return activity_create(
        user=world.charlie,
        organisation=world.charlie_org,
        partnership=kamaishi_digne,
        kind="tree_planting",
        title_ja="ラベンダーの植栽",
        starts_on=datetime.date(2023, 6, 1),
    )


def test_alice_records_an_activity_with_a_photo(client, world, media):
    client.force_login(world.alice)
    response = client.post(
        "/partnerships/activities/new/",
        {
            **ACTIVITY,
            "organisation": world.alice_org.pk,
            "photo": png_upload(),
            "caption": "集合写真",
            "alt_text": "博物館の前に並ぶ参加者10名",
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert activity.local_government_id == "272175" and activity.country_total == 8
    photo = activity.photos.get()
    assert photo.thumbnail and photo.content_type == "image/png"
    page = client.get(f"/partnerships/activities/{activity.pk}/").content.decode()
    assert 'alt="博物館の前に並ぶ参加者10名"' in page and "集合写真" in page
    thumb = client.get(f"/partnerships/photos/{photo.pk}/thumbnail/")
    assert thumb.status_code == 200 and b"".join(thumb.streaming_content)[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize(
    ("upload", "alt"),
    [
        (SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image", content_type="image/png"), "写真"),
        (SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 broken", content_type="image/jpeg"), "写真"),
        (png_upload(), ""),
    ],
)
def test_a_file_that_is_not_a_photo_or_without_alt_text_is_refused(client, world, media, upload, alt):
    client.force_login(world.alice)
    response = client.post(
        "/partnerships/activities/new/",
        {**ACTIVITY, "organisation": world.alice_org.pk, "photo": upload, "alt_text": alt},
    )
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert not Activity.objects.exists() and not ActivityPhoto.objects.exists()
    assert not any(media.rglob("*.*"))


def test_an_activity_must_end_after_it_starts(client, world):
    client.force_login(world.alice)
    response = client.post(
        "/partnerships/activities/new/", {**ACTIVITY, "organisation": world.alice_org.pk, "ends_on": "2023-07-01"}
    )
    assert response.status_code == 200 and not Activity.objects.exists()


def test_nobody_records_for_another_organisation(client, world):
    client.force_login(world.charlie)
    response = client.post("/partnerships/activities/new/", {**ACTIVITY, "organisation": world.alice_org.pk})
    assert response.status_code == 200 and not Activity.objects.exists()


def test_anonymous_visitors_may_not_record(client, world):
    assert client.get("/partnerships/activities/new/").status_code in (302, 403)


@pytest.mark.parametrize(("persona", "status"), [("charlie", 200), ("alice", 403), ("dave", 403), ("secretariat", 403)])
def test_only_the_recording_organisation_edits_and_adds_photos(client, world, activity, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(f"/partnerships/activities/{activity.pk}/edit/").status_code == status
    assert client.get(f"/partnerships/activities/{activity.pk}/photos/new/").status_code == status


def test_photos_are_added_and_removed(client, world, activity, media):
    client.force_login(world.charlie)
    response = client.post(
        f"/partnerships/activities/{activity.pk}/photos/new/",
        {"image": png_upload(), "caption": "植栽", "alt_text": "ラベンダーを植える児童"},
    )
    assert response.status_code == 302
    photo = activity.photos.get()
    client.post(f"/partnerships/activities/{activity.pk}/photos/{photo.pk}/delete/")
    assert not activity.photos.exists()


def test_the_photos_of_a_draft_partnership_stay_hidden(client, world, digne, media):
    from renkei.partnerships.services import activity_create

    draft = make_partnership(governments=[world.alice_org.local_government], overseas=[digne], is_draft=True)
    activity = activity_create(
        user=world.alice,
        organisation=world.alice_org,
        partnership=draft,
        kind="delegation",
        title_ja="訪問団",
        starts_on=datetime.date(2024, 5, 1),
        photo=png_upload(),
        alt_text="訪問団",
    )
    photo = activity.photos.get()
    assert client.get(f"/partnerships/activities/{activity.pk}/").status_code == 404
    assert client.get(f"/partnerships/photos/{photo.pk}/").status_code == 404
    client.force_login(world.bob)
    assert client.get(f"/partnerships/photos/{photo.pk}/").status_code == 404
    client.force_login(world.alice)
    assert client.get(f"/partnerships/photos/{photo.pk}/").status_code == 200


def test_the_activity_list_is_public(client, activity):
    assert f"/partnerships/activities/{activity.pk}/" in client.get("/en/partnerships/activities/").content.decode()
