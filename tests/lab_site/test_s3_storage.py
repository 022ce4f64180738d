"""Media on S3-compatible storage (django-storages), against moto's S3 server on loopback."""

import json
import os

import boto3
import pytest
import requests
import wagtail_factories
from django.test import override_settings

pytestmark = pytest.mark.django_db

BUCKET = "lab-site-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}


@pytest.fixture
def s3_media(s3_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")  # noqa: S105 (moto's fake key)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    # As docs/deploying.md says: visitors read media straight from the bucket.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_images_and_renditions_are_stored_in_and_served_from_the_bucket(s3_media, s3_endpoint):
    image = wagtail_factories.ImageFactory(file__width=640, file__height=480)
    rendition = image.get_rendition("width-200|format-webp")

    keys = {item["Key"] for item in s3_media.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert image.file.name in keys
    assert rendition.file.name in keys
    assert rendition.url.startswith(f"{s3_endpoint}/{BUCKET}/")

    served = requests.get(rendition.url, timeout=10)
    assert served.status_code == 200
    assert served.content[:4] == b"RIFF"  # a WebP file
    assert rendition.width == 200
    assert not os.path.exists(os.path.join("media", rendition.file.name))
