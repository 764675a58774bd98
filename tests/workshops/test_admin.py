import pytest
from django.urls import reverse

from tests.factories.users import UserFactory
from workshops.models import WorkshopPackDownload


@pytest.fixture
def download(db):
    return WorkshopPackDownload.objects.create(
        user_email="centre@example.org",
        institution_name="Regional Centre",
        course_title="Stockpile management",
        language_code="fr",
        version=3,
    )


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_administrators_read_the_download_log_and_export_it(admin_client, download):
    listing = admin_client.get(reverse("workshoppackdownload:index"))
    assert listing.status_code == 200
    assert "centre@example.org" in listing.content.decode()
    export = admin_client.get(reverse("workshoppackdownload:index") + "?export=csv")
    assert export.status_code == 200
    assert b"Regional Centre" in b"".join(export.streaming_content)


@pytest.mark.parametrize(("view", "needs_pk"), [("add", False), ("edit", True), ("delete", True)])
def test_nobody_can_add_edit_or_delete_log_entries(admin_client, download, view, needs_pk):
    url = reverse(f"workshoppackdownload:{view}", args=[download.pk] if needs_pk else [])
    response = admin_client.post(url, {"user_email": "forged@example.org"})
    assert response.status_code in (302, 403)
    download.refresh_from_db()
    assert download.user_email == "centre@example.org"
    assert WorkshopPackDownload.objects.count() == 1
