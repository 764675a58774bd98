"""Digital credentials of certificates: the Open Badges 3.0 credential (eddsa-rdfc-2022 Data
Integrity proof), the QR code's compact JWS, and the did:web keys that verify both."""

from .badges import (
    certificate_credential,
    credential_build,
    credential_url,
    credential_verify,
    identity_hash,
)
from .jws import (
    JWSError,
    certificate_claims,
    jws_sign,
    jws_verify,
    name_sha256,
    published_jwks,
    qr_url,
)
from .keys import (
    did_document,
    issuer_key,
    published_keys,
    secret_key_multibase,
    signing_available,
    site_did,
)
from .proofs import ProofError, canonicalise, document_loader

__all__ = [
    "JWSError",
    "ProofError",
    "canonicalise",
    "certificate_claims",
    "certificate_credential",
    "credential_build",
    "credential_url",
    "credential_verify",
    "did_document",
    "document_loader",
    "identity_hash",
    "issuer_key",
    "jws_sign",
    "jws_verify",
    "name_sha256",
    "published_jwks",
    "published_keys",
    "qr_url",
    "secret_key_multibase",
    "signing_available",
    "site_did",
]
