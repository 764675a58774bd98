"""Institution pages fit a 360 px phone: nothing scrolls the page sideways."""

from datetime import date

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client

from tests.factories.workshops import institution_user
from workshops.models import (
    Workshop,
    WorkshopPack,
    WorkshopPackIndexPage,
    WorkshopPackStatus,
    WorkshopParticipant,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in_page(chromium, live_server):
    user = institution_user()
    client = Client()
    client.force_login(user)
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    yield page, user
    context.close()


def test_institution_pages_fit_a_360_px_screen(
    signed_in_page, live_server, home, course, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    page, user = signed_in_page
    course.title = "Stockpile management of contingent-owned weapons and ammunition"
    course.save_revision().publish()
    packs = home.add_child(instance=WorkshopPackIndexPage(title="Workshop packs", slug="packs"))
    pack, _created = WorkshopPack.objects.get_or_create(course=course)
    pack.version, pack.size_bytes = 3, 123456
    pack.status, pack.built_at = WorkshopPackStatus.READY, pack.requested_at
    pack.file.save("pack.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=True)
    workshop = Workshop.objects.create(
        institution=user.institution_membership.institution,
        course=course,
        course_key=course.translation_key,
        course_title=course.title,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 6),
        place="Kofi Annan International Peacekeeping Training Centre, Accra",
        facilitator="A. Facilitator",
    )
    WorkshopParticipant.objects.create(
        workshop=workshop, row_number=2, name="Amina Yusuf", country="KE"
    )

    for url in (
        packs.url,
        "/en/workshops/",
        f"/en/workshops/{workshop.pk}/",
        "/en/workshops/upload/",
    ):
        page.goto(f"{live_server.url}{url}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (url, width)
