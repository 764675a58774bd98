"""The demo site: the site skeleton (`site_setup`: locales, home pages, catalogue, roles), the
workshop packs and about pages, the curriculum, the demo accounts.

`demo_load` is idempotent: pages are found by deterministic translation keys and updated in
place, so running it again gives the same tree. The demo accounts share DEMO_PASSWORD, which
is for local demonstration only and must never be used on a public server.
"""

from dataclasses import dataclass, field
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Page, Site

from courses.models import CourseIndexPage
from training_site.accounts.models import Roles, User
from training_site.models import OrganisationSettings
from workshops.models import WorkshopPackIndexPage
from workshops.services import institution_membership_set

from .loader import (
    CURRICULUM_DIR,
    SOURCE_LANGUAGE,
    LoadResult,
    curriculum_load,
    curriculum_read,
    page_put,
    stable_id,
    translated_page_put,
)
from .models import HomePage, StandardPage
from .site_setup import site_setup

DEMO_PASSWORD = "demo-password-123"  # noqa: S105 - demo only, printed by load_demo

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
DEMO_SIGNATORY_NAME = "Demo Signatory"
DEMO_SIGNATORY_TITLES = {
    "en": "Director of Training (demo)",
    "fr": "Directeur de la formation (démo)",
    "ar": "مدير التدريب (تجريبي)",
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
        "institution": ("Demo Regional Peacekeeping Training Centre", "JO"),
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
        skeleton = site_setup()
        homes, catalogues = skeleton.homes, skeleton.catalogues
        _signatory_sync(skeleton.site)
        for code, home in sorted(homes.items(), key=lambda item: item[0] != SOURCE_LANGUAGE):
            _translated_page(
                WorkshopPackIndexPage,
                home,
                "workshop-packs",
                "workshop-packs",
                WORKSHOP_PACKS,
                code,
            )
            _translated_page(StandardPage, home, "about", "about", ABOUT, code)
        curriculum = curriculum_load(catalogue=catalogues["en"], documents=documents)
        accounts = [_account_sync(spec) for spec in ACCOUNTS]
    return DemoResult(
        home=homes["en"], catalogue=catalogues["en"], curriculum=curriculum, accounts=accounts
    )


def _translated_page(model, parent: Page, key: str, slug: str, texts: dict, code: str) -> Page:
    """The English page, or its translation made through wagtail-localize (English first)."""
    fields = {**texts[code], "slug": slug}
    if code == SOURCE_LANGUAGE:
        page, _ = page_put(
            model=model,
            parent=parent,
            locale=parent.locale,
            translation_key=stable_id("site", key),
            fields=fields,
        )
    else:
        page, _ = translated_page_put(
            model=model, locale=parent.locale, translation_key=stable_id("site", key), fields=fields
        )
    return page


def _signatory_sync(site: Site) -> None:
    """The demo signatory, titled in each language. Fills only empty fields, and the
    translations only beside the demo's English title: what an administrator typed stays, and
    a site loaded before the translations existed gains them."""
    settings = OrganisationSettings.for_site(site)  # created with the model's defaults
    changed = []
    if not settings.signatory_name:
        settings.signatory_name = DEMO_SIGNATORY_NAME
        settings.signatory_title = DEMO_SIGNATORY_TITLES["en"]
        changed += ["signatory_name", "signatory_title"]
    if settings.signatory_title == DEMO_SIGNATORY_TITLES["en"]:
        for code, title in DEMO_SIGNATORY_TITLES.items():
            field = f"signatory_title_{code}"
            if code != "en" and not getattr(settings, field):
                setattr(settings, field, title)
                changed.append(field)
    if changed:
        settings.save(update_fields=changed)


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
    if "institution" in spec:
        name, country = spec["institution"]
        institution_membership_set(user=user, name=name, country=country)
    return user
