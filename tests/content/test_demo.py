from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from wagtail.models import Page, Site

from content.demo import ACCOUNTS, DEMO_PASSWORD
from content.models import HomePage
from courses.models import CourseIndexPage, CoursePage
from training_site.accounts.models import Roles, User
from training_site.models import OrganisationSettings

# The demo is loaded once for the module (see `module_db`); tests read it.
pytestmark = pytest.mark.django_db


def _load_demo(curriculum_dir) -> str:
    out = StringIO()
    call_command("load_demo", curriculum=curriculum_dir, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(module_db, module_curriculum_dir) -> str:
    """What the first `load_demo` printed; its rows stay for every test of the module."""
    with module_db.unblock():
        return _load_demo(module_curriculum_dir)


@pytest.fixture
def demo(demo_output, shared_rows) -> str:
    return demo_output


def _counts() -> dict[str, int]:
    """Rows a second run must not add: accounts, addresses, groups, workflows, permissions."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

    models = (User, EmailAddress, Group, Workflow, WorkflowTask, WorkflowPage, GroupPagePermission)
    return {model.__name__: model.objects.count() for model in models}


def _tree() -> list[tuple]:
    return list(
        Page.objects.order_by("path").values_list(
            "path",
            "content_type__model",
            "translation_key",
            "locale__language_code",
            "title",
            "live",
        )
    )


def test_load_demo_twice_leaves_the_same_tree_accounts_and_workflow(demo, module_curriculum_dir):
    first = _tree()
    counts = _counts()

    output = _load_demo(module_curriculum_dir)

    assert _tree() == first
    assert _counts() == counts
    assert "0 created, 0 updated, 30 unchanged" in output
    # root, then per language: home, catalogue, workshop packs, about, and the module's 10 pages
    assert len(first) == 1 + 3 * (4 + 10)


def test_load_demo_makes_the_english_home_page_the_default_site_root(demo, client):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.locale.language_code == "en"
    assert Site.objects.count() == 1
    assert OrganisationSettings.for_site(site).organisation_name
    for language, title in (("en", "Courses"), ("fr", "Cours"), ("ar", "الدورات")):
        assert CourseIndexPage.objects.get(locale__language_code=language).title == title
        assert client.get(f"/{language}/").status_code == 200
        assert client.get(f"/{language}/courses/field-safety/").status_code == 200


def _organisation() -> OrganisationSettings:
    return OrganisationSettings.objects.get(site__is_default_site=True)


def test_the_demo_signatory_is_titled_in_english_french_and_arabic(demo):
    organisation = _organisation()
    assert organisation.signatory_name == "Demo Signatory"
    assert [organisation.signatory_title_in(code) for code in ("en", "fr", "ar")] == [
        "Director of Training (demo)",
        "Directeur de la formation (démo)",
        "مدير التدريب (تجريبي)",
    ]


def test_reloading_the_demo_adds_missing_titles_and_keeps_typed_ones(demo, module_curriculum_dir):
    OrganisationSettings.objects.filter(pk=_organisation().pk).update(
        signatory_title_fr="", signatory_title_ar="Typed by an administrator"
    )
    _load_demo(module_curriculum_dir)
    organisation = _organisation()
    assert organisation.signatory_title_fr == "Directeur de la formation (démo)"
    assert organisation.signatory_title_ar == "Typed by an administrator"


def test_the_demo_leaves_the_titles_beside_a_real_english_title_alone(demo, module_curriculum_dir):
    OrganisationSettings.objects.filter(pk=_organisation().pk).update(
        signatory_title="Commandant, Training Centre", signatory_title_fr="", signatory_title_ar=""
    )
    _load_demo(module_curriculum_dir)
    organisation = _organisation()
    assert organisation.signatory_title == "Commandant, Training Centre"
    assert (organisation.signatory_title_fr, organisation.signatory_title_ar) == ("", "")


def test_load_demo_prints_the_demo_logins(demo):
    for spec in ACCOUNTS:
        assert spec["email"] in demo
    assert DEMO_PASSWORD in demo


def test_demo_accounts_can_sign_in_with_a_verified_address(demo):
    for spec in ACCOUNTS:
        user = User.objects.get(email=spec["email"])
        assert user.check_password(DEMO_PASSWORD)
        assert user.full_name and user.country
        assert set(user.groups.values_list("name", flat=True)) == set(spec["roles"])
        address = EmailAddress.objects.get(user=user)
        assert (address.email, address.verified, address.primary) == (user.email, True, True)
    assert User.objects.get(email="admin@example.org").is_superuser
    assert User.objects.count() == len(ACCOUNTS)


def test_trainers_edit_courses_but_administrators_publish_them(demo):
    trainer = User.objects.get(email="trainer@example.org")
    administrator = User.objects.get(groups__name=Roles.ADMINISTRATORS)
    course = CoursePage.objects.get(locale__language_code="fr")
    home = HomePage.objects.get(locale__language_code="ar")

    trainer_rights = course.permissions_for_user(trainer)
    assert trainer_rights.can_add_subpage()
    assert trainer_rights.can_edit()
    assert not trainer_rights.can_publish()
    assert not home.permissions_for_user(trainer).can_edit()
    assert home.permissions_for_user(administrator).can_publish()


def test_course_changes_go_through_the_trainer_review_workflow(demo):
    for course in CoursePage.objects.all():
        workflow = course.get_workflow()
        assert workflow.name == "Trainer review"
        tasks = [task.specific for task in workflow.tasks]
        assert len(tasks) == 1
        assert list(tasks[0].groups.values_list("name", flat=True)) == [Roles.ADMINISTRATORS]


def test_an_invalid_curriculum_stops_load_demo_before_any_change(curriculum_dir):
    from django.core.management.base import CommandError

    (curriculum_dir / "field-safety.fr.yaml").write_text("module: field-safety\n", "utf-8")
    before = _tree()

    with pytest.raises(CommandError, match=r"field-safety\.fr\.yaml: \(top level\): 'title'"):
        _load_demo(curriculum_dir)

    assert _tree() == before


def test_the_demo_institution_account_acts_for_an_institution(demo, client):
    from workshops.models import InstitutionMembership

    membership = InstitutionMembership.objects.get(user__email="institution@example.org")
    client.force_login(membership.user)

    assert client.get("/fr/workshops/").status_code == 200
