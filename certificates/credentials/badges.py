"""The Open Badges 3.0 credential of a certificate: an `OpenBadgeCredential` (VC 2.0 data
model) issued by the site's did:web, for an AchievementSubject identified by a salted hash of
the holder's e-mail, signed with an eddsa-rdfc-2022 DataIntegrityProof."""

import hashlib
import uuid
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from wagtail.models import Page

from training_site.selectors import organisation_settings, pages_in_language

from ..codes import code_format
from ..models import Certificate
from ..selectors import course_page_for
from .keys import issuer_key, published_keys
from .proofs import CREDENTIALS_V2, OBV3_CONTEXT, proof_add, proof_verify

CREDENTIAL_CONTEXT = [CREDENTIALS_V2, OBV3_CONTEXT]


def xsd_datetime(moment: datetime) -> str:
    """An XSD dateTimeStamp in UTC to the second ("2026-05-04T09:30:00Z")."""
    return moment.astimezone(timezone.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def identity_salt(*, certificate: Certificate) -> str:
    """A salt for the holder's hashed e-mail: stable for one certificate (so its credential
    does not change between downloads), unrelated across certificates and unguessable."""
    return salted_hmac(
        "certificates.credential-salt", certificate.code, algorithm="sha256"
    ).hexdigest()[:32]


def identity_hash(*, email: str, salt: str) -> str:
    """Open Badges' hashed IdentityObject value: "sha256$" + hex SHA-256 of e-mail + salt."""
    return "sha256$" + hashlib.sha256((email + salt).encode()).hexdigest()


def credential_url(*, certificate: Certificate) -> str:
    """Where the credential is served: its `id`, and the address that answers 410 once the
    certificate is revoked."""
    with translation.override(certificate.language):
        path = reverse("certificates:credential", kwargs={"code": code_format(certificate.code)})
    return settings.SITE_URL.rstrip("/") + path


def _achievement(*, certificate: Certificate) -> dict:
    language = certificate.language
    page = course_page_for(course_key=certificate.course_key, language=language)
    evidence = [item for item in certificate.assessment if item.get("quiz_key")]
    quizzes = pages_in_language(
        Page.objects.live(),
        translation_keys=[uuid.UUID(item["quiz_key"]) for item in evidence],
        language=language,
    )
    criteria = _(
        "Study every lesson of the course and pass its final assessment, drawn at random from "
        "a question bank and graded on the platform."
    )
    result_descriptions = []
    for item in evidence:
        quiz = quizzes.get(uuid.UUID(item["quiz_key"]))
        description = {
            "id": f"urn:uuid:{item['quiz_key']}",
            "type": ["ResultDescription"],
            "name": quiz.title if quiz else _("Final assessment"),
            "resultType": "Percent",
            "valueMin": "0",
            "valueMax": "100",
        }
        if item.get("pass_mark") is not None:
            description["requiredValue"] = str(item["pass_mark"])
        result_descriptions.append(description)
    achievement = {
        "id": f"urn:uuid:{certificate.course_key}",
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": certificate.course_title,
        "description": (page.summary if page and page.summary else criteria),
        "criteria": {"narrative": criteria},
        "inLanguage": language,
    }
    if result_descriptions:
        achievement["resultDescription"] = result_descriptions
    return achievement


def _results(*, certificate: Certificate) -> list[dict]:
    """The holder's result on each final: its percent when the certificate shows the score,
    else only that it was completed (passed)."""
    results = []
    for item in certificate.assessment:
        if not item.get("quiz_key"):
            continue
        result = {"type": ["Result"], "resultDescription": f"urn:uuid:{item['quiz_key']}"}
        if certificate.show_score and item.get("percent") is not None:
            result["value"] = str(item["percent"])
        else:
            result["status"] = "Completed"
        results.append(result)
    return results


def credential_build(*, certificate: Certificate, valid_until: datetime | None = None) -> dict:
    """The unsigned OpenBadgeCredential of `certificate`, in the certificate's language."""
    with translation.override(certificate.language):
        salt = identity_salt(certificate=certificate)
        organisation = organisation_settings()
        site_url = settings.SITE_URL.rstrip("/")
        subject = {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(email=certificate.user.email, salt=salt),
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": _achievement(certificate=certificate),
        }
        if results := _results(certificate=certificate):
            subject["result"] = results
        credential = {
            "@context": CREDENTIAL_CONTEXT,
            "id": credential_url(certificate=certificate),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": certificate.course_title,
            "issuer": {
                "id": issuer_key().did,
                "type": ["Profile"],
                "name": organisation.name_in(certificate.language) or urlsplit(site_url).hostname,
                "url": site_url + "/",
            },
            "validFrom": xsd_datetime(certificate.issued_at),
            "credentialSubject": subject,
        }
    if valid_until is not None:
        credential["validUntil"] = xsd_datetime(valid_until)
    return credential


def certificate_credential(*, certificate: Certificate, valid_for: timedelta | None = None) -> dict:
    """The signed credential of `certificate` (deterministic: the proof has no `created`, so
    every download of it is the same document until the key changes)."""
    key = issuer_key()
    valid_until = certificate.issued_at + valid_for if valid_for else None
    return proof_add(
        credential_build(certificate=certificate, valid_until=valid_until),
        signing_key=key.signing_key,
        verification_method=key.verification_method,
        created=None,
    )


def credential_verify(credential: dict) -> str:
    """Check a credential's proof against the keys this site publishes; returns the
    verification method. Raises ProofError when it does not verify."""
    return proof_verify(credential, keys=published_keys())
