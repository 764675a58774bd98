"""The demo site: locales, home pages, catalogue, curriculum, permissions, workflow, accounts.

`demo_load` is idempotent: pages are found by deterministic translation keys and updated in
place, so running it again gives the same tree. The demo accounts share DEMO_PASSWORD, which
is for local demonstration only and must never be used on a public server.
"""

from dataclasses import dataclass, field
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from courses.models import CourseIndexPage
from training_site.accounts.models import Roles, User

from .loader import (
    CURRICULUM_DIR,
    LoadResult,
    curriculum_load,
    curriculum_read,
    page_put,
    stable_id,
)
from .models import HomePage, OrganisationSettings, StandardPage, WorkshopPackIndexPage

LANGUAGES = ("en", "fr", "ar")
DEMO_PASSWORD = "demo-password-123"  # noqa: S105 - demo only, printed by load_demo
SITE_NAME = "Arms Management Training"

HOME = {
    "en": {
        "title": "Arms management training for peace operations",
        "introduction": (
            "Free online courses for military and police peacekeepers on keeping weapons and "
            "ammunition safe, secure and accounted for."
        ),
    },
    "fr": {
        "title": "Formation à la gestion des armes pour les opérations de paix",
        "introduction": (
            "Des cours en ligne gratuits pour les Casques bleus militaires et policiers : "
            "garder les armes et les munitions en sécurité, sous bonne garde et bien comptées."
        ),
    },
    "ar": {
        "title": "التدريب على إدارة الأسلحة لعمليات السلام",
        "introduction": (
            "دورات مجانية عبر الإنترنت لحفظة السلام من العسكريين والشرطة حول حفظ الأسلحة "
            "والذخيرة بأمان وحراستها وحصرها."
        ),
    },
}
CATALOGUE = {
    "en": {"title": "Courses", "introduction": "Choose a course and start with its pre-test."},
    "fr": {"title": "Cours", "introduction": "Choisissez un cours et commencez par son pré-test."},
    "ar": {"title": "الدورات", "introduction": "اختر دورة وابدأ باختبارها القبلي."},
}
WORKSHOP_PACKS = {
    "en": {
        "title": "Workshop packs",
        "introduction": "Everything a training institution needs to run a course offline.",
    },
    "fr": {
        "title": "Kits d'atelier",
        "introduction": (
            "Tout ce qu'il faut à un centre de formation pour animer un cours hors ligne."
        ),
    },
    "ar": {
        "title": "حقائب ورش العمل",
        "introduction": "كل ما تحتاجه مؤسسة تدريب لتقديم دورة دون اتصال بالإنترنت.",
    },
}
ABOUT = {
    "en": {
        "title": "About",
        "introduction": (
            "This platform teaches the management of weapons and ammunition in peace "
            "operations. Its content draws on UN and African Union guidance and on published "
            "research."
        ),
    },
    "fr": {
        "title": "À propos",
        "introduction": (
            "Cette plateforme enseigne la gestion des armes et des munitions dans les "
            "opérations de paix. Son contenu s'appuie sur les orientations de l'ONU et de "
            "l'Union africaine et sur la recherche publiée."
        ),
    },
    "ar": {
        "title": "نبذة عنا",
        "introduction": (
            "تُعلّم هذه المنصة إدارة الأسلحة والذخيرة في عمليات السلام. ويستند محتواها إلى "
            "إرشادات الأمم المتحدة والاتحاد الأفريقي وإلى البحوث المنشورة."
        ),
    },
}
ACCOUNTS = [
    {
        "email": "admin@example.org",
        "gender": "woman",
        "preferred_language": "en",
        "full_name": "Grace Achieng",
        "country": "KE",
        "service": "civilian",
        "roles": [Roles.ADMINISTRATORS],
        "superuser": True,
    },
    {
        "email": "trainer@example.org",
        "gender": "man",
        "preferred_language": "fr",
        "full_name": "Moussa Traoré",
        "country": "ML",
        "service": "military",
        "roles": [Roles.TRAINERS],
    },
    {
        "email": "institution@example.org",
        "gender": "woman",
        "preferred_language": "ar",
        "full_name": "Nadia Haddad",
        "country": "JO",
        "service": "police",
        "roles": [Roles.INSTITUTIONS],
    },
    {
        "email": "learner@example.org",
        "gender": "woman",
        "preferred_language": "fr",
        "full_name": "Amina Diallo",
        "country": "SN",
        "service": "police",
        "roles": [Roles.LEARNERS],
    },
]
TRAINER_PAGE_PERMISSIONS = ("add", "change")
ADMINISTRATOR_PAGE_PERMISSIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")


