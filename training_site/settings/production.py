"""Production: every secret and host from the environment; refuses to start without a key or
without the public address (SITE_URL) that links are built from."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY, env_bool, s3_settings_error, site_url_error

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
# No default: a wrong SITE_URL silently puts the wrong host in every QR code and e-mail link.
SITE_URL = os.environ.get("SITE_URL", "")
if _error := site_url_error(SITE_URL, ALLOWED_HOSTS):
    raise ImproperlyConfigured(_error)
WAGTAILADMIN_BASE_URL = SITE_URL
# Half an S3 configuration would put media where nobody meant it: refuse to start.
if _error := s3_settings_error(globals()):
    raise ImproperlyConfigured(_error)
# Credentials are signed only with the key from the environment (CREDENTIAL_SIGNING_KEY).
CREDENTIAL_DEV_KEY = False

DEBUG = False
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "587")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
        },
    }
}

# Media as base.py chose it (local disk, or S3 with AWS_STORAGE_BUCKET_NAME); static files
# compressed and fingerprinted by WhiteNoise whatever the media storage.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Wagtail's page preview shows the page in a same-origin iframe, so DENY would break it.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
