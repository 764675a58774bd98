"""The download page, download permissions and log, the results upload views, the admin log."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories.pages import build_course
from tests.factories.users import UserFactory
from tests.factories.workshops import InstitutionFactory, institution_user, trainer_user
from workshops.models import (
    Workshop,
    WorkshopPack,
    WorkshopPackDownload,
    WorkshopPackIndexPage,
    WorkshopPackStatus,
)

ZIP_BYTES = b"PK\x05\x06" + b"\x00" * 18


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def stored_pack(course, version=1) -> WorkshopPack:
    pack, _created = WorkshopPack.objects.get_or_create(course=course)
    pack.version, pack.size_bytes = version, len(ZIP_BYTES)
    pack.status, pack.built_at = WorkshopPackStatus.READY, pack.requested_at
    pack.file.save(f"{course.slug}.zip", ContentFile(ZIP_BYTES), save=True)
    return pack


@pytest.fixture
def packs_page(home):
    return home.add_child(
        instance=WorkshopPackIndexPage(title="Workshop packs", slug="workshop-packs")
    )


@pytest.fixture
def pack(course):
    return stored_pack(course)


def download_url(pack):
    return reverse(
        "workshops:pack_download",
        kwargs={"slug": pack.course.slug, "language_code": pack.course.locale.language_code},
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, pack):
    response = client.get(download_url(pack))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not WorkshopPackDownload.objects.exists()


def test_learners_are_refused_as_if_there_were_no_pack(client, pack, learner):
    client.force_login(learner)

    assert client.get(download_url(pack)).status_code == 404
    assert not WorkshopPackDownload.objects.exists()


@pytest.mark.parametrize("make_user", [institution_user, trainer_user])
def test_institutions_and_trainers_get_the_file_and_the_download_is_logged(client, pack, make_user):
    user = make_user()
    client.force_login(user)

    response = client.get(download_url(pack))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == ZIP_BYTES
    assert "attachment" in response["Content-Disposition"]
    entry = WorkshopPackDownload.objects.get()
    assert (entry.user, entry.pack, entry.version, entry.language_code) == (user, pack, 1, "en")
    membership = getattr(user, "institution_membership", None)
    assert entry.institution_name == (membership.institution.name if membership else "")


def test_a_pack_not_built_yet_is_not_found(client, course):
    WorkshopPack.objects.create(course=course)
    client.force_login(trainer_user())

    response = client.get(
        reverse("workshops:pack_download", kwargs={"slug": course.slug, "language_code": "en"})
    )

    assert response.status_code == 404


def test_the_packs_page_lists_each_module_with_languages_size_date_and_version(
    client, packs_page, translated_course
):
    from courses.models import CoursePage

    for course in CoursePage.objects.all():
        stored_pack(course, version=3)
    client.force_login(trainer_user())

    response = client.get(packs_page.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="pack-module"') == 1
    assert "English" in html and "Français" in html and "العربية" in html
    assert html.count(">3</td>") == 3
    assert "22\xa0bytes" in html or "22 bytes" in html
    assert download_url(WorkshopPack.objects.get(course=translated_course)) in html


def test_the_packs_page_runs_a_fixed_number_of_queries(client, packs_page, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(trainer_user())
    stored_pack(build_course(catalogue, lessons=1))
    client.get(packs_page.url)  # warm caches (site, settings)
    with CaptureQueriesContext(connection) as one:
        client.get(packs_page.url)
    one_count = len(one)  # read now: the next request empties the connection's query log
    for _n in range(3):
        stored_pack(build_course(catalogue, lessons=1))
    client.get(packs_page.url)  # new pages retired the cached routes: warm them again

    with CaptureQueriesContext(connection) as four:
        response = client.get(packs_page.url)

    assert len(four.captured_queries) == one_count
    assert response.content.decode().count('class="pack-module"') == 4


def test_learners_see_the_list_without_download_links(client, packs_page, pack, learner):
    client.force_login(learner)

    html = client.get(packs_page.url).content.decode()

    assert pack.course.title in html
    assert download_url(pack) not in html


def upload_data(course, sheet: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "course": str(course.translation_key),
        "language": course.locale.language_code,
        "start_date": "2026-03-02",
        "end_date": "2026-03-03",
        "place": "Accra",
        "facilitator": "K. Mensah",
        "results_file": SimpleUploadedFile("results.csv", sheet, content_type="text/csv"),
    }


def test_an_institution_uploads_results_and_sees_the_knowledge_gain(client, course):
    user = institution_user()
    client.force_login(user)
    sheet = b"name,country,service,gender,pre_test_score,post_test_score\nA,GH,police,woman,40,70\n"

    response = client.post(reverse("workshops:workshop_upload"), upload_data(course, sheet))

    workshop = Workshop.objects.get()
    assert response.status_code == 302
    assert workshop.institution == user.institution_membership.institution
    assert (workshop.place, workshop.start_date) == ("Accra", date(2026, 3, 2))
    detail = client.get(response["Location"]).content.decode()
    assert "30.0 percentage points" in detail


def test_an_invalid_upload_shows_row_errors_and_saves_nothing(client, course):
    client.force_login(institution_user())
    sheet = (
        b"name,country,service,gender,pre_test_score,post_test_score\nA,GH,police,woman,140,70\n"
    )

    response = client.post(reverse("workshops:workshop_upload"), upload_data(course, sheet))

    assert response.status_code == 400
    assert "Row 2:" in response.content.decode()
    assert not Workshop.objects.exists()


@pytest.mark.parametrize("make_user", [lambda: UserFactory(), trainer_user])
def test_only_institution_members_can_upload(client, db, make_user):
    client.force_login(make_user())

    assert client.get(reverse("workshops:workshop_upload")).status_code == 403


def test_an_institution_cannot_see_another_institutions_workshop(client, course):
    other = Workshop.objects.create(
        institution=InstitutionFactory(),
        course=course,
        course_key=course.translation_key,
        course_title=course.title,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 1, 1),
        place="Elsewhere",
        facilitator="X",
    )
    client.force_login(institution_user())

    response = client.get(reverse("workshops:workshop_detail", kwargs={"pk": other.pk}))

    assert response.status_code == 404


def test_administrators_export_the_download_log_as_csv(client, pack):
    WorkshopPackDownload.objects.create(
        user_email="centre@example.org",
        institution_name="Kofi Annan Centre",
        pack=pack,
        course_title=pack.course.title,
        language_code="en",
        version=1,
    )
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)

    listing = client.get(reverse("workshoppackdownload:index"))
    export = client.get(reverse("workshoppackdownload:index") + "?export=csv")

    assert listing.status_code == 200
    assert "Kofi Annan Centre" in listing.content.decode()
    body = (
        b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    )
    assert "centre@example.org" in body and "Kofi Annan Centre" in body


def test_the_upload_form_lists_each_course_once_with_the_language_apart(client, translated_course):
    client.force_login(institution_user())

    html = client.get(reverse("workshops:workshop_upload")).content.decode()

    assert html.count(f'value="{translated_course.translation_key}"') == 1
    assert '<option value="fr"' in html and '<option value="ar"' in html


def test_a_french_excel_csv_uploads_into_the_french_course(client, translated_course):
    from wagtail.models import Locale

    french = translated_course.get_translation(Locale.objects.get(language_code="fr"))
    client.force_login(institution_user())
    sheet = (
        "name;country;service;gender;pre_test_score;post_test_score\r\n"
        "Zoé;KE;police;woman;40,5;80\r\n"
    )

    response = client.post(
        reverse("workshops:workshop_upload"), upload_data(french, sheet.encode("cp1252"))
    )

    assert response.status_code == 302
    workshop = Workshop.objects.get()
    assert workshop.participants.get().name == "Zoé"
    assert workshop.course_id == french.pk


def test_the_workshop_list_export_guards_formulas(client, course):
    Workshop.objects.create(
        institution=InstitutionFactory(),
        course=course,
        course_key=course.translation_key,
        course_title=course.title,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 3),
        place="=HYPERLINK(1)",
        facilitator="+cmd",
    )
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    export = client.get(reverse("workshop:index") + "?export=csv")

    body = b"".join(export.streaming_content).decode()
    assert "'=HYPERLINK(1)" in body and "'+cmd" in body
