"""The Open Badges 3.0 credential of a certificate, its eddsa-rdfc-2022 proof, the did:web
keys and the endpoints (Python side; test_credentials_qr.py has the QR code's JWS and
test_credentials_thirdparty.py checks the same documents with independent verifiers)."""

import copy
import hashlib
import json
import os
import stat
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from nacl.signing import SigningKey
from pyld.jsonld import JsonLdError

from certificates.credentials import (
    ProofError,
    certificate_credential,
    credential_verify,
    did_document,
    document_loader,
    issuer_key,
    published_keys,
    secret_key_multibase,
    site_did,
)
from certificates.credentials.keys import (
    base58btc_decode,
    base58btc_encode,
    public_key_multibase,
    signing_key_parse,
)
from certificates.models import Certificate
from certificates.services import certificate_issue, certificate_revoke
from tests.certificates.conftest import pass_final
from tests.factories.pages import CourseIndexPageFactory, build_course, build_site
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

FIXED_SEED = bytes(range(32))


@pytest.fixture(scope="module")
def module_certificate(module_db):
    """One course, learner and certificate for the whole module (see `module_db`)."""
    with module_db.unblock():
        catalogue = CourseIndexPageFactory(parent=build_site())
        course = build_course(catalogue, lessons=3)
        learner = UserFactory(email="learner@example.org", full_name="Amina Learner")
        pass_final(course, learner, right=23, total=25)  # 92 %
        return certificate_issue(user=learner, course_key=course.translation_key)


@pytest.fixture
def certificate(module_certificate, shared_rows):
    """A fresh copy each test, so changes made to it in memory don't leak."""
    return Certificate.objects.select_related("user").get(pk=module_certificate.pk)


@pytest.fixture
def fixed_key(settings):
    """A known key from the environment setting (as production has)."""
    settings.CREDENTIAL_SIGNING_KEY = secret_key_multibase(SigningKey(FIXED_SEED))
    return SigningKey(FIXED_SEED)


def test_the_credential_is_an_open_badge_issued_by_the_sites_did_web(certificate, fixed_key):
    credential = certificate_credential(certificate=certificate)
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == "did:web:training.example.org"
    assert credential["issuer"]["type"] == ["Profile"]
    assert credential["validFrom"] == certificate.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert "validUntil" not in credential
    assert credential["id"] == (
        f"https://training.example.org/en/verify/{certificate.formatted_code}/credential.json"
    )
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    achievement = subject["achievement"]
    assert achievement["id"] == f"urn:uuid:{certificate.course_key}"
    assert achievement["name"] == certificate.course_title
    assert achievement["description"] == "What the course is about."
    assert achievement["inLanguage"] == "en"
    assert achievement["criteria"]["narrative"].startswith("Study every lesson")
    [earned_on] = achievement["resultDescription"]
    assert earned_on["id"] == f"urn:uuid:{certificate.assessment[0]['quiz_key']}"
    assert earned_on["requiredValue"] == "75"
    assert subject["result"] == [
        {"type": ["Result"], "resultDescription": earned_on["id"], "value": "92.00"}
    ]


