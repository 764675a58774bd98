"""Fixtures of the reliability suite shared by its modules."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from certificates.models import CertificateExport, CertificateFile, ExportStatus
from certificates.rendering import CERTIFICATE_TEMPLATE_VERSION
from tests.factories.certificates import CertificateFactory
from tests.factories.users import UserFactory
from tests.factories.workshops import institution_user
from training_site.accounts.models import Roles
from workshops.models import WorkshopPack, WorkshopPackStatus

PDF = b"%PDF-1.4 the holder's certificate"
ZIP = b"PK\x05\x06" + b"\x00" * 18


@pytest.fixture
def admin(db):
    return UserFactory(is_staff=True, is_superuser=True, roles=[Roles.ADMINISTRATORS])


@pytest.fixture
def files(course, learner, admin):
    """{kind: (file, download URL, who may download it)} for the three kinds of private file."""
    certificate = CertificateFactory(user=learner, course_key=course.translation_key)
    stored = CertificateFile(
        certificate=certificate, language="en", template_version=CERTIFICATE_TEMPLATE_VERSION
    )
    stored.file.save("certificate.pdf", ContentFile(PDF), save=True)
    export = CertificateExport.objects.create(
        requested_by=admin, status=ExportStatus.READY, total=1, done=1
    )
    export.file.save(f"certificates-{export.pk}.zip", ContentFile(ZIP), save=True)
    pack = WorkshopPack.objects.create(
        course=course, version=1, status=WorkshopPackStatus.READY, size_bytes=len(ZIP)
    )
    pack.file.save("pack.zip", ContentFile(ZIP), save=True)
    language = {"pk": certificate.pk, "language": "en"}
    pack_kwargs = {"slug": course.slug, "language_code": "en"}
    return {
        "certificate": (
            stored.file,
            reverse("certificates:download", kwargs=language),
            learner,
        ),
        "export": (
            export.file,
            reverse("certificates_admin:export_download", kwargs={"pk": export.pk}),
            admin,
        ),
        "pack": (
            pack.file,
            reverse("workshops:pack_download", kwargs=pack_kwargs),
            institution_user(),
        ),
    }
