"""SCORM 1.2 export: a manifest the ADL schemas accept, the lessons as static pages, and a
final built from the classroom bank only (its keys travel inside the package)."""

import io
import zipfile

import pytest
from django.core.management import call_command
from lxml import etree

from assessments.models import QuizKind, QuizPage
from tests.factories.pages import translate_tree
from tests.factories.workshops import build_pack_course
from workshops.scorm import SCHEMAS, scorm_package_build

pytestmark = pytest.mark.django_db

NAMESPACES = {
    "cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
}


@pytest.fixture
def scorm_course(catalogue):
    return build_pack_course(catalogue, lessons=2, title="Stockpile")


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


class XmlNamespaceSchema(etree.Resolver):
    """ADL's ims_xml.xsd declares the xml namespace as its default namespace, which XML
    Schema forbids and libxml2 refuses (a known flaw of the SCORM 1.2 files; LMSs don't read
    it). The test reads it with that one declaration removed; the package ships it as is."""

    def resolve(self, url, pubid, context):
        if url.endswith("ims_xml.xsd"):
            text = (SCHEMAS / "ims_xml.xsd").read_text()
            text = text.replace('xmlns="http://www.w3.org/XML/1998/namespace"', "", 1)
            return self.resolve_string(text, context)
        return None


def manifest_schema() -> etree.XMLSchema:
    """The SCORM 1.2 content-packaging schema and ADL's extensions, as one. The manifest uses
    no LOM metadata, so the metadata schema (which libxml2 refuses for a non-deterministic
    content model) has nothing to check."""
    parser = etree.XMLParser()
    parser.resolvers.add(XmlNamespaceSchema())
    imports = "".join(
        f'<xsd:import namespace="{namespace}" schemaLocation="{(SCHEMAS / name).as_uri()}"/>'
        for namespace, name in (
            (NAMESPACES["cp"], "imscp_rootv1p1p2.xsd"),
            (NAMESPACES["adlcp"], "adlcp_rootv1p2.xsd"),
        )
    )
    wrapper = f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">{imports}</xsd:schema>'
    document = etree.fromstring(wrapper.encode(), parser, base_url=SCHEMAS.as_uri() + "/")
    return etree.XMLSchema(document)


def test_the_manifest_validates_against_the_scorm_1_2_schemas(scorm_course):
    files = unzip(scorm_package_build(course=scorm_course))
    manifest = etree.fromstring(files["imsmanifest.xml"])
    schema = manifest_schema()

    assert schema.validate(manifest), schema.error_log
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NAMESPACES) == "1.2"


def test_one_sco_with_the_finals_pass_mark_as_mastery_score(scorm_course):
    final = QuizPage.objects.child_of(scorm_course).get(kind=QuizKind.FINAL)
    files = unzip(scorm_package_build(course=scorm_course))
    manifest = etree.fromstring(files["imsmanifest.xml"])
    resources = manifest.findall("cp:resources/cp:resource", NAMESPACES)
    listed = {file.get("href") for file in resources[0].findall("cp:file", NAMESPACES)}

    assert [r.get(f"{{{NAMESPACES['adlcp']}}}scormtype") for r in resources] == ["sco"]
    assert resources[0].get("href") == "index.html"
    assert manifest.findtext(".//adlcp:masteryscore", namespaces=NAMESPACES) == str(final.pass_mark)
    assert listed == set(files) - {"imsmanifest.xml"}


def test_lessons_are_static_pages_listed_in_order(scorm_course):
    files = unzip(scorm_package_build(course=scorm_course))
    index = files["index.html"].decode()

    assert "Stockpile lesson 1 text: count, record and report." in files["lessons/01.html"].decode()
    assert "Stockpile lesson 2: why it matters" in files["lessons/02.html"].decode()
    assert index.index('href="lessons/01.html"') < index.index('href="lessons/02.html"')


def test_the_final_holds_the_classroom_bank_never_the_online_one(scorm_course):
    files = unzip(scorm_package_build(course=scorm_course))
    package = b"".join(files.values()).decode("utf-8", errors="ignore")

    assert "Classroom A question one?" in package
    assert "Classroom B statement two." in package
    assert "Posttest question one?" not in package
    assert "Posttest rightanswer one" not in package


def test_an_arabic_package_is_right_to_left(scorm_course):
    arabic = translate_tree(scorm_course, "ar")
    files = unzip(scorm_package_build(course=arabic))

    assert '<html lang="ar" dir="rtl">' in files["index.html"].decode()
    assert '<html lang="ar" dir="rtl">' in files["lessons/01.html"].decode()


def test_the_command_writes_the_package(scorm_course, tmp_path):
    target = tmp_path / "stockpile.zip"
    call_command("export_scorm", scorm_course.slug, "en", str(target))

    assert "imsmanifest.xml" in unzip(target.read_bytes())


def test_the_command_names_an_unknown_course(scorm_course, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No live course 'nowhere'"):
        call_command("export_scorm", "nowhere", "en", str(tmp_path / "x.zip"))


def scorm_url(course_id: int) -> str:
    from django.urls import reverse

    return reverse("workshops_scorm", args=[course_id])


def test_a_trainer_who_may_edit_the_course_downloads_its_package(client, scorm_course):
    from django.urls import reverse

    from tests.assessments.test_item_analysis_admin import admin_user

    client.force_login(admin_user(can_edit_under=scorm_course))
    response = client.get(scorm_url(scorm_course.pk))
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[scorm_course.pk]))

    assert response["Content-Disposition"] == (
        f'attachment; filename="{scorm_course.slug}-en-scorm12.zip"'
    )
    assert "imsmanifest.xml" in unzip(response.content)
    assert scorm_url(scorm_course.pk) in editor.content.decode()


def test_others_get_no_package(client, scorm_course, catalogue, learner):
    from tests.assessments.test_item_analysis_admin import admin_user

    elsewhere = catalogue.add_child(instance=type(catalogue)(title="Other", slug="other"))
    client.force_login(admin_user(can_edit_under=elsewhere))
    assert client.get(scorm_url(scorm_course.pk)).status_code == 403
    client.force_login(learner)
    assert client.get(scorm_url(scorm_course.pk)).status_code == 302
    client.force_login(admin_user(can_edit_under=scorm_course))
    lesson = scorm_course.get_children().first()
    assert client.get(scorm_url(lesson.pk), follow=True).status_code == 404
    assert client.get(scorm_url(987654), follow=True).status_code == 404
