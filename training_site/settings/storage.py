"""Static files, public media and private files: on the local disk, or media on S3."""

import os
from pathlib import Path

from .core import BASE_DIR, PROJECT_DIR

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Certificates, their ZIP exports and workshop packs: outside MEDIA_ROOT, with no URL, served
# only by views that check permission (training_site.storage.private_file_response).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
# Behind nginx, a prefix such as "/_private/" (an `internal` location aliased to
# PRIVATE_MEDIA_ROOT) makes those views answer with X-Accel-Redirect instead of the file.
PRIVATE_FILES_ACCEL_REDIRECT = os.environ.get("PRIVATE_FILES_ACCEL_REDIRECT", "")
# Media on S3-compatible storage (django-storages) when AWS_STORAGE_BUCKET_NAME is set: public
# media (images, documents) in that bucket, read through its public-read bucket policy; private
# files in a bucket of their own with no public policy, reached only through URLs signed for
# PRIVATE_FILES_URL_EXPIRY seconds that private_file_response hands out after the permission
# check. Static files stay on WhiteNoise. Half a configuration fails the system checks.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_PRIVATE_STORAGE_BUCKET_NAME = os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "")
AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID", "")
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY", "")
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME", "")
# A CDN or public host name in front of the public bucket (never the private one).
AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "")
PRIVATE_FILES_URL_EXPIRY = int(os.environ.get("PRIVATE_FILES_URL_EXPIRY", "60"))


S3_REQUIRED_SETTINGS = (
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
)


def s3_settings_error(values: dict) -> str | None:
    """Why the S3 settings in `values` can't hold the media, or None when they can (or when
    none is set: media then stays on the local disk)."""
    missing = [name for name in S3_REQUIRED_SETTINGS if not values.get(name)]
    if len(missing) == len(S3_REQUIRED_SETTINGS):
        return None
    if missing:
        return f"S3 media storage is half configured: {', '.join(missing)} not set."
    if values["AWS_STORAGE_BUCKET_NAME"] == values["AWS_PRIVATE_STORAGE_BUCKET_NAME"]:
        return "Private files need a bucket of their own: AWS_PRIVATE_STORAGE_BUCKET_NAME."
    return None


def media_storages(
    *,
    bucket: str,
    private_bucket: str,
    endpoint: str,
    access_key: str,
    secret_key: str,
    region: str = "",
    custom_domain: str = "",
    private_url_expiry: int = 60,
) -> dict[str, dict]:
    """STORAGES' "default" (public media) and "private" entries: on S3 with a bucket, on the
    local disk (MEDIA_ROOT, PRIVATE_MEDIA_ROOT) without."""
    if not bucket:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {"BACKEND": "training_site.storage.PrivateFileStorage"},
        }
    common = {
        "endpoint_url": endpoint,
        "access_key": access_key,
        "secret_key": secret_key,
        "region_name": region or None,
        "signature_version": "s3v4",
        # Wagtail and private_name() pick the names; never replace another file's bytes.
        "file_overwrite": False,
        # Buckets decide who reads (policy), so objects carry no ACL of their own.
        "default_acl": None,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": bucket,
                "querystring_auth": False,
                "custom_domain": custom_domain or None,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": private_bucket,
                "querystring_auth": True,
                "querystring_expire": private_url_expiry,
            },
        },
    }


STORAGES = {
    **media_storages(
        bucket=AWS_STORAGE_BUCKET_NAME,
        private_bucket=AWS_PRIVATE_STORAGE_BUCKET_NAME,
        endpoint=AWS_S3_ENDPOINT_URL,
        access_key=AWS_ACCESS_KEY_ID,
        secret_key=AWS_SECRET_ACCESS_KEY,
        region=AWS_S3_REGION_NAME,
        custom_domain=AWS_S3_CUSTOM_DOMAIN,
        private_url_expiry=PRIVATE_FILES_URL_EXPIRY,
    ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
