"""Test settings: fast hashing, in-memory e-mail, immediate tasks, no rate limits."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
ACCOUNT_RATE_LIMITS = False
# Tests that check staff two-factor turn it on; the others force_login staff without TOTP.
STAFF_REQUIRE_2FA = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
TASKS_RETRY_DELAY = 0  # retries of transient task errors don't wait
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "training_site.storage.PrivateFileStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Private files of each test process in a fresh directory, never in the working tree.
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="training-private-"))
