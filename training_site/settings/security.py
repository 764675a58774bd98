"""Content-Security-Policy and the proxies trusted in front of the application."""

import os
from urllib.parse import urlsplit

from django.utils.csp import CSP

from .storage import AWS_S3_CUSTOM_DOMAIN, AWS_S3_ENDPOINT_URL, AWS_STORAGE_BUCKET_NAME

# Content-Security-Policy (Django's built-in middleware): only our own origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "frame-src": [CSP.SELF, "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if AWS_STORAGE_BUCKET_NAME:
    # Public media on S3 come from the bucket's host (or AWS_S3_CUSTOM_DOMAIN), not from ours.
    _media = urlsplit(
        f"https://{AWS_S3_CUSTOM_DOMAIN}" if AWS_S3_CUSTOM_DOMAIN else AWS_S3_ENDPOINT_URL
    )
    SECURE_CSP["img-src"].append(f"{_media.scheme}://{_media.netloc}")

# Proxies under our control in front of the application (each appends to X-Forwarded-For);
# 0 trusts none and takes REMOTE_ADDR. See training_site/clients.py.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
