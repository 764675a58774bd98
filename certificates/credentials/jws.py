"""The QR code's offline proof: a compact JWS (RFC 7515, alg EdDSA/Ed25519, the credential key,
`kid` = its did:web verification method) over the code, course, issue date and a SHA-256 of
the holder's name, appended to the verification URL as `#jws=…` (a fragment never reaches the
server, so scanning it reveals nothing to us)."""

import base64
import hashlib
import json
import unicodedata
from collections.abc import Mapping

from django.utils import timezone
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from ..codes import code_format
from ..models import Certificate
from .keys import issuer_key, published_keys

FRAGMENT = "#jws="


class JWSError(Exception):
    """Not a compact EdDSA JWS signed by one of the accepted keys."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def name_normalise(name: str) -> str:
    """The holder's name as hashed: Unicode NFC, runs of white space made one space, trimmed
    (the offline page applies the same rule to the name a checker types)."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def name_sha256(name: str) -> str:
    return b64url(hashlib.sha256(name_normalise(name).encode()).digest())


def certificate_claims(*, certificate: Certificate, course_title: str | None = None) -> dict:
    """What the QR's JWS asserts: code, course (as printed), issue date, hashed holder name."""
    return {
        "code": code_format(certificate.code),
        "course": course_title or certificate.course_title,
        "date": timezone.localtime(certificate.issued_at).date().isoformat(),
        "name_sha256": name_sha256(certificate.holder_name),
    }


def jws_sign(claims: dict) -> str:
    key = issuer_key()
    header = {"alg": "EdDSA", "kid": key.verification_method}
    signing_input = ".".join(
        b64url(json.dumps(part, separators=(",", ":"), ensure_ascii=False).encode())
        for part in (header, claims)
    )
    signature = key.signing_key.sign(signing_input.encode("ascii")).signature
    return f"{signing_input}.{b64url(signature)}"


def jws_verify(token: str, *, keys: Mapping[str, VerifyKey]) -> dict:
    """The claims of a compact JWS signed by one of `keys` ({kid: key}). Raises JWSError."""
    try:
        header_b64, payload_b64, signature_b64 = token.strip().split(".")
        header = json.loads(b64url_decode(header_b64))
        signature = b64url_decode(signature_b64)
    except (ValueError, TypeError) as error:
        raise JWSError("Not a compact JWS") from error
    if not isinstance(header, dict) or header.get("alg") != "EdDSA":
        raise JWSError("Not an EdDSA JWS")
    verify_key = keys.get(header.get("kid"))
    if verify_key is None:
        raise JWSError(f"Unknown key: {header.get('kid')!r}")
    try:
        verify_key.verify(f"{header_b64}.{payload_b64}".encode("ascii"), signature)
        return json.loads(b64url_decode(payload_b64))
    except (BadSignatureError, ValueError) as error:
        raise JWSError("The signature does not match") from error


def published_jwks() -> dict[str, dict]:
    """{kid: public JWK} of every published key, for JOSE tools and the offline page."""
    return {
        kid: {"kty": "OKP", "crv": "Ed25519", "x": b64url(bytes(verify_key))}
        for kid, verify_key in published_keys().items()
    }


def qr_url(
    *, verification_url: str, certificate: Certificate, course_title: str | None = None
) -> str:
    """The QR code's text: the verification URL with the signed claims as its fragment."""
    claims = certificate_claims(certificate=certificate, course_title=course_title)
    return verification_url + FRAGMENT + jws_sign(claims)
