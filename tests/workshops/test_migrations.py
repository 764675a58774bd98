"""Moving the workshop models and the organisation settings out of `content` loses no data: a
database from before the move, with rows in it, migrates forward and every row is found in
the new apps, pages and permissions included."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page

from training_site.models import OrganisationSettings
from workshops.models import (
    Institution,
    InstitutionMembership,
    Workshop,
    WorkshopPackIndexPage,
    WorkshopParticipant,
)

BEFORE_THE_MOVE = ("content", "0002_workshop_packs")


def _old_apps(executor: MigrationExecutor):
    """The models as they were before the move (content.Institution and so on)."""
    graph = executor.loader.graph
    return executor.loader.project_state(
        [
            BEFORE_THE_MOVE,
            *graph.leaf_nodes("contenttypes"),
            *graph.leaf_nodes("wagtailcore"),
            *graph.leaf_nodes("accounts"),
        ]
    ).apps


@pytest.fixture
def migrated_back(course):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_THE_MOVE])
    yield _old_apps(MigrationExecutor(connection))
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True)
def test_rows_made_before_the_move_are_found_in_the_new_apps(course, migrated_back):
    old = migrated_back
    content_type = old.get_model("contenttypes", "ContentType")
    user = old.get_model("accounts", "User").objects.create(
        email="centre@example.org", full_name="Centre Staff", password="!"
    )
    institution = old.get_model("content", "Institution").objects.create(
        name="Kofi Annan Centre", country="GH"
    )
    old.get_model("content", "InstitutionMembership").objects.create(
        user=user, institution=institution
    )
    workshop = old.get_model("content", "Workshop").objects.create(
        institution=institution,
        course_id=course.pk,
        course_key=course.translation_key,
        course_title=course.title,
        start_date="2026-03-02",
        end_date="2026-03-03",
        place="Accra",
        facilitator="A. Facilitator",
    )
    old.get_model("content", "WorkshopParticipant").objects.create(
        workshop=workshop, row_number=2, name="Ama Mensah", pre_test_score=40, post_test_score=85
    )
    home = old.get_model("wagtailcore", "Page").objects.get(pk=course.get_parent().get_parent().pk)
    page_type, _created = content_type.objects.get_or_create(
        app_label="content", model="workshoppackindexpage"
    )
    packs_page = old.get_model("content", "WorkshopPackIndexPage").objects.create(
        title="Workshop packs",
        draft_title="Workshop packs",
        slug="workshop-packs",
        path=home.path + "ZZZZ",
        depth=home.depth + 1,
        content_type=page_type,
        locale_id=home.locale_id,
        live=True,
        introduction="Packs for classroom courses.",
    )
    old.get_model("content", "OrganisationSettings").objects.create(
        site=old.get_model("wagtailcore", "Site").objects.get(is_default_site=True),
        organisation_name="Regional Training Centre",
    )

    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    found = Institution.objects.get(name="Kofi Annan Centre")
    assert InstitutionMembership.objects.get(user_id=user.pk).institution == found
    moved = Workshop.objects.get(institution=found)
    assert (moved.course_id, moved.place) == (course.pk, "Accra")
    participant = WorkshopParticipant.objects.get(workshop=moved)
    assert (participant.name, participant.post_test_score) == ("Ama Mensah", 85)
    page = Page.objects.get(pk=packs_page.pk).specific
    assert isinstance(page, WorkshopPackIndexPage)
    assert page.introduction == "Packs for classroom courses."
    assert OrganisationSettings.objects.get().organisation_name == "Regional Training Centre"
    assert not ContentType.objects.filter(
        app_label="content", model__in=["workshop", "institution", "organisationsettings"]
    ).exists()
