"""Writes for workshop packs, their download log and reported workshop results."""

import logging
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage

from .models import (
    Institution,
    InstitutionMembership,
    Workshop,
    WorkshopPack,
    WorkshopPackDownload,
    WorkshopPackStatus,
    WorkshopParticipant,
)
from .packs import pack_archive_build
from .results import results_sheet_parse

logger = logging.getLogger(__name__)


def institution_membership_set(*, user, name: str, country: str) -> InstitutionMembership:
    """Make `user` act for the institution `name` in `country` (created when missing)."""
    with transaction.atomic():
        institution, _ = Institution.objects.get_or_create(name=name, country=country)
        membership, _ = InstitutionMembership.objects.update_or_create(
            user=user, defaults={"institution": institution}
        )
    return membership


def workshop_pack_rebuild_request(*, course: CoursePage) -> WorkshopPack:
    """Mark the course's pack as out of date and queue its build once the transaction commits.
    The stored file, if any, keeps being served until the new one replaces it."""
    from .tasks import workshop_pack_build_task

    pack, created = WorkshopPack.objects.get_or_create(course=course)
    if not created:
        now = timezone.now()
        WorkshopPack.objects.filter(pk=pack.pk).update(
            status=WorkshopPackStatus.BUILDING, requested_at=now
        )
        pack.status, pack.requested_at = WorkshopPackStatus.BUILDING, now
    transaction.on_commit(lambda: workshop_pack_build_task.enqueue(course_id=course.pk))
    return pack


def workshop_pack_build(*, course_id: int, force: bool = False) -> WorkshopPack | None:
    """Build and store the pack of a live course, stamped with its published revision.

    Skips the work when the pack was built after the last rebuild request (several publishes
    queue several tasks; one build serves them all). Returns None for a course not live."""
    course = CoursePage.objects.live().select_related("locale").filter(pk=course_id).first()
    if course is None:
        return None
    pack, _created = WorkshopPack.objects.get_or_create(course=course)
    if not force and pack.file and pack.built_at and pack.built_at >= pack.requested_at:
        return pack
    started = timezone.now()
    version = pack.version + 1
    try:
        data = pack_archive_build(
            course=course, version=version, revision_id=course.live_revision_id, built_at=started
        )
    except Exception:
        logger.exception("Workshop pack build failed for course %s", course_id)
        WorkshopPack.objects.filter(pk=pack.pk).update(status=WorkshopPackStatus.FAILED)
        raise
    old_name = pack.file.name
    pack.file.save(
        f"{course.slug}-{course.locale.language_code}-v{version}.zip",
        ContentFile(data),
        save=False,
    )
    with transaction.atomic():
        WorkshopPack.objects.filter(pk=pack.pk).update(
            file=pack.file.name,
            size_bytes=len(data),
            version=version,
            revision_id=course.live_revision_id,
            built_at=started,
        )
        # A publish that came in while we built leaves the pack "building" for its own task.
        WorkshopPack.objects.filter(pk=pack.pk, requested_at__lte=started).update(
            status=WorkshopPackStatus.READY
        )
    if old_name and old_name != pack.file.name:
        storage = pack.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    pack.refresh_from_db()
    return pack


def workshop_pack_download_record(*, pack: WorkshopPack, user) -> WorkshopPackDownload:
    """Log one download with a snapshot of who, for which institution, which pack and version."""
    membership = getattr(user, "institution_membership", None)
    institution = membership.institution if membership else None
    return WorkshopPackDownload.objects.create(
        user=user,
        user_email=user.email,
        institution=institution,
        institution_name=institution.name if institution else "",
        pack=pack,
        course_title=pack.course.title,
        language_code=pack.course.locale.language_code,
        version=pack.version,
    )


def workshop_results_import(
    *,
    institution: Institution,
    course: CoursePage,
    start_date: date,
    end_date: date,
    place: str,
    facilitator: str,
    uploaded_by,
    data: bytes,
) -> Workshop:
    """Store a workshop and every participant row of its results sheet, or nothing at all.

    Raises `workshops.results.ResultsSheetError` listing every invalid row."""
    rows = results_sheet_parse(data=data)
    with transaction.atomic():
        workshop = Workshop.objects.create(
            institution=institution,
            course=course,
            course_key=course.translation_key,
            course_title=course.title,
            start_date=start_date,
            end_date=end_date,
            place=place,
            facilitator=facilitator,
            uploaded_by=uploaded_by,
        )
        WorkshopParticipant.objects.bulk_create(
            (
                WorkshopParticipant(
                    workshop=workshop,
                    row_number=row.row_number,
                    name=row.name,
                    country=row.country,
                    service=row.service,
                    gender=row.gender,
                    pre_test_score=row.pre_test_score,
                    post_test_score=row.post_test_score,
                )
                for row in rows
            ),
            batch_size=1000,
        )
    return workshop
