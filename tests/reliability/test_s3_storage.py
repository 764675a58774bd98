"""Media on S3, against a real S3-compatible server (moto in server mode, see `s3_endpoint`):
private files in a private bucket reached only through short-lived signed URLs handed out
after the permission check, public media readable by anyone."""

import json
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

import boto3
import pytest
import requests
import time_machine
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from pypdf import PdfReader
from storages.backends.s3 import S3Storage
from wagtail.images import get_image_model

from certificates.models import CertificateFile, ExportStatus
from certificates.services import certificate_export_request
from tests.factories.certificates import CertificateFactory
from tests.reliability.test_private_files import KINDS, WRONG_PEOPLE, people
from training_site.checks import s3_media_settings
from training_site.settings.base import media_storages

KEYS = {"access_key": "s3-test-key", "secret_key": "s3-test-secret"}


def public_read_policy(bucket: str) -> str:
    """The public bucket's policy from README: anyone may read objects, nothing more."""
    statement = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@pytest.fixture
def s3(s3_endpoint, settings):
    """Two fresh buckets on the S3 server, public (with README's policy) and private, and the
    STORAGES that production builds for them."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
        region_name="us-east-1",
    )
    suffix = uuid4().hex[:16]
    public, private = f"media-{suffix}", f"private-{suffix}"
    client.create_bucket(Bucket=public)
    client.create_bucket(Bucket=private)
    client.put_bucket_policy(Bucket=public, Policy=public_read_policy(public))
    settings.STORAGES = {
        **media_storages(
            bucket=public,
            private_bucket=private,
            endpoint=s3_endpoint,
            region="us-east-1",
            private_url_expiry=60,
            **KEYS,
        ),
        "staticfiles": settings.STORAGES["staticfiles"],
    }
    settings.PRIVATE_FILES_URL_EXPIRY = 60
    settings.PRIVATE_FILES_ACCEL_REDIRECT = ""
    return SimpleNamespace(client=client, endpoint=s3_endpoint, public=public, private=private)


@pytest.fixture
def s3_files(s3, files):
    """The reliability suite's certificate, export and pack, written to the private bucket."""
    return files


@pytest.fixture
def signed_urls(monkeypatch):
    """The names of the files S3Storage signs a URL for during the test."""
    names = []
    sign = S3Storage.url

    def recording(storage, name, *args, **kwargs):
        names.append(name)
        return sign(storage, name, *args, **kwargs)

    monkeypatch.setattr(S3Storage, "url", recording)
    return names


def objects(s3, bucket: str) -> list[str]:
    return [item["Key"] for item in s3.client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def unsigned(url: str) -> str:
    return url.split("?", 1)[0]


def test_a_certificate_and_its_export_go_to_the_private_bucket_and_out_through_signed_urls(
    client, s3, course, learner, admin, django_capture_on_commit_callbacks
):
    certificate = CertificateFactory(user=learner, course_key=course.translation_key)
    client.force_login(learner)

    response = client.get(
        reverse("certificates:download", kwargs={"pk": certificate.pk, "language": "en"})
    )

    stored = CertificateFile.objects.get(certificate=certificate, language="en")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{s3.endpoint}/{s3.private}/{stored.file.name}?")
    assert objects(s3, s3.private) == [stored.file.name]
    assert objects(s3, s3.public) == []
    download = requests.get(response["Location"], timeout=30)
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"] == (
        f'attachment; filename="certificate-{certificate.formatted_code}-en.pdf"'
    )
    assert "Amina Learner" in PdfReader(BytesIO(download.content)).pages[0].extract_text()
    assert requests.get(unsigned(response["Location"]), timeout=30).status_code == 403

    # The export task reads the stored PDF back from the bucket and writes its ZIP there.
    with django_capture_on_commit_callbacks(execute=True):
        export = certificate_export_request(by=admin, certificates=[certificate])
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    assert sorted(objects(s3, s3.private)) == sorted([stored.file.name, export.file.name])
    client.force_login(admin)

    response = client.get(reverse("certificates_admin:export_download", kwargs={"pk": export.pk}))

    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"].split(", ")
    archive = requests.get(response["Location"], timeout=30)
    assert archive.status_code == 200
    with zipfile.ZipFile(BytesIO(archive.content)) as opened:
        pdf = opened.read(f"certificate-{certificate.formatted_code}-en.pdf")
    assert pdf == download.content
    assert requests.get(unsigned(response["Location"]), timeout=30).status_code == 403


@pytest.mark.parametrize("kind", KINDS)
def test_the_rightful_downloader_is_sent_to_a_signed_url_of_the_bytes(
    client, s3_files, signed_urls, kind
):
    file, url, owner = s3_files[kind]
    client.force_login(owner)

    response = client.get(url)

    assert response.status_code == 302
    assert signed_urls == [file.name]
    assert requests.get(response["Location"], timeout=30).content == file.open("rb").read()
    assert requests.get(unsigned(response["Location"]), timeout=30).status_code == 403


