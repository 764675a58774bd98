"""W3C Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (vc-di-eddsa §3.3):
RDFC-1.0 canonicalisation (pyld's URDNA2015) of the proof configuration and of the document,
SHA-256 of each, concatenated (proof configuration first), signed with Ed25519 (PyNaCl) and
written as multibase base58btc. JSON-LD contexts come only from the files shipped beside this
module: any other URL is refused, so signing and verifying never fetch anything."""

import copy
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey
from pyld import jsonld
from pyld.documentloader.frozen import FrozenDocumentLoader

from .keys import multibase_decode, multibase_encode

CONTEXTS_DIR = Path(__file__).parent / "contexts"
CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OBV3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# URL → file (contexts/index.json, read by the Node checks too): the only documents the
# JSON-LD processor may load.
CONTEXT_FILES: Mapping[str, Path] = {
    url: CONTEXTS_DIR / name
    for url, name in json.loads((CONTEXTS_DIR / "index.json").read_text()).items()
}
PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


class ProofError(Exception):
    """The document carries no valid proof of this suite by an accepted key."""


def document_loader() -> FrozenDocumentLoader:
    """A pyld document loader serving only the shipped contexts (unknown URL → JsonLdError)."""
    return FrozenDocumentLoader(documents=dict(CONTEXT_FILES))


def canonicalise(document: dict) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document."""
    return jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": document_loader(),
            "base": None,
        },
    )


def _hash_data(document: dict, proof_config: dict) -> bytes:
    config_hash = hashlib.sha256(canonicalise(proof_config).encode()).digest()
    document_hash = hashlib.sha256(canonicalise(document).encode()).digest()
    return config_hash + document_hash


def proof_add(
    document: dict, *, signing_key: SigningKey, verification_method: str, created: str | None
) -> dict:
    """A copy of `document` with an `eddsa-rdfc-2022` DataIntegrityProof for assertions.
    `created` (an XSD dateTimeStamp) may be None: the proof is then deterministic."""
    unsecured = copy.deepcopy(document)
    unsecured.pop("proof", None)
    proof = {"type": PROOF_TYPE, "cryptosuite": CRYPTOSUITE}
    if created:
        proof["created"] = created
    proof.update({"verificationMethod": verification_method, "proofPurpose": "assertionMethod"})
    proof_config = {"@context": unsecured["@context"], **proof}
    signature = signing_key.sign(_hash_data(unsecured, proof_config)).signature
    secured = copy.deepcopy(unsecured)
    secured["proof"] = {**proof, "proofValue": multibase_encode(signature)}
    return secured


def proof_verify(secured: dict, *, keys: Mapping[str, VerifyKey]) -> str:
    """Check the document's single proof against `keys` ({verification method id: key});
    returns the verification method that signed it. Raises ProofError otherwise."""
    proof = secured.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("The document has no single proof object")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError("Not a DataIntegrityProof with the eddsa-rdfc-2022 cryptosuite")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("The proof is not for assertions")
    method = proof.get("verificationMethod")
    verify_key = keys.get(method)
    if verify_key is None:
        raise ProofError(f"Unknown verification method: {method!r}")
    try:
        signature = multibase_decode(str(proof.get("proofValue", "")))
    except ValueError as error:
        raise ProofError("The proofValue is not multibase base58btc") from error
    unsecured = {key: value for key, value in secured.items() if key != "proof"}
    proof_config = {"@context": unsecured.get("@context")}
    proof_config.update({key: value for key, value in proof.items() if key != "proofValue"})
    try:
        verify_key.verify(_hash_data(unsecured, proof_config), signature)
    except jsonld.JsonLdError as error:
        raise ProofError(f"The document is not valid JSON-LD here: {error}") from error
    except (BadSignatureError, ValueError) as error:
        raise ProofError("The signature does not match the document") from error
    return method