def test_the_proof_is_an_eddsa_rdfc_2022_data_integrity_proof_by_the_did_web_key(
    certificate, fixed_key
):
    proof = certificate_credential(certificate=certificate)["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["verificationMethod"] == "did:web:training.example.org#key-1"
    assert proof["proofValue"].startswith("z")
    assert len(base58btc_decode(proof["proofValue"][1:])) == 64  # an Ed25519 signature


def test_the_credential_is_signed_the_way_vc_di_eddsa_says(certificate, fixed_key):
    """Recompute the spec's steps by hand: canonical proof config hash || canonical document
    hash, Ed25519-verified with the published key."""
    from certificates.credentials import canonicalise

    credential = certificate_credential(certificate=certificate)
    proof = dict(credential.pop("proof"))
    signature = base58btc_decode(proof.pop("proofValue")[1:])
    config = {"@context": credential["@context"], **proof}
    data = (
        hashlib.sha256(canonicalise(config).encode()).digest()
        + hashlib.sha256(canonicalise(credential).encode()).digest()
    )
    fixed_key.verify_key.verify(data, signature)  # raises when wrong
    assert "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#AchievementSubject>" in (
        canonicalise(credential)
    )


def test_the_signed_credential_verifies_and_is_the_same_on_every_download(certificate, fixed_key):
    first = certificate_credential(certificate=certificate)
    assert credential_verify(first) == "did:web:training.example.org#key-1"
    assert certificate_credential(certificate=certificate) == first


def _set(path: str, value):
    def change(credential: dict) -> None:
        *parents, last = path.split(".")
        node = credential
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(last) if last.isdigit() else last] = value

    return change


@pytest.mark.parametrize(
    "tamper",
    [
        _set("credentialSubject.achievement.name", "Another course"),
        _set("credentialSubject.result.0.value", "99.00"),
        _set("credentialSubject.identifier.0.identityHash", "sha256$" + "0" * 64),
        _set("validFrom", "2020-01-01T00:00:00Z"),
        _set("issuer.id", "did:web:evil.example.org"),
        _set("issuer.name", "Someone else"),
        _set("proof.proofValue", "z" + base58btc_encode(bytes(64))),
    ],
    ids=["course", "score", "identifier", "date", "issuer", "issuer-name", "signature"],
)
def test_any_change_to_the_credential_fails_verification(certificate, fixed_key, tamper):
    credential = certificate_credential(certificate=certificate)
    changed = copy.deepcopy(credential)
    tamper(changed)
    assert changed != credential
    with pytest.raises(ProofError):
        credential_verify(changed)


def test_a_credential_signed_by_an_unpublished_key_fails(certificate, fixed_key, settings):
    credential = certificate_credential(certificate=certificate)
    settings.CREDENTIAL_SIGNING_KEY = secret_key_multibase(SigningKey.generate())
    with pytest.raises(ProofError):
        credential_verify(credential)


