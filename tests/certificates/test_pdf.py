import io
import re

import pytest
import segno
import zxingcpp
from django.urls import reverse
from django.utils.html import escape
from PIL import Image
from pypdf import PdfReader

from certificates import rendering, services
from certificates.models import CertificateFile
from certificates.rendering import (
    certificate_pdf_context,
    certificate_qr,
    certificate_qr_svg_data_uri,
    certificate_qr_text,
    certificate_render_pdf,
)
from certificates.selectors import certificate_verification_url
from certificates.services import certificate_issue, certificate_pdf_file
from tests.certificates.conftest import pass_final

pytestmark = pytest.mark.django_db

A4_LONG, A4_SHORT = 841.89, 595.28  # points


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def certificate(translated_course, learner):
    pass_final(translated_course, learner, right=23, total=25)  # 92 %
    return certificate_issue(user=learner, course_key=translated_course.translation_key)


def test_the_certificate_is_one_a4_landscape_page_with_holder_course_code_and_score(certificate):
    reader, text = pdf_text(certificate_render_pdf(certificate=certificate, language="en"))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(A4_LONG, abs=1)
    assert float(box.height) == pytest.approx(A4_SHORT, abs=1)
    assert "Amina Learner" in text
    assert certificate.course_title in text
    assert certificate.formatted_code in text
    assert "Final score: 92%" in text
    assert "Certificate of completion" in text


def test_the_score_is_left_off_when_the_course_hides_it(certificate):
    certificate.show_score = False
    assert certificate_pdf_context(certificate=certificate, language="en")["score"] is None
    _reader, text = pdf_text(certificate_render_pdf(certificate=certificate, language="en"))
    assert "Final score" not in text  # a label, never part of a random code


def test_the_fonts_shipped_with_the_app_are_embedded(certificate):
    reader, _text = pdf_text(certificate_render_pdf(certificate=certificate, language="ar"))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {font.get_object()["/BaseFont"] for font in fonts.values()}
    assert names and all("Certificate-Sans" in name for name in names)
    assert all(
        "/FontFile2" in font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        for font in fonts.values()
    )


def test_the_arabic_certificate_is_right_to_left_with_arabic_text(certificate):
    context = certificate_pdf_context(certificate=certificate, language="ar")
    assert context["language_bidi"] is True
    reader, text = pdf_text(certificate_render_pdf(certificate=certificate, language="ar"))
    assert len(reader.pages) == 1
    assert re.search(r"[\u0600-\u06FF]", text)
    assert "شهادة إتمام" in text or "شهادة" in text
    assert certificate.formatted_code in text
    assert "Amina Learner" in text


def test_a_certificate_downloads_in_another_language_with_that_languages_course_title(certificate):
    assert certificate.language == "en"
    _reader, text = pdf_text(certificate_render_pdf(certificate=certificate, language="fr"))
    assert f"{certificate.course_title} [fr]" in text
    assert "Certificat de réussite" in text
    assert certificate.formatted_code in text


def test_the_verification_url_is_in_the_certificates_language_unless_another_is_asked(
    certificate,
):
    code = certificate.formatted_code
    assert certificate_verification_url(certificate=certificate) == (
        f"https://training.example.org/en/verify/{code}/"
    )
    assert certificate_verification_url(certificate=certificate, language="ar") == (
        f"https://training.example.org/ar/verify/{code}/"
    )


@pytest.mark.parametrize(
    ("issued_in", "printed_in"), [("en", "ar"), ("en", "fr"), ("ar", "ar"), ("ar", "en")]
)
def test_the_pdf_prints_the_link_to_the_verification_page_in_its_own_language(
    translated_course, learner, issued_in, printed_in
):
    pass_final(translated_course, learner, right=23, total=25)
    certificate = certificate_issue(
        user=learner, course_key=translated_course.translation_key, language=issued_in
    )
    assert certificate.language == issued_in
    _reader, text = pdf_text(certificate_render_pdf(certificate=certificate, language=printed_in))
    printed = re.findall(r"https://\S+/verify/\S+/", text)
    assert printed == [
        f"https://training.example.org/{printed_in}/verify/{certificate.formatted_code}/"
    ]