@dataclass
class DemoResult:
    home: HomePage
    catalogue: CourseIndexPage
    curriculum: LoadResult
    accounts: list[User] = field(default_factory=list)


def demo_load(*, directory: Path = CURRICULUM_DIR) -> DemoResult:
    """Build or update the whole demo site. Validates the curriculum before any write."""
    documents = curriculum_read(directory=directory)
    with transaction.atomic():
        locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}
        homes = _home_pages(locales)
        _site_sync(homes["en"])
        catalogues = {
            code: _translated_page(
                CourseIndexPage, homes[code], "catalogue", "courses", CATALOGUE, code
            )
            for code in LANGUAGES
        }
        for code in LANGUAGES:
            _translated_page(
                WorkshopPackIndexPage,
                homes[code],
                "workshop-packs",
                "workshop-packs",
                WORKSHOP_PACKS,
                code,
            )
            _translated_page(StandardPage, homes[code], "about", "about", ABOUT, code)
        curriculum = curriculum_load(catalogue=catalogues["en"], documents=documents)
        site_permissions_sync(homes=list(homes.values()), catalogues=list(catalogues.values()))
        _workflow_sync(catalogues=list(catalogues.values()))
        accounts = [_account_sync(spec) for spec in ACCOUNTS]
    return DemoResult(
        home=homes["en"], catalogue=catalogues["en"], curriculum=curriculum, accounts=accounts
    )


def _home_pages(locales: dict[str, Locale]) -> dict[str, HomePage]:
    root = Page.get_first_root_node()
    # Wagtail's welcome page: a plain Page at depth 2, replaced by our home page.
    plain = ContentType.objects.get_for_model(Page)
    for page in Page.objects.filter(depth=2, content_type=plain):
        if page.is_leaf():
            page.delete()
    homes = {}
    for code in LANGUAGES:
        homes[code], _ = page_put(
            model=HomePage,
            parent=root,
            locale=locales[code],
            translation_key=stable_id("site", "home"),
            fields={**HOME[code], "slug": "home" if code == "en" else f"home-{code}"},
        )
    return homes


def _translated_page(model, parent: Page, key: str, slug: str, texts: dict, code: str) -> Page:
    page, _ = page_put(
        model=model,
        parent=parent,
        locale=parent.locale,
        translation_key=stable_id("site", key),
        fields={**texts[code], "slug": slug},
    )
    return page


def _site_sync(home: HomePage) -> Site:
    site = (
        Site.objects.filter(is_default_site=True).first()
        or Site.objects.filter(hostname="localhost", port=80).first()
        or Site()
    )
    site.hostname, site.port, site.site_name = "localhost", 80, SITE_NAME
    site.root_page, site.is_default_site = home, True
    site.save()
    Site.objects.exclude(pk=site.pk).filter(is_default_site=True).update(is_default_site=False)
    settings = OrganisationSettings.for_site(site)  # created with the model's defaults
    if not settings.signatory_name:
        settings.signatory_name = "Demo Signatory"
        settings.signatory_title = "Director of Training (demo)"
        settings.save()
    return site


def site_permissions_sync(*, homes: list[Page], catalogues: list[Page]) -> None:
    """Page permissions of the role groups: trainers add and edit courses (no publishing);
    administrators manage every page of the site."""
    trainers = Group.objects.get_or_create(name=Roles.TRAINERS)[0]
    administrators = Group.objects.get_or_create(name=Roles.ADMINISTRATORS)[0]
    for group, pages, kinds in (
        (trainers, catalogues, TRAINER_PAGE_PERMISSIONS),
        (administrators, homes, ADMINISTRATOR_PAGE_PERMISSIONS),
    ):
        for page in pages:
            for kind in kinds:
                permission = Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=f"{kind}_page"
                )
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission
                )


def _workflow_sync(*, catalogues: list[Page]) -> Workflow:
    administrators = Group.objects.get_or_create(name=Roles.ADMINISTRATORS)[0]
    task = GroupApprovalTask.objects.filter(name="Administrator approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Administrator approval")
    task.groups.set([administrators])
    workflow, _ = Workflow.objects.get_or_create(name="Trainer review")
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0}
    )
    for catalogue in catalogues:
        WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})
    return workflow


def _account_sync(spec: dict) -> User:
    superuser = spec.get("superuser", False)
    user, created = User.objects.get_or_create(
        email=spec["email"],
        defaults={
            "full_name": spec["full_name"],
            "country": spec["country"],
            "service": spec["service"],
            "gender": spec["gender"],
            "preferred_language": spec["preferred_language"],
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(*[Group.objects.get_or_create(name=role)[0] for role in spec["roles"]])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user
