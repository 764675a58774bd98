"""Job aids: linked from the lesson that teaches them, printable as one-page PDFs in the
course's language, and included in workshop packs."""

import io
import uuid

import pypdf
import pytest
from django.urls import reverse

from courses.models import LessonPage

pytestmark = pytest.mark.django_db


def job_aid(title: str, *, lesson: str = "1") -> dict:
    def item(value):
        return {"type": "item", "id": str(uuid.uuid4()), "value": value}

    return {
        "type": "job_aid",
        "id": str(uuid.uuid4()),
        "value": {
            "title": title,
            "lesson": lesson,
            "purpose": f"Use {title} at every handover.",
            "note": "Based on MOSAIC 05.20 (2012).",
            "sections": [
                item(
                    {
                        "heading": "Before the count",
                        "kind": "checklist",
                        "items": [item("Both custodians present"), item("Register open")],
                    }
                ),
                item({"heading": "Signatures", "kind": "fields", "items": [item("Outgoing")]}),
            ],
        },
    }


@pytest.fixture
def aided_course(course):
    course.job_aids = [job_aid("Key register"), job_aid("Loss report", lesson="2")]
    course.save_revision().publish()
    return course


def pdf_text(data: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def aid_url(course, aid) -> str:
    return reverse("courses:job_aid", kwargs={"course_id": course.pk, "aid_id": aid.id})


def test_a_lesson_links_its_own_job_aids(client, aided_course):
    first, second, _third = LessonPage.objects.child_of(aided_course).order_by("path")
    key_register, loss_report = aided_course.job_aids
    html = client.get(first.url).content.decode()
    assert aid_url(aided_course, key_register) in html and "Key register" in html
    assert aid_url(aided_course, loss_report) not in html
    assert aid_url(aided_course, loss_report) in client.get(second.url).content.decode()


def test_a_job_aid_prints_on_one_a4_page_with_its_sections(client, aided_course):
    response = client.get(aid_url(aided_course, aided_course.job_aids[0]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "01-key-register.pdf" in response["Content-Disposition"]
    reader, text = pdf_text(response.content)
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.height)) == 842  # A4 portrait
    for expected in ("Key register", "Before the count", "Both custodians present", "MOSAIC"):
        assert expected in text


def test_an_arabic_job_aid_is_in_arabic(client, aided_course):
    from tests.factories.pages import translate_tree

    arabic = translate_tree(aided_course, "ar").specific
    raw = list(arabic.job_aids.raw_data)
    raw[0]["value"]["title"] = "سجل المفاتيح"
    arabic.job_aids = raw
    arabic.save_revision().publish()
    response = client.get(aid_url(arabic, arabic.job_aids[0]))
    _reader, text = pdf_text(response.content)
    assert "المفاتيح" in text or "حيتافملا" in text  # logical or visual order


@pytest.mark.parametrize("case", ["unknown aid", "unknown course", "draft course"])
def test_an_unknown_job_aid_or_an_unpublished_course_is_a_404(client, aided_course, case):
    aid = aided_course.job_aids[0]
    url = {
        "unknown aid": reverse(
            "courses:job_aid", kwargs={"course_id": aided_course.pk, "aid_id": uuid.uuid4()}
        ),
        "unknown course": reverse(
            "courses:job_aid", kwargs={"course_id": 999999, "aid_id": aid.id}
        ),
        "draft course": aid_url(aided_course, aid),
    }[case]
    if case == "draft course":
        aided_course.unpublish()
    assert client.get(url).status_code == 404


def test_workshop_packs_include_every_job_aid_and_list_them(aided_course, settings, tmp_path):
    import zipfile

    from workshops.packs import pack_archive_build

    settings.MEDIA_ROOT = tmp_path
    archive = zipfile.ZipFile(
        io.BytesIO(pack_archive_build(course=aided_course, version=1, revision_id=None))
    )
    names = [name.split("/", 1)[1] for name in archive.namelist()]
    assert {"job-aids/01-key-register.pdf", "job-aids/02-loss-report.pdf"} <= set(names)
    readme = archive.read(next(n for n in archive.namelist() if n.endswith("README.txt")))
    assert "job-aids/02-loss-report.pdf: Job aid, Loss report" in readme.decode()
