"""Independent verifiers: Digital Bazaar's `@digitalbazaar/vc` with its eddsa-rdfc-2022
cryptosuite checks the credential, and `jose` checks the JWS read from the PDF's QR code by
zxing-cpp, each against the DID document the site publishes. Node runs offline: contexts come
from the project's files, the DID document from the response given to it."""

import copy
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from certificates.credentials import certificate_credential, secret_key_multibase
from certificates.credentials.proofs import CONTEXTS_DIR
from certificates.models import Certificate
from certificates.rendering import certificate_render_pdf
from certificates.selectors import certificate_verification_url
from certificates.services import certificate_issue
from tests.certificates.conftest import pass_final, read_qr_from_pdf
from tests.factories.pages import CourseIndexPageFactory, build_course, build_site
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

JS_DIR = Path(__file__).parent / "js"
STAMP = JS_DIR / "node_modules" / ".installed-from-lock"


@pytest.fixture(scope="session")
def node() -> str:
    """Node with the pinned packages of tests/certificates/js installed (`npm ci` once per
    lock file: a stamp in node_modules records which)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("Node.js and npm are not installed: the third-party checks need them")
    digest = hashlib.sha256((JS_DIR / "package-lock.json").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != digest:
        subprocess.run(  # noqa: S603
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=JS_DIR,
            check=True,
            timeout=600,
        )
        STAMP.write_text(digest)
    return node


@pytest.fixture(scope="module")
def module_certificate(module_db):
    """One course, learner and certificate for the whole module (see `module_db`)."""
    with module_db.unblock():
        catalogue = CourseIndexPageFactory(parent=build_site())
        course = build_course(catalogue, lessons=3)
        learner = UserFactory(email="learner@example.org", full_name="Amina Learner")
        pass_final(course, learner, right=23, total=25)
        return certificate_issue(user=learner, course_key=course.translation_key)


@pytest.fixture
def certificate(module_certificate, shared_rows, settings):
    settings.CREDENTIAL_SIGNING_KEY = secret_key_multibase(SigningKey(bytes(range(32))))
    return Certificate.objects.select_related("user").get(pk=module_certificate.pk)


@pytest.fixture
def did_file(client, tmp_path, certificate) -> Path:
    """The DID document as the site serves it."""
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    path = tmp_path / "did.json"
    path.write_bytes(response.content)
    return path


def run(node: str, script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [node, script, *args], cwd=JS_DIR, capture_output=True, text=True, timeout=120
    )


def verify_credential(node: str, credential: dict, did_file: Path, tmp_path: Path):
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(credential, ensure_ascii=False))
    return run(node, "verify_credential.mjs", str(path), str(did_file), str(CONTEXTS_DIR))


def test_digital_bazaars_verifier_accepts_the_served_credential(
    node, client, certificate, did_file, tmp_path
):
    response = client.get(f"/en/verify/{certificate.formatted_code}/credential.json")
    result = verify_credential(node, json.loads(response.content), did_file, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "verified"


CHANGES = {
    "course name": ("credentialSubject", "achievement", "name"),
    "criteria": ("credentialSubject", "achievement", "criteria", "narrative"),
    "score": ("credentialSubject", "result", 0, "value"),
    "hashed e-mail": ("credentialSubject", "identifier", 0, "identityHash"),
    "salt": ("credentialSubject", "identifier", 0, "salt"),
    "issue date": ("validFrom",),
    "issuer name": ("issuer", "name"),
    "issuer": ("issuer", "id"),
    "credential id": ("id",),
}


def changed_copy(credential: dict, field: str) -> dict:
    changed = copy.deepcopy(credential)
    *parents, last = CHANGES[field]
    target = changed
    for key in parents:
        target = target[key]
    value = target[last]
    if field == "issue date":
        target[last] = "2020-01-01T00:00:00Z"
    elif field == "issuer":
        target[last] = "did:web:another.example.org"
    elif field == "credential id":
        target[last] = value.replace("/en/", "/fr/")
    else:
        target[last] = value[:-1] + ("0" if value[-1] != "0" else "1")
    assert changed != credential
    return changed


def test_any_changed_field_fails_digital_bazaars_verification(
    node, certificate, did_file, tmp_path
):
    """One certificate, each field changed in turn (one Node run per change)."""
    credential = certificate_credential(certificate=certificate)
    for field in CHANGES:
        result = verify_credential(node, changed_copy(credential, field), did_file, tmp_path)
        assert result.returncode == 1, f"{field}: {result.stdout}"
        assert "NOT verified" in result.stderr


def test_the_node_loader_refuses_a_context_the_project_does_not_ship(
    node, certificate, did_file, tmp_path
):
    credential = certificate_credential(certificate=certificate)
    credential["@context"].append("https://example.org/unknown-context.jsonld")
    result = verify_credential(node, credential, did_file, tmp_path)
    assert result.returncode == 1
    assert 'URL: "https://example.org/unknown-context.jsonld"' in result.stderr


def test_jose_verifies_the_jws_in_the_pdfs_qr_code_with_the_published_key(
    node, certificate, did_file
):
    [text] = read_qr_from_pdf(certificate_render_pdf(certificate=certificate, language="en"))
    url, token = text.split("#jws=")
    assert url == certificate_verification_url(certificate=certificate)
    result = run(node, "verify_jws.mjs", token, str(did_file))
    assert result.returncode == 0, result.stderr
    claims = json.loads(result.stdout)
    assert claims["code"] == certificate.formatted_code
    assert claims["course"] == certificate.course_title
    assert claims["date"] == certificate.issued_at.date().isoformat()


def test_jose_refuses_a_qr_jws_whose_claims_were_changed(node, certificate, did_file):
    import base64

    [text] = read_qr_from_pdf(certificate_render_pdf(certificate=certificate, language="en"))
    header, payload, signature = text.split("#jws=")[1].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["date"] = "2020-01-01"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    result = run(node, "verify_jws.mjs", f"{header}.{forged}.{signature}", str(did_file))
    assert result.returncode == 1
    assert "NOT verified" in result.stderr
