"""Attachments on S3-compatible object storage (django-storages), as production keeps them.

An S3 server of moto's runs on this machine; nothing is written to local disk, and files reach
readers only through the access-checked views.
"""

import socket

import boto3
import pytest
from moto.server import ThreadedMotoServer

from renkei.board.models import Category, Post
from renkei.board.services import post_create
from renkei.board.tests.test_attachments import PDF_BYTES, image_bytes, upload

pytestmark = pytest.mark.django_db
BUCKET = "renkei-files"


@pytest.fixture(scope="module")
def s3_endpoint():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def object_storage(settings, s3_endpoint, tmp_path):
    credentials = {
        "aws_access_key_id": "renkei",
        "aws_secret_access_key": "renkei-secret",
        "region_name": "ap-northeast-1",
    }
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, **credentials)
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "access_key": credentials["aws_access_key_id"],
                "secret_key": credentials["aws_secret_access_key"],
                "region_name": credentials["region_name"],
                "default_acl": None,
                "querystring_auth": True,
            },
        },
    }
    yield s3
    objects = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in objects:
        s3.delete_object(Bucket=BUCKET, Key=item["Key"])
    s3.delete_bucket(Bucket=BUCKET)


def test_attachments_are_kept_in_object_storage_and_served_only_to_readers(client, world, object_storage, tmp_path):
    picture = image_bytes()
    post = post_create(
        network=world.network,
        author=world.alice,
        author_organisation=world.alice_org,
        category=world.network.board_categories.get(kind=Category.Kind.NOTICE),
        title="防災訓練のご案内",
        body="資料を添付します。",
        visibility=Post.Visibility.MEMBERS,
        attachments=[upload("訓練.pdf", PDF_BYTES), upload("会場.png", picture)],
    )
    pdf = post.attachments.get(content_type="application/pdf")
    image = post.attachments.get(content_type="image/png")
    keys = {item["Key"] for item in object_storage.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert pdf.file.name in keys and image.file.name in keys
    assert image.thumbnail.name in keys  # drawn from the stored image, kept beside it
    assert not any(path.is_file() for path in tmp_path.rglob("*"))  # nothing on this machine's disk

    base = f"/en/networks/{world.network.slug}/board/attachments"
    client.force_login(world.bob)
    assert b"".join(client.get(f"{base}/{pdf.pk}/").streaming_content) == PDF_BYTES
    assert b"".join(client.get(f"{base}/{image.pk}/").streaming_content) == picture
    assert client.get(f"{base}/{image.pk}/thumbnail/").status_code == 200
    client.force_login(world.charlie)
    assert client.get(f"{base}/{pdf.pk}/").status_code in (403, 404)
    client.logout()
    assert client.get(f"{base}/{pdf.pk}/").status_code in (403, 404)
