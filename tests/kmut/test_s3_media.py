"""Uploaded files in an S3-compatible bucket (DJANGO_MEDIA_S3_BUCKET), for several app servers.

The bucket is served by moto's S3 server on loopback, so django-storages and boto3 speak real
HTTP to it: a receipt is stored as a private object, staff download it through the permission-
checked view, and a backup taken from the bucket restores into an empty one.
"""

import hashlib
import socket
import uuid

import boto3
import environ
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from moto.server import ThreadedMotoServer

from kmut import backups
from kmut.settings import s3_media_storage
from tests.kmut.test_backups import RECEIPT_BYTES, _empty_instance, _office_data

REGION = "eu-central-1"


@pytest.fixture(scope="module")
def s3_endpoint():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    name = f"kmut-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id="kmut-test",
        aws_secret_access_key="kmut-test-secret",
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    for variable, value in {
        "DJANGO_MEDIA_S3_BUCKET": name,
        "DJANGO_MEDIA_S3_ENDPOINT_URL": s3_endpoint,
        "DJANGO_MEDIA_S3_REGION": REGION,
        "DJANGO_MEDIA_S3_ACCESS_KEY": "kmut-test",
        "DJANGO_MEDIA_S3_SECRET_KEY": "kmut-test-secret",
    }.items():
        monkeypatch.setenv(variable, value)
    settings.STORAGES = {**settings.STORAGES, "default": s3_media_storage(environ.Env())}
    return client, name


def test_without_a_bucket_the_files_stay_on_disk(monkeypatch):
    monkeypatch.delenv("DJANGO_MEDIA_S3_BUCKET", raising=False)
    assert s3_media_storage(environ.Env()) is None


def test_the_bucket_setting_selects_private_s3_storage(monkeypatch):
    monkeypatch.setenv("DJANGO_MEDIA_S3_BUCKET", "kmut-media")
    monkeypatch.setenv("DJANGO_MEDIA_S3_PREFIX", "landkreis")
    storage = s3_media_storage(environ.Env())
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "kmut-media"
    assert storage["OPTIONS"]["location"] == "landkreis"
    assert storage["OPTIONS"]["default_acl"] == "private"
    assert storage["OPTIONS"]["file_overwrite"] is False


@pytest.mark.django_db(transaction=True)
def test_receipts_live_in_the_bucket_and_reach_staff_only_through_the_app(
    bucket, coordinator_client
):
    client, name = bucket
    receipt = _office_data()

    keys = [item["Key"] for item in client.list_objects_v2(Bucket=name)["Contents"]]
    assert keys == [receipt.file.name]
    assert keys[0].startswith("private/receipts/")
    stored = client.get_object(Bucket=name, Key=keys[0])["Body"].read()
    assert stored == RECEIPT_BYTES
    acl = client.get_object_acl(Bucket=name, Key=keys[0])
    assert not [grant for grant in acl["Grants"] if "AllUsers" in str(grant["Grantee"])]

    response = coordinator_client.get(reverse("volunteers:receipt", args=[receipt.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == RECEIPT_BYTES


@pytest.mark.django_db(transaction=True)
def test_backup_from_the_bucket_restores_into_an_empty_bucket(bucket, tmp_path, backup_key):
    client, name = bucket
    receipt = _office_data()
    counts = backups.row_counts()
    archive = tmp_path / "kmut.tar.gz.age"

    call_command("backup", str(archive), verbosity=0)
    _empty_instance()
    assert client.list_objects_v2(Bucket=name)["KeyCount"] == 0
    call_command("restore", str(archive), verbosity=0)

    assert backups.row_counts() == counts
    with default_storage.open(receipt.file.name, "rb") as handle:
        assert hashlib.sha256(handle.read()).digest() == hashlib.sha256(RECEIPT_BYTES).digest()
    assert client.list_objects_v2(Bucket=name)["KeyCount"] == 1