@pytest.mark.parametrize("kind", KINDS)
def test_other_people_get_a_404_and_anonymous_visitors_the_sign_in_page_before_any_url_is_signed(
    client, s3_files, signed_urls, kind
):
    file, url, _owner = s3_files[kind]
    everyone = people()
    statuses = {}
    for who in WRONG_PEOPLE[kind]:
        client.force_login(everyone[who])
        # An admin 404 passes through the locale middleware's redirect to /en/admin/…: follow.
        statuses[who] = client.get(url, follow=True).status_code
    client.logout()

    anonymous = client.get(url)

    assert statuses == dict.fromkeys(WRONG_PEOPLE[kind], 404)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert signed_urls == []


def test_a_signed_url_lasts_private_files_url_expiry_seconds_from_the_request(
    client, s3_files, settings
):
    """The server refuses a signature older than X-Amz-Expires seconds after X-Amz-Date (moto
    does not enforce it, S3 does): the URL must carry the request's time and the setting."""
    settings.PRIVATE_FILES_URL_EXPIRY = 5
    _file, url, owner = s3_files["certificate"]
    with time_machine.travel(datetime(2026, 12, 1, 9, 30, 15, tzinfo=UTC), tick=False):
        client.force_login(owner)
        response = client.get(url)

    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["X-Amz-Date"] == ["20261201T093015Z"]
    assert query["X-Amz-Expires"] == ["5"]
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]


def test_a_lesson_image_rendition_is_publicly_readable_from_the_public_bucket(db, s3):
    picture = BytesIO()
    PILImage.new("RGB", (1200, 900), (30, 90, 160)).save(picture, "PNG")
    image = get_image_model().objects.create(
        title="Storage room", file=ImageFile(picture, name="storage-room.png")
    )

    rendition = image.get_rendition("max-800x600|format-webp")

    assert rendition.url.startswith(f"{s3.endpoint}/{s3.public}/")
    assert "?" not in rendition.url
    response = requests.get(rendition.url, timeout=30)
    assert response.status_code == 200
    assert PILImage.open(BytesIO(response.content)).size == (800, 600)
    assert sorted(objects(s3, s3.public)) == sorted([image.file.name, rendition.file.name])
    assert objects(s3, s3.private) == []


FULL = {
    "AWS_STORAGE_BUCKET_NAME": "training-media",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME": "training-private",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
    "AWS_ACCESS_KEY_ID": "key",
    "AWS_SECRET_ACCESS_KEY": "secret",
}


@pytest.mark.parametrize(
    ("changes", "ids"),
    [
        ({}, []),
        (dict.fromkeys(FULL, ""), []),
        ({"AWS_PRIVATE_STORAGE_BUCKET_NAME": ""}, ["training_site.E002"]),
        ({"AWS_STORAGE_BUCKET_NAME": "", "AWS_S3_ENDPOINT_URL": ""}, ["training_site.E002"]),
        ({"AWS_PRIVATE_STORAGE_BUCKET_NAME": "training-media"}, ["training_site.E002"]),
        ({"PRIVATE_FILES_ACCEL_REDIRECT": "/_private/"}, ["training_site.W002"]),
    ],
)
def test_the_system_checks_refuse_half_an_s3_configuration(settings, changes, ids):
    for name, value in {**FULL, "PRIVATE_FILES_ACCEL_REDIRECT": "", **changes}.items():
        setattr(settings, name, value)

    assert [message.id for message in s3_media_settings(None)] == ids


SHOW_STORAGES = """
import django
django.setup()
from django.core.files.storage import storages
public, private = storages["default"], storages["private"]
for storage in (public, private):
    bucket = getattr(storage, "bucket_name", "-")
    print(type(storage).__name__, bucket, getattr(storage, "querystring_auth", "-"))
from django.conf import settings
print(*settings.SECURE_CSP["img-src"])
"""


def start_production(**environment) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "training_site.settings.production",
        "SECRET_KEY": "k",
        "ALLOWED_HOSTS": "training.example.org",
        "SITE_URL": "https://training.example.org",
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", SHOW_STORAGES],
        cwd=Path(__file__).resolve().parents[2],
        env=env | environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_puts_media_on_s3_with_every_setting_and_refuses_half_of_them():
    """With S3, public media in one bucket (images allowed from its host by the CSP), private
    files signed in another; without, the local disk; with half the settings, no start."""
    complete = start_production(**FULL)
    half = start_production(**{**FULL, "AWS_SECRET_ACCESS_KEY": ""})
    none = start_production()

    assert complete.returncode == 0, complete.stderr
    assert complete.stdout.splitlines() == [
        "S3Storage training-media False",
        "S3Storage training-private True",
        "'self' data: https://s3.example.org",  # lesson images come from the bucket's host
    ]
    assert half.returncode != 0
    assert "ImproperlyConfigured: S3 media storage is half configured" in half.stderr
    assert "AWS_SECRET_ACCESS_KEY not set" in half.stderr
    assert none.returncode == 0, none.stderr
    assert none.stdout.splitlines() == [
        "FileSystemStorage - -",
        "PrivateFileStorage - -",
        "'self' data:",
    ]
