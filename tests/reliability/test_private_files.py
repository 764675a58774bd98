"""Private files (a certificate's stored PDF, a certificate export, a workshop pack) live under
unguessable names outside MEDIA_ROOT and reach only the people the views let through."""

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.test import override_settings
from django.urls import re_path

from tests.factories.users import UserFactory
from tests.factories.workshops import institution_user, trainer_user
from tests.reliability.conftest import ZIP
from training_site.accounts.models import Roles
from training_site.storage import private_files_move
from workshops.models import WorkshopPack

UNGUESSABLE = re.compile(r"^[a-z_]+/[0-9a-f]{32}/[^/]+$")


@pytest.fixture(autouse=True)
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PRIVATE_FILES_ACCEL_REDIRECT = ""


KINDS = ["certificate", "export", "pack"]


def people():
    return {
        "other learner": UserFactory(),
        "trainer": trainer_user(),
        "institution": institution_user(),
        "other administrator": UserFactory(roles=[Roles.ADMINISTRATORS]),
    }


# Who, signed in, is not the file's rightful downloader: a learner for another's certificate,
# anyone but the person who asked for an export (administrators included), anyone without the
# pack permission (trainers and administrators have it).
WRONG_PEOPLE = {
    "certificate": ["other learner", "trainer", "institution", "other administrator"],
    "export": ["trainer", "other administrator"],
    "pack": ["other learner"],
}


@pytest.mark.parametrize("kind", KINDS)
def test_private_files_have_unguessable_names_outside_the_media_folder(files, settings, kind):
    file, _url, _owner = files[kind]

    assert UNGUESSABLE.match(file.name), file.name
    on_disk = Path(file.path).resolve()
    assert on_disk.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not on_disk.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError, match="no URL"):
        file.url  # noqa: B018


@pytest.mark.parametrize("kind", KINDS)
def test_the_rightful_downloader_gets_the_file(client, files, kind):
    file, url, owner = files[kind]
    client.force_login(owner)

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == file.open("rb").read()
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("kind", KINDS)
def test_people_of_any_other_role_get_a_404(client, files, kind):
    file, url, _owner = files[kind]
    everyone = people()
    for who in WRONG_PEOPLE[kind]:
        client.force_login(everyone[who])

        # An admin 404 passes through the locale middleware's redirect to /en/admin/…: follow.
        response = client.get(url, follow=True)

        assert response.status_code == 404, who
        assert file.open("rb").read() not in response.content


@pytest.mark.parametrize("who", ["other learner", "institution"])
def test_people_without_admin_access_never_pass_the_admin_door_to_an_export(client, files, who):
    _file, url, _owner = files["export"]
    client.force_login(people()[who])

    response = client.get(url)

    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_visitors_are_sent_to_sign_in_whether_or_not_the_file_exists(client, files, kind):
    """The e-mail's download link must survive a signed-out phone, so anonymous requests go
    to the sign-in page, never to the file; the redirect is the same for an id that doesn't
    exist, so it tells nothing."""
    _file, url, _owner = files[kind]
    missing = (
        re.sub(r"/(\d+)/", "/987654/", url) if kind != "pack" else url.replace("/en/d", "/xx/d")
    )

    responses = [client.get(url), client.get(missing)]

    assert [response.status_code for response in responses] == [302, 302]
    assert all("login" in response["Location"] for response in responses)


@pytest.mark.parametrize("kind", KINDS)
def test_behind_nginx_the_view_hands_the_file_to_the_proxy(client, files, settings, kind):
    settings.PRIVATE_FILES_ACCEL_REDIRECT = "/_private/"
    file, url, owner = files[kind]
    client.force_login(owner)

    response = client.get(url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{file.name}"
    assert response.content == b""
    assert "attachment" in response["Content-Disposition"]


def development_media(request, path):
    """What `make demo` serves under /media/ (training_site.urls with DEBUG on)."""
    from django.conf import settings
    from django.views.static import serve

    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", development_media),
    *__import__("training_site.urls", fromlist=["urlpatterns"]).urlpatterns,
]


@pytest.mark.parametrize("kind", KINDS)
@override_settings(ROOT_URLCONF=__name__)
def test_the_development_media_route_serves_public_files_but_no_private_one(
    client, files, settings, kind
):
    file, _url, _owner = files[kind]
    storages["default"].save("original_images/lesson.png", ContentFile(b"public image"))

    assert client.get("/media/original_images/lesson.png").status_code == 200
    assert client.get(f"/media/{file.name}").status_code == 404
    assert client.get(f"/media/../private/{file.name}").status_code == 400


def test_a_private_folder_inside_the_media_folder_fails_the_system_checks(settings):
    from training_site.checks import private_media_outside_public_folders

    assert private_media_outside_public_folders(None) == []
    settings.PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT) / "private"

    errors = private_media_outside_public_folders(None)

    assert [error.id for error in errors] == ["training_site.E001"]


def test_the_migration_moves_public_packs_to_private_names_and_back(
    course, settings, django_capture_on_commit_callbacks
):
    public, private = storages["default"], storages["private"]
    old_name = public.save("workshop_packs/course-en-v1.zip", ContentFile(ZIP))
    pack = WorkshopPack.objects.create(course=course, version=1, status="ready")
    WorkshopPack.objects.filter(pk=pack.pk).update(file=old_name)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert private_files_move(WorkshopPack, field="file", folder="workshop_packs") == 1
    pack.refresh_from_db()

    assert UNGUESSABLE.match(pack.file.name)
    assert private.open(pack.file.name).read() == ZIP
    assert not public.exists(old_name)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        private_files_move(WorkshopPack, field="file", folder="workshop_packs", reverse=True)
    pack.refresh_from_db()

    assert public.open(pack.file.name).read() == ZIP
    assert not private.exists(pack.file.name)
