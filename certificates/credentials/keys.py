"""The issuer's Ed25519 key: loaded from CREDENTIAL_SIGNING_KEY (or, in development, generated
once into the private media folder), its multibase/Multikey encodings, the site's did:web
identifier and the DID document that publishes the public keys."""

import base64
import binascii
import functools
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from nacl.signing import SigningKey, VerifyKey

logger = logging.getLogger(__name__)

# Multicodec prefixes (varint-encoded) of an Ed25519 public key and private key (the seed).
ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"
DEV_KEY_FILE = "credentials/dev-signing-key.txt"
DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]

_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58btc_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = _B58_ALPHABET[remainder] + encoded
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + encoded


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = _B58_ALPHABET.find(char)
        if index < 0:
            raise ValueError(f"Not a base58btc character: {char!r}")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    leading_zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * leading_zeros + body


def multibase_encode(data: bytes) -> str:
    """Multibase base58btc: "z" followed by the base58btc text."""
    return "z" + base58btc_encode(data)


def multibase_decode(text: str) -> bytes:
    if not text.startswith("z"):
        raise ValueError("Only base58btc multibase ('z…') is supported")
    return base58btc_decode(text[1:])


def public_key_multibase(verify_key: VerifyKey) -> str:
    """The Multikey `publicKeyMultibase` of an Ed25519 key ("z6Mk…")."""
    return multibase_encode(ED25519_PUB_PREFIX + bytes(verify_key))


def verify_key_from_multibase(text: str) -> VerifyKey:
    raw = multibase_decode(text)
    if not raw.startswith(ED25519_PUB_PREFIX) or len(raw) != 34:
        raise ValueError("Not an Ed25519 Multikey public key")
    return VerifyKey(raw[2:])


def secret_key_multibase(signing_key: SigningKey) -> str:
    """The Multikey `secretKeyMultibase` of an Ed25519 key ("z3u2…"): the value to put in
    CREDENTIAL_SIGNING_KEY."""
    return multibase_encode(ED25519_PRIV_PREFIX + bytes(signing_key))


def signing_key_parse(value: str) -> SigningKey:
    """An Ed25519 key from its 32-byte seed written as a Multikey secret key ("z3u2…"), bare
    multibase base58btc ("z…"), or base64 (standard or URL-safe alphabet)."""
    value = value.strip()
    raw: bytes | None = None
    if value.startswith("z"):
        try:
            raw = multibase_decode(value)
        except ValueError:
            raw = None
        if raw is not None and len(raw) == 34 and raw.startswith(ED25519_PRIV_PREFIX):
            raw = raw[2:]
    if raw is None or len(raw) != 32:
        try:
            raw = base64.b64decode(value.replace("-", "+").replace("_", "/") + "==")
        except (binascii.Error, ValueError):
            raw = None
    if raw is None or len(raw) != 32:
        raise ImproperlyConfigured(
            "CREDENTIAL_SIGNING_KEY must be a 32-byte Ed25519 seed, as a Multikey secret key "
            "(z3u2…) or base64: create one with `manage.py credential_key`."
        )
    return SigningKey(raw)


@dataclass(frozen=True)
class IssuerKey:
    """The issuer's current signing key and how verifiers find its public half."""

    did: str
    key_id: str  # the fragment, e.g. "key-1"
    signing_key: SigningKey

    @property
    def verification_method(self) -> str:
        return f"{self.did}#{self.key_id}"

    @property
    def public_key_multibase(self) -> str:
        return public_key_multibase(self.signing_key.verify_key)


def site_did() -> str:
    """The path-less did:web of SITE_URL's host (a port is percent-encoded as did:web says)."""
    netloc = urlsplit(settings.SITE_URL).netloc.lower()
    return "did:web:" + quote(netloc, safe="")


def _dev_key_path() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / DEV_KEY_FILE


def _dev_signing_key() -> SigningKey:
    """Development only: a key made on first use and kept in the private media folder."""
    path = _dev_key_path()
    if path.exists():
        return signing_key_parse(path.read_text())
    key = SigningKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created exclusively and readable by the owner only; a parallel process that won the race
    # keeps its key (both then read the same file).
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return signing_key_parse(path.read_text())
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret_key_multibase(key) + "\n")
    logger.warning("Generated a development credential signing key in %s", path)
    return key


@functools.cache
def _parsed_key(value: str) -> SigningKey:
    return signing_key_parse(value)


def issuer_key() -> IssuerKey:
    """The key credentials and QR codes are signed with: CREDENTIAL_SIGNING_KEY, else (when
    CREDENTIAL_DEV_KEY is on, as in development and tests) a generated development key."""
    value = getattr(settings, "CREDENTIAL_SIGNING_KEY", "")
    if value:
        signing_key = _parsed_key(value)
    elif getattr(settings, "CREDENTIAL_DEV_KEY", False):
        signing_key = _dev_signing_key()
    else:
        raise ImproperlyConfigured(
            "CREDENTIAL_SIGNING_KEY is not set: create one with `manage.py credential_key`."
        )
    return IssuerKey(
        did=site_did(),
        key_id=getattr(settings, "CREDENTIAL_KEY_ID", "key-1") or "key-1",
        signing_key=signing_key,
    )


def signing_available() -> bool:
    """Whether credentials can be signed here (a key is set, or development keys are on)."""
    return bool(
        getattr(settings, "CREDENTIAL_SIGNING_KEY", "")
        or getattr(settings, "CREDENTIAL_DEV_KEY", False)
    )


def retired_keys() -> dict[str, str]:
    """{key id: publicKeyMultibase} of earlier keys, still published so that credentials and
    QR codes signed with them keep verifying (CREDENTIAL_RETIRED_KEYS="key-1=z6Mk…,…")."""
    retired = {}
    for item in getattr(settings, "CREDENTIAL_RETIRED_KEYS", "").split(","):
        key_id, _sep, multibase = item.strip().partition("=")
        if key_id and multibase:
            verify_key_from_multibase(multibase.strip())  # refuse a malformed entry early
            retired[key_id.strip()] = multibase.strip()
    return retired


def published_keys() -> dict[str, VerifyKey]:
    """{verification method id: public key} of every key the DID document publishes."""
    current = issuer_key()
    keys = {current.verification_method: current.signing_key.verify_key}
    for key_id, multibase in retired_keys().items():
        keys.setdefault(f"{current.did}#{key_id}", verify_key_from_multibase(multibase))
    return keys


def did_document() -> dict:
    """The did:web DID document (/.well-known/did.json): one Multikey verification method per
    published key, each usable for assertions (credentials, QR codes)."""
    did = site_did()
    methods = [
        {
            "id": method_id,
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": public_key_multibase(verify_key),
        }
        for method_id, verify_key in published_keys().items()
    ]
    return {
        "@context": DID_CONTEXTS,
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
