"""Reads for workshop packs and workshop results."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, QuerySet
from wagtail.models import Locale, Page

from .models import Institution, Workshop, WorkshopPack


@dataclass
class PackModule:
    """One module on the download page: its title in the page's language, and its packs."""

    title: str
    packs: list[WorkshopPack] = field(default_factory=list)


def user_can_download_packs(*, user) -> bool:
    return user.has_perm("workshops.download_pack")


def user_can_report_workshops(*, user) -> bool:
    """Holders of `workshops.report_workshop` who act for an institution."""
    return bool(user.has_perm("workshops.report_workshop") and user_institution(user=user))


def user_institution(*, user) -> Institution | None:
    from .models import InstitutionMembership

    membership = (
        InstitutionMembership.objects.select_related("institution").filter(user=user).first()
    )
    return membership.institution if membership else None


def workshop_pack_index_page(*, language_code: str) -> Page | None:
    """The live workshop packs page in `language_code`, else in any language."""
    from .models import WorkshopPackIndexPage

    pages = WorkshopPackIndexPage.objects.live().select_related("locale")
    return pages.filter(locale__language_code=language_code).first() or pages.order_by("pk").first()


def workshop_pack_course_for_page(*, page: Page):
    """The course a published page belongs to (itself, or its ancestor), or None.

    No query for page types that can't sit under a course."""
    from courses.models import CoursePage

    specific = page.specific_deferred if type(page) is Page else page
    if isinstance(specific, CoursePage):
        return specific
    if CoursePage in type(specific).allowed_parent_page_models():
        return CoursePage.objects.ancestor_of(specific).first()
    return None


def workshop_pack_index(*, locale: Locale) -> list[PackModule]:
    """Modules that have a stored pack, each with its packs by language (one query)."""
    packs = (
        WorkshopPack.objects.exclude(file="")
        .select_related("course__locale", "revision")
        .order_by("course__path", "course__locale__language_code")
    )
    modules: dict = {}
    for pack in packs:
        module = modules.setdefault(pack.course.translation_key, PackModule(pack.course.title))
        module.packs.append(pack)
        if pack.course.locale_id == locale.pk:
            module.title = pack.course.title
    return sorted(modules.values(), key=lambda module: module.title.casefold())


def workshop_pack_for_download(*, slug: str, language_code: str) -> WorkshopPack | None:
    return (
        WorkshopPack.objects.exclude(file="")
        .select_related("course__locale")
        .filter(course__slug=slug, course__locale__language_code=language_code)
        .first()
    )


def workshop_list_for_institution(*, institution: Institution) -> QuerySet[Workshop]:
    both = Q(
        participants__pre_test_score__isnull=False, participants__post_test_score__isnull=False
    )
    return Workshop.objects.filter(institution=institution).annotate(
        participant_count=Count("participants"),
        knowledge_gain=Avg(
            F("participants__post_test_score") - F("participants__pre_test_score"), filter=both
        ),
    )


@dataclass(frozen=True)
class WorkshopSummary:
    participants: int
    average_pre: Decimal | None
    average_post: Decimal | None
    knowledge_gain: Decimal | None  # mean of post − pre over participants with both scores


def workshop_summary(*, workshop: Workshop) -> WorkshopSummary:
    both = Q(pre_test_score__isnull=False, post_test_score__isnull=False)
    result = workshop.participants.aggregate(
        participants=Count("id"),
        average_pre=Avg("pre_test_score"),
        average_post=Avg("post_test_score"),
        knowledge_gain=Avg(F("post_test_score") - F("pre_test_score"), filter=both),
    )
    return WorkshopSummary(
        **{
            key: round(Decimal(value), 1) if value is not None and key != "participants" else value
            for key, value in result.items()
        }
    )