def test_the_identifier_is_the_salted_sha256_of_the_email_never_the_email(certificate, fixed_key):
    credential = certificate_credential(certificate=certificate)
    [identity] = credential["credentialSubject"]["identifier"]
    assert identity["type"] == "IdentityObject"
    assert identity["identityType"] == "emailAddress"
    assert identity["hashed"] is True
    assert len(identity["salt"]) == 32
    expected = hashlib.sha256(("learner@example.org" + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == "sha256$" + expected
    assert "learner@example.org" not in json.dumps(credential)


def test_two_certificates_of_one_learner_have_unrelated_hashes(certificate, fixed_key):
    from tests.factories.certificates import CertificateFactory

    other = CertificateFactory(user=certificate.user)
    first = certificate_credential(certificate=certificate)["credentialSubject"]["identifier"]
    second = certificate_credential(certificate=other)["credentialSubject"]["identifier"]
    assert first[0]["salt"] != second[0]["salt"]
    assert first[0]["identityHash"] != second[0]["identityHash"]


def test_a_hidden_score_leaves_only_the_completed_status(certificate, fixed_key):
    certificate.show_score = False
    [result] = certificate_credential(certificate=certificate)["credentialSubject"]["result"]
    assert result["status"] == "Completed"
    assert "value" not in result


def test_an_expiring_certificate_has_valid_until(certificate, fixed_key):
    credential = certificate_credential(certificate=certificate, valid_for=timedelta(days=365))
    expected = certificate.issued_at + timedelta(days=365)
    assert credential["validUntil"] == expected.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert credential_verify(credential)


def test_the_document_loader_serves_only_the_shipped_contexts():
    loader = document_loader()
    assert loader("https://www.w3.org/ns/credentials/v2", {})["document"]["@context"]
    with pytest.raises(JsonLdError):
        loader("https://example.org/any-other-context.jsonld", {})


def test_a_credential_naming_an_unshipped_context_is_refused_without_fetching(
    certificate, fixed_key
):
    credential = certificate_credential(certificate=certificate)
    credential["@context"] = [*credential["@context"], "https://example.org/extra.jsonld"]
    with pytest.raises(ProofError):
        credential_verify(credential)


# Keys


def test_the_signing_key_reads_multikey_multibase_and_base64_seeds():
    key = SigningKey(FIXED_SEED)
    import base64

    for written in (
        secret_key_multibase(key),
        "z" + base58btc_encode(FIXED_SEED),
        base64.b64encode(FIXED_SEED).decode(),
        base64.urlsafe_b64encode(FIXED_SEED).decode().rstrip("="),
    ):
        assert bytes(signing_key_parse(written)) == FIXED_SEED
    assert secret_key_multibase(key).startswith("z3u2")


@pytest.mark.parametrize("value", ["not a key", "zzz", "AAAA"])
def test_a_malformed_signing_key_is_refused(value):
    with pytest.raises(ImproperlyConfigured):
        signing_key_parse(value)


def test_development_generates_a_key_once_and_keeps_it_private(settings, tmp_path):
    settings.CREDENTIAL_SIGNING_KEY = ""
    settings.CREDENTIAL_DEV_KEY = True
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    first = issuer_key()
    path = tmp_path / "credentials" / "dev-signing-key.txt"
    assert path.exists()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert bytes(issuer_key().signing_key) == bytes(first.signing_key)


def test_production_without_a_key_refuses_to_sign(settings):
    settings.CREDENTIAL_SIGNING_KEY = ""
    settings.CREDENTIAL_DEV_KEY = False
    with pytest.raises(ImproperlyConfigured):
        issuer_key()


def test_the_did_document_publishes_the_key_as_a_multikey_for_assertions(client, fixed_key):
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document == did_document()
    assert document["id"] == "did:web:training.example.org"
    [method] = document["verificationMethod"]
    assert method == {
        "id": "did:web:training.example.org#key-1",
        "type": "Multikey",
        "controller": "did:web:training.example.org",
        "publicKeyMultibase": public_key_multibase(fixed_key.verify_key),
    }
    assert method["publicKeyMultibase"].startswith("z6Mk")
    assert document["assertionMethod"] == ["did:web:training.example.org#key-1"]


def test_a_rotated_key_keeps_the_old_one_published_so_old_credentials_verify(
    certificate, fixed_key, settings
):
    old_credential = certificate_credential(certificate=certificate)
    old_public = public_key_multibase(fixed_key.verify_key)
    settings.CREDENTIAL_SIGNING_KEY = secret_key_multibase(SigningKey.generate())
    settings.CREDENTIAL_KEY_ID = "key-2"
    settings.CREDENTIAL_RETIRED_KEYS = f"key-1={old_public}"
    assert set(published_keys()) == {
        "did:web:training.example.org#key-1",
        "did:web:training.example.org#key-2",
    }
    assert credential_verify(old_credential) == "did:web:training.example.org#key-1"
    new_credential = certificate_credential(certificate=certificate)
    assert new_credential["proof"]["verificationMethod"].endswith("#key-2")
    assert credential_verify(new_credential).endswith("#key-2")


def test_a_did_web_with_a_port_encodes_the_colon(settings):
    settings.SITE_URL = "http://localhost:8000"
    assert site_did() == "did:web:localhost%3A8000"


# The credential endpoint


def credential_path(certificate) -> str:
    return reverse("certificates:credential", kwargs={"code": certificate.formatted_code})


def test_the_credential_is_served_as_json_ld_and_verifies(client, certificate, fixed_key):
    response = client.get(credential_path(certificate) + "?download=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "attachment" in response["Content-Disposition"]
    assert credential_verify(json.loads(response.content))


def test_a_revoked_certificates_credential_is_refused_with_410(
    client, certificate, fixed_key, admin_user
):
    certificate_revoke(certificate=certificate, by=admin_user, reason="Obtained by fraud")
    response = client.get(credential_path(certificate))
    assert response.status_code == 410
    body = response.json()
    assert body["error"] == "revoked"
    assert body["code"] == certificate.formatted_code
    assert "Obtained by fraud" not in response.content.decode()  # the reason stays internal


def test_an_unknown_code_has_no_credential(client, fixed_key):
    response = client.get(
        reverse("certificates:credential", kwargs={"code": "AAAA-BBBB-CCCC-DDDD"})
    )
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_the_verification_page_links_the_credential_and_explains_the_offline_check(
    client, certificate, fixed_key
):
    response = client.get(
        reverse("certificates:verify_code", kwargs={"code": certificate.formatted_code})
    )
    body = response.content.decode()
    assert credential_path(certificate) + "?download=1" in body
    assert "Checking without a connection" in body
    assert reverse("certificates:verify_offline") in body
    assert "/.well-known/did.json" in body


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_code_verifies_under_every_language_and_the_credential_stays_the_same(
    client, certificate, fixed_key, language
):
    """PDFs in other languages link the verification page in theirs (test_pdf.py): the page
    answers in each, and the signed credential, with its id, does not depend on it."""
    code = certificate.formatted_code
    page = client.get(f"/{language}/verify/{code}/")
    assert page.status_code == 200
    assert certificate.holder_name in page.content.decode()
    response = client.get(f"/{language}/verify/{code}/credential.json")
    assert response.status_code == 200
    assert response.json() == certificate_credential(certificate=certificate)
    assert response.json()["id"] == (
        f"https://training.example.org/en/verify/{code}/credential.json"
    )


def test_my_learning_links_the_credential_of_each_valid_certificate(client, certificate, fixed_key):
    client.force_login(certificate.user)
    body = client.get(reverse("courses:dashboard")).content.decode()
    assert credential_path(certificate) + "?download=1" in body


def test_the_offline_page_embeds_the_published_key(client, fixed_key):
    response = client.get(reverse("certificates:verify_offline"))
    assert response.status_code == 200
    body = response.content.decode()
    assert public_key_multibase(fixed_key.verify_key) in body
    from certificates.credentials.jws import b64url

    assert b64url(bytes(fixed_key.verify_key)) in body  # the JWK the page's script imports


def test_a_malformed_key_in_the_environment_fails_the_system_check(settings):
    from certificates.checks import credential_signing_key_check

    settings.CREDENTIAL_SIGNING_KEY = "z3u2-not-a-key"
    assert [error.id for error in credential_signing_key_check()] == ["certificates.E001"]
    settings.CREDENTIAL_SIGNING_KEY = secret_key_multibase(SigningKey(FIXED_SEED))
    settings.CREDENTIAL_RETIRED_KEYS = "key-0=zNotAKey"
    assert [error.id for error in credential_signing_key_check()] == ["certificates.E002"]
    settings.CREDENTIAL_RETIRED_KEYS = ""
    assert credential_signing_key_check() == []


def test_the_key_command_creates_a_usable_key_and_shows_the_one_in_use(settings):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("credential_key", stdout=out)
    line, comment = out.getvalue().splitlines()
    name, _sep, value = line.partition("=")
    assert name == "CREDENTIAL_SIGNING_KEY"
    key = signing_key_parse(value)
    assert public_key_multibase(key.verify_key) in comment

    settings.CREDENTIAL_SIGNING_KEY = value
    shown = StringIO()
    call_command("credential_key", "--show", stdout=shown)
    assert shown.getvalue().split() == [
        "did:web:training.example.org#key-1",
        public_key_multibase(key.verify_key),
    ]
