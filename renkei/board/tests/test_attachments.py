"""Attachments on board posts: checked by content, limited in size and number, served only to readers."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from renkei.board.attachments import MAX_ATTACHMENTS
from renkei.board.models import Attachment, Category, Post
from renkei.board.services import post_create
from renkei.lib import files

pytestmark = pytest.mark.django_db

BOARD = "/en/networks/alliance/board/"

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def image_bytes(fmt="PNG", size=(800, 400), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128)).save(out, format=fmt)
    return out.getvalue()


def ooxml_bytes(folder: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(f"{folder}document.xml", "<document/>")
    return out.getvalue()


def ole_bytes(stream: str) -> bytes:
    # The OLE header, then a directory entry naming the stream (UTF-16), as in a real .doc/.xls/.ppt.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000 + stream.encode("utf-16-le") + b"\x00" * 200


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


def _form(world, **extra):
    data = {
        "category": world.network.board_categories.get(kind=Category.Kind.NOTICE).pk,
        "title": "防災訓練のご案内",
        "body": "資料を添付します。",
        "visibility": "members",
    }
    data.update(extra)
    return data


def _post_with(world, *uploads, visibility=Post.Visibility.MEMBERS):
    return post_create(
        network=world.network,
        author=world.alice,
        author_organisation=world.alice_org,
        category=world.network.board_categories.get(kind=Category.Kind.NOTICE),
        title="防災訓練のご案内",
        body="資料を添付します。",
        visibility=visibility,
        attachments=list(uploads),
    )


@pytest.mark.parametrize(
    "data, expected",
    [
        (PDF_BYTES, files.PDF),
        (image_bytes("PNG"), "image/png"),
        (image_bytes("JPEG"), "image/jpeg"),
        (image_bytes("GIF"), "image/gif"),
        (image_bytes("WEBP"), "image/webp"),
        (ooxml_bytes("word/"), files.DOCX),
        (ooxml_bytes("xl/"), files.XLSX),
        (ooxml_bytes("ppt/"), files.PPTX),
        (ole_bytes("WordDocument"), files.DOC),
        (ole_bytes("Workbook"), files.XLS),
        (ole_bytes("PowerPoint Document"), files.PPT),
    ],
    ids=["pdf", "png", "jpeg", "gif", "webp", "docx", "xlsx", "pptx", "doc", "xls", "ppt"],
)
def test_it_recognises_each_allowed_type_by_content_whatever_the_name(data, expected):
    checked = files.check_upload(upload("whatever.bin", data))
    assert checked.content_type == expected
    assert checked.name == "whatever.bin"


@pytest.mark.parametrize(
    "name, data",
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>"),
        ("photo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("tool.pdf", b"MZ\x90\x00" + b"\x00" * 200),
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 100),
        ("plain.xlsx", ooxml_bytes("other/")),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50),
    ],
    ids=["html-as-pdf", "svg-as-png", "exe-as-pdf", "not-a-zip", "zip-not-office", "broken-png"],
)
def test_it_refuses_files_whose_content_is_not_allowed(name, data):
    with pytest.raises(ValidationError) as error, translation.override("en"):
        files.check_upload(upload(name, data, "application/pdf"))
    assert "is not a PDF, an image or an Office file" in str(error.value)


def test_a_member_posts_a_pdf_and_an_image_and_readers_see_thumbnail_and_download_link(client, world, media):
    client.force_login(world.alice)
    response = client.post(
        f"{BOARD}new/",
        _form(
            world,
            attachments=[upload("訓練計画.pdf", PDF_BYTES), upload("会場.png", image_bytes("PNG", (1200, 600)))],
        ),
    )
    post = Post.objects.get()
    assert response.status_code == 302
    pdf, png = post.attachments.order_by("id")
    assert (pdf.name, pdf.content_type, pdf.size) == ("訓練計画.pdf", "application/pdf", len(PDF_BYTES))
    assert not pdf.thumbnail
    with Image.open(png.thumbnail.open("rb")) as thumb:
        assert thumb.width == 320
    # Stored under a name nobody can guess, not the reader's file name.
    assert "訓練計画" not in pdf.file.name

    client.force_login(world.bob)
    page = client.get(f"{BOARD}{post.pk}/").content.decode()
    assert f'src="{BOARD}attachments/{png.pk}/thumbnail/"' in page
    assert f'href="{BOARD}attachments/{pdf.pk}/"' in page
    assert "訓練計画.pdf" in page and f"(PDF, {len(PDF_BYTES)}\xa0bytes)" in page
    assert "/media/" not in page


def test_the_file_is_served_to_readers_only_with_safe_headers(client, world):
    post = _post_with(world, upload("計画.pdf", PDF_BYTES), upload("会場.jpg", image_bytes("JPEG")))
    pdf, jpeg = post.attachments.order_by("id")
    for user in (world.alice, world.bob, world.secretariat):
        client.force_login(user)
        response = client.get(f"{BOARD}attachments/{pdf.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        image = client.get(f"{BOARD}attachments/{jpeg.pk}/")
        assert image["Content-Type"] == "image/jpeg"
        assert image["Content-Disposition"].startswith("inline;")
        assert client.get(f"{BOARD}attachments/{jpeg.pk}/thumbnail/").status_code == 200
    for user in (None, world.charlie, world.dave):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(f"{BOARD}attachments/{pdf.pk}/").status_code == 404
        assert client.get(f"{BOARD}attachments/{jpeg.pk}/thumbnail/").status_code == 404


def test_a_public_posts_files_are_public_but_only_under_their_own_network(client, world):
    post = _post_with(world, upload("案内.pdf", PDF_BYTES), visibility=Post.Visibility.PUBLIC)
    attachment = post.attachments.get()
    assert client.get(f"{BOARD}attachments/{attachment.pk}/").status_code == 200
    assert client.get(f"/en/networks/elsewhere/board/attachments/{attachment.pk}/").status_code == 404


def test_a_disguised_file_is_refused_and_nothing_is_written(client, world, media):
    client.force_login(world.alice)
    response = client.post(
        f"{BOARD}new/",
        _form(world, attachments=[upload("ok.pdf", PDF_BYTES), upload("invoice.pdf", b"<html>not a pdf</html>")]),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "invoice.pdf is not a PDF, an image or an Office file" in page
    assert 'aria-invalid="true"' in page
    assert not Post.objects.exists() and not Attachment.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_written(client, world, media, settings):
    settings.BOARD_ATTACHMENT_MAX_BYTES = 50
    client.force_login(world.alice)
    response = client.post(f"{BOARD}new/", _form(world, attachments=[upload("big.pdf", PDF_BYTES)]))
    assert response.status_code == 200
    assert f"big.pdf is {len(PDF_BYTES)}\xa0bytes; files may be at most 50\xa0bytes." in response.content.decode()
    assert not Post.objects.exists()
    assert stored_files(media) == []


def test_more_than_ten_files_are_refused(client, world, media):
    client.force_login(world.alice)
    uploads = [upload(f"{n}.pdf", PDF_BYTES) for n in range(MAX_ATTACHMENTS + 1)]
    response = client.post(f"{BOARD}new/", _form(world, attachments=uploads))
    assert "A post may have at most 10 attachments." in response.content.decode()
    assert not Post.objects.exists()
    assert stored_files(media) == []


def test_the_service_refuses_bad_files_too(world, media):
    with pytest.raises(Exception) as error:
        _post_with(world, upload("ok.pdf", PDF_BYTES), upload("x.pdf", b"GIF89a-not-really"))
    assert "attachments" in error.value.message_dict
    assert not Post.objects.exists()
    assert stored_files(media) == []


def test_the_author_adds_and_removes_attachments_when_editing(client, world, media, django_capture_on_commit_callbacks):
    post = _post_with(world, upload("old.pdf", PDF_BYTES))
    old = post.attachments.get()
    client.force_login(world.alice)
    form = client.get(f"{BOARD}{post.pk}/edit/").content.decode()
    assert "old.pdf" in form and 'name="remove_attachments"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{BOARD}{post.pk}/edit/",
            _form(world, remove_attachments=[old.pk], attachments=[upload("new.webp", image_bytes("WEBP"))]),
        )
    assert response.status_code == 302
    assert [a.name for a in post.attachments.all()] == ["new.webp"]
    assert not (media / old.file.name).exists()
    assert post.attachments.get().thumbnail


def test_a_bad_file_on_edit_changes_nothing(client, world, media):
    post = _post_with(world, upload("old.pdf", PDF_BYTES))
    old = post.attachments.get()
    client.force_login(world.alice)
    response = client.post(
        f"{BOARD}{post.pk}/edit/",
        _form(world, title="変更後", remove_attachments=[old.pk], attachments=[upload("x.docx", b"PK\x03\x04junk")]),
    )
    assert response.status_code == 200
    assert "x.docx is not a PDF, an image or an Office file" in response.content.decode()
    post.refresh_from_db()
    assert post.title == "防災訓練のご案内"
    assert list(post.attachments.all()) == [old]
    assert (media / old.file.name).exists()
