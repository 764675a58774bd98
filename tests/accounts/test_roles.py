"""The role map and `setup_site`: a migrated database plus `setup_site` is a working site where
trainers write under the catalogue and administrators approve what they submit."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import (
    GroupPagePermission,
    Locale,
    Page,
    Revision,
    Site,
    Task,
    Workflow,
    WorkflowPage,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from content.models import HomePage
from courses.models import CourseIndexPage, CoursePage, LessonPage
from tests.factories.users import UserFactory
from training_site.accounts.models import Roles
from training_site.accounts.roles import ROLE_MAP, roles_sync

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"


def _setup_site() -> str:
    out = StringIO()
    call_command("setup_site", stdout=out, stderr=out)
    return out.getvalue()


def _state() -> dict:
    """Every row that setup_site writes, in a comparable form."""
    return {
        "pages": list(
            Page.objects.order_by("path").values_list(
                "path", "content_type__model", "translation_key", "locale_id", "title", "live"
            )
        ),
        "revisions": Revision.objects.count(),
        "locales": list(Locale.objects.order_by("pk").values_list("language_code", flat=True)),
        "sites": list(Site.objects.values_list("hostname", "port", "root_page", "site_name")),
        "groups": {
            group.name: sorted(group.permissions.values_list("codename", flat=True))
            for group in Group.objects.all()
        },
        "page_permissions": sorted(
            GroupPagePermission.objects.values_list("group", "page", "permission")
        ),
        "workflows": sorted(Workflow.objects.values_list("name", "active")),
        "tasks": sorted(Task.objects.values_list("name", flat=True)),
        "workflow_pages": sorted(WorkflowPage.objects.values_list("page", "workflow")),
    }


def test_the_role_map_names_only_installed_permissions_and_page_types():
    assert roles_sync().missing == []
    assert {role.group for role in ROLE_MAP} == set(Roles)


def test_setup_site_builds_the_site_root_on_a_migrated_database(client):
    output = _setup_site()

    assert "Site ready" in output and "isn't installed" not in output
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.locale.language_code == "en"
    assert Site.objects.count() == 1
    assert not Page.objects.filter(depth=2).exclude(
        content_type__model="homepage"
    )  # Wagtail's welcome page is gone
    for language in ("en", "fr", "ar"):
        assert HomePage.objects.get(locale__language_code=language)
        catalogue = CourseIndexPage.objects.get(locale__language_code=language)
        assert catalogue.get_parent().specific.locale.language_code == language
        assert client.get(f"/{language}/").status_code == 200
        assert client.get(f"/{language}/courses/").status_code == 200
    translation_keys = set(HomePage.objects.values_list("translation_key", flat=True))
    assert len(translation_keys) == 1


def test_setup_site_twice_changes_nothing():
    _setup_site()
    first = _state()

    output = _setup_site()

    assert _state() == first
    assert "nothing to change" in output


def test_setup_site_leaves_editors_changes_to_the_site_root_alone():
    _setup_site()
    home = HomePage.objects.get(locale__language_code="en")
    home.title = "Our training centre"
    home.save_revision().publish()

    _setup_site()

    assert HomePage.objects.get(pk=home.pk).title == "Our training centre"


def test_trainers_edit_under_the_catalogue_and_administrators_publish_anywhere():
    _setup_site()
    trainer = UserFactory(roles=[Roles.TRAINERS])
    administrator = UserFactory(roles=[Roles.ADMINISTRATORS])

    for catalogue in CourseIndexPage.objects.all():
        rights = catalogue.permissions_for_user(trainer)
        assert rights.can_add_subpage() and rights.can_edit()
        assert not rights.can_publish()
        assert catalogue.get_workflow().name == "Trainer review"
    for home in HomePage.objects.all():
        assert not home.permissions_for_user(trainer).can_edit()
        assert home.permissions_for_user(administrator).can_publish()


def _course_form(title: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": "field-storage",
            "summary": "Keeping weapons safe in the field.",
            "audience": "",
            "objectives": streamfield([]),
            "estimated_minutes": "60",
            "level": "introductory",
            "image": "",
            "body": streamfield([]),
            "job_aids": streamfield([]),
            "comments": inline_formset([]),
            "action-submit": "action-submit",
        }
    )


def _lesson_form(title: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": "registers",
            "summary": "Why every weapon has a line in the register.",
            "estimated_minutes": "20",
            "body": streamfield([("rich_text", rich_text("<p>Count, record and report.</p>"))]),
            "comments": inline_formset([]),
            "action-submit": "action-submit",
        }
    )


def _approve(client, page: Page) -> None:
    state = page.current_workflow_state
    task_state = state.current_task_state
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code in (200, 302), response.content.decode()[:2000]


def test_a_new_trainer_writes_a_lesson_and_an_administrator_approves_it(client):
    """Only `migrate` (the test database) and `setup_site`: no factories for pages or rights."""
    _setup_site()
    trainer = UserFactory(roles=[Roles.TRAINERS])
    administrator = UserFactory(roles=[Roles.ADMINISTRATORS])
    catalogue = CourseIndexPage.objects.get(locale__language_code="en")

    client.force_login(trainer)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["courses", "coursepage", catalogue.pk]),
        _course_form("Field storage"),
    )
    assert response.status_code == 302, response.context["form"].errors
    course = CoursePage.objects.get(title="Field storage")
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk]),
        _lesson_form("Registers"),
    )
    assert response.status_code == 302, response.context["form"].errors
    lesson = LessonPage.objects.get(title="Registers")
    assert not lesson.live  # submitted, not published
    state = lesson.current_workflow_state
    assert state.workflow.name == "Trainer review" and state.status == "in_progress"
    task = state.current_task_state.task.specific
    assert task.name == "Administrator approval"
    assert [action for action, *_ in task.get_actions(lesson, trainer)] == []

    client.force_login(administrator)
    assert "approve" in [action for action, *_ in task.get_actions(lesson, administrator)]
    _approve(client, course)
    _approve(client, lesson)

    lesson.refresh_from_db()
    course.refresh_from_db()
    assert lesson.live and course.live
    assert lesson.current_workflow_state is None
    client.logout()
    assert client.get(lesson.url).status_code in (200, 302)  # published (302: enrol first)


def test_a_trainer_cannot_publish_without_approval(client):
    _setup_site()
    client.force_login(UserFactory(roles=[Roles.TRAINERS]))
    catalogue = CourseIndexPage.objects.get(locale__language_code="fr")
    form = _course_form("Stockage")
    del form["action-submit"]
    form["action-publish"] = "action-publish"

    client.post(
        reverse("wagtailadmin_pages:add", args=["courses", "coursepage", catalogue.pk]), form
    )

    assert not CoursePage.objects.filter(title="Stockage", live=True).exists()


def test_roles_sync_adds_what_is_missing_and_prunes_only_when_asked():
    trainers = Group.objects.get(name=Roles.TRAINERS)
    stray = Permission.objects.get(codename="delete_user")
    trainers.permissions.add(stray)
    trainers.permissions.remove(Permission.objects.get(codename="run_cohort"))

    synced = roles_sync()

    assert "Trainers: courses.run_cohort" in synced.changes
    assert trainers.permissions.filter(pk=stray.pk).exists()
    assert roles_sync().changes == []

    roles_sync(prune=True)

    assert not trainers.permissions.filter(pk=stray.pk).exists()
    assert trainers.permissions.filter(codename="run_cohort").exists()


@pytest.mark.parametrize(
    ("role", "permission", "held"),
    [
        (Roles.TRAINERS, "courses.view_cohort_results", True),
        (Roles.TRAINERS, "courses.run_cohort", True),
        (Roles.TRAINERS, "courses.view_cohort", False),  # would show every cohort
        (Roles.TRAINERS, "workshops.download_pack", True),
        (Roles.TRAINERS, "workshops.report_workshop", False),
        (Roles.INSTITUTIONS, "workshops.download_pack", True),
        (Roles.INSTITUTIONS, "workshops.report_workshop", True),
        (Roles.INSTITUTIONS, "wagtailadmin.access_admin", False),
        (Roles.ADMINISTRATORS, "courses.view_cohort", True),
        (Roles.ADMINISTRATORS, "certificates.revoke_certificate", True),
        (Roles.LEARNERS, "wagtailadmin.access_admin", False),
    ],
)
def test_request_time_checks_ask_for_permissions_the_map_grants(role, permission, held):
    assert UserFactory(roles=[role]).has_perm(permission) is held


def test_the_deployment_steps_run_setup_site():
    deploying = README.read_text("utf-8").split("## Deploying", 1)[1].split("\n## ", 1)[0]
    assert "manage.py setup_site" in deploying