def test_the_qr_code_holds_the_absolute_verification_url(certificate):
    context = certificate_pdf_context(certificate=certificate, language="ar")
    url = certificate_verification_url(certificate=certificate, language="ar")
    assert context["verification_url"] == url
    qr_text = certificate_qr_text(
        certificate=certificate, verification_url=url, course_title=context["course_title"]
    )
    assert qr_text.startswith(url + "#jws=")  # the signed claims (test_credentials.py)
    assert context["qr_data_uri"] == certificate_qr_svg_data_uri(url=qr_text)
    assert context["qr_data_uri"].startswith("data:image/svg+xml")

    png = io.BytesIO()
    certificate_qr(url=qr_text).save(png, kind="png", scale=8, border=4)
    png.seek(0)
    decoded = zxingcpp.read_barcodes(Image.open(png))
    assert [barcode.text for barcode in decoded] == [qr_text]


def test_the_qr_data_uri_differs_for_another_url(certificate):
    url = certificate_verification_url(certificate=certificate)
    assert certificate_qr_svg_data_uri(url=url) != certificate_qr_svg_data_uri(url=url + "x")
    assert segno.make(url).designator


@pytest.mark.parametrize(
    "hostile_name",
    [
        '<img src="file:///etc/passwd"><script>alert(1)</script>',
        '<div style="background: url(file:///etc/passwd)">x</div>',
        "url(file:///etc/passwd) </style><style>body{background:url(file:///etc/passwd)}</style>",
    ],
)
def test_a_holder_name_made_of_markup_renders_as_plain_text_and_fetches_nothing(
    certificate, hostile_name, monkeypatch, client, learner
):
    certificate.holder_name = hostile_name
    certificate.save()
    fetched = []
    from training_site import pdf

    real = pdf.static_path_for

    def spy(url):
        fetched.append(url)
        return real(url)

    monkeypatch.setattr(pdf, "static_path_for", spy)
    _reader, text = pdf_text(certificate_render_pdf(certificate=certificate, language="en"))
    assert any(url.startswith("static:training_site/fonts/") for url in fetched)
    assert all(url.startswith(("static:training_site/fonts/", "data:")) for url in fetched), fetched
    flat = "".join(text.split())
    assert "".join(hostile_name.split()) in flat  # printed as text, not interpreted or loaded

    response = client.get(reverse("certificates:verify_code", kwargs={"code": certificate.code}))
    assert response.status_code == 200, response.content.decode()[-3000:]
    body = response.content.decode()
    assert hostile_name not in body
    assert escape(hostile_name) in body, body[body.find("<main") :][:1500]


def test_the_first_download_renders_and_stores_and_later_ones_stream_the_stored_file(
    certificate, monkeypatch
):
    calls = []
    real = services.certificate_render_pdf

    def counting(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(services, "certificate_render_pdf", counting)
    first = certificate_pdf_file(certificate=certificate, language="en")
    second = certificate_pdf_file(certificate=certificate, language="en")
    assert len(calls) == 1
    assert first.pk == second.pk
    assert first.file.name == second.file.name
    assert second.file.read().startswith(b"%PDF")


def test_a_new_template_version_re_renders_lazily(certificate, monkeypatch):
    old = certificate_pdf_file(certificate=certificate, language="en")
    old_name = old.file.name
    monkeypatch.setattr(
        services, "CERTIFICATE_TEMPLATE_VERSION", rendering.CERTIFICATE_TEMPLATE_VERSION + 1
    )
    calls = []
    monkeypatch.setattr(
        services, "certificate_render_pdf", lambda **kw: calls.append(kw) or b"%PDF-new"
    )
    new = certificate_pdf_file(certificate=certificate, language="en")
    assert len(calls) == 1
    assert new.template_version == rendering.CERTIFICATE_TEMPLATE_VERSION + 1
    assert new.file.name != old_name
    assert CertificateFile.objects.filter(certificate=certificate).count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "static:../../../../etc/passwd",
        "https://example.org/logo.png",
        "/static/../../etc/passwd",
        "static:training_site/fonts/missing.ttf",
    ],
)
def test_the_renderer_refuses_anything_but_project_static_files(url):
    from training_site.pdf import BlockedResourceError, static_url_fetcher

    with pytest.raises((BlockedResourceError, ValueError)):
        static_url_fetcher().fetch(url)


def test_the_renderer_serves_the_certificate_font():
    from training_site.pdf import static_url_fetcher

    response = static_url_fetcher().fetch("static:training_site/fonts/DejaVuSans.ttf")
    assert response.read(4) == b"\x00\x01\x00\x00"
    response.close()
