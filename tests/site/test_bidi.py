"""Right-to-left done right: isolated codes and dates, mirrored arrows, no synthetic italic."""

from pathlib import Path

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from assessments.display import _arrow
from certificates.rendering import CERTIFICATE_TEMPLATE, certificate_pdf_context
from certificates.services import certificate_issue
from tests.certificates.conftest import pass_final

SITE_CSS = Path(__file__).parents[2] / "training_site/static/training_site/css/site.css"


def render(source: str, **context) -> str:
    return Template("{% load training_site_tags %}" + source).render(Context(context))


def test_latin_runs_in_arabic_sources_are_isolated_with_their_punctuation():
    source = "S16. بيرمان وراكوفيتا (Berman, E.G. and Racovita, M.)، 2015، Under Attack?، HSBA."
    assert render("{{ v|isolate_latin }}", v=source) == (
        "<bdi>S16.</bdi> بيرمان وراكوفيتا (<bdi>Berman, E.G. and Racovita, M.</bdi>)، 2015، "
        "<bdi>Under Attack?</bdi>، <bdi>HSBA.</bdi>"
    )


def test_a_latin_title_keeps_its_own_brackets_in_one_isolate():
    source = "الأمم المتحدة، Manual on Contingent-Owned Equipment (COE) Procedures (دليل)."
    assert render("{{ v|isolate_latin }}", v=source) == (
        "الأمم المتحدة، <bdi>Manual on Contingent-Owned Equipment (COE) Procedures</bdi> (دليل)."
    )


def test_isolate_latin_escapes_and_leaves_left_to_right_text_alone():
    assert render("{{ v|isolate_latin }}", v="Small Arms Survey <2017>") == (
        "Small Arms Survey &lt;2017&gt;"
    )
    assert render("{{ v|isolate_latin }}", v="مسح <b>Small & Arms</b>") == (
        "مسح &lt;b&gt;<bdi>Small &amp; Arms</bdi>&lt;/b&gt;"
    )


def test_bdi_isolates_and_escapes_inside_a_translated_sentence():
    assert render("{{ v|bdi }}", v="<b>x</b>") == "<bdi>&lt;b&gt;x&lt;/b&gt;</bdi>"
    assert render('{{ v|bdi:"ltr" }}', v="AB12-CD34") == '<bdi dir="ltr">AB12-CD34</bdi>'
    html = render(
        "{% load i18n %}{% blocktranslate with d=v|bdi %}Issued on {{ d }}{% endblocktranslate %}",
        v="1 mai 2026",
    )
    assert html == "Issued on <bdi>1 mai 2026</bdi>"


def test_text_emails_isolate_with_unicode_marks():
    assert render("{{ v|isolate_ltr }}", v="AB12") == "\u2066AB12\u2069"


@pytest.mark.parametrize(("language", "arrow"), [("en", "→"), ("fr", "→"), ("ar", "←")])
def test_the_matching_review_arrow_points_the_way_the_text_reads(language, arrow):
    with translation.override(language):
        assert _arrow() == arrow


@pytest.mark.django_db
def test_the_certificate_isolates_its_code_address_date_score_and_name(
    translated_course, learner, settings
):
    settings.SITE_URL = "https://training.example.org"
    pass_final(translated_course, learner, right=9, total=10)
    certificate = certificate_issue(user=learner, course_key=translated_course.translation_key)
    context = certificate_pdf_context(certificate=certificate, language="ar")
    with translation.override("ar"):
        html = render_to_string(CERTIFICATE_TEMPLATE, context)
    assert f'<bdi dir="ltr">{certificate.formatted_code}</bdi>' in html
    assert f'<bdi dir="ltr">{context["verification_url"]}</bdi>' in html
    assert '<bdi dir="ltr">90</bdi>' in html
    assert "<bdi>Amina Learner</bdi>" in html
    assert html.count("<bdi>") >= 2  # the name and the date


def test_the_stylesheet_mirrors_pager_arrows_and_keeps_arabic_upright():
    css = SITE_CSS.read_text()
    assert '[dir="rtl"] .pager__previous::before { content: "\\2192' in css
    assert '[dir="rtl"] .pager__next::after { content: "\\00a0\\2190' in css
    assert ":lang(ar) :is(em, i, cite" in css and "font-style: normal" in css


@pytest.mark.django_db
def test_dashboard_dates_are_isolated(client, course, learner):
    from courses.services import enrolment_create, lesson_progress_complete

    enrolment_create(user=learner, course_key=course.translation_key)
    lesson_progress_complete(
        user=learner, lesson=course.lessons().first(), course_key=course.translation_key
    )
    client.force_login(learner)
    html = client.get("/ar/learning/").content.decode()
    assert "<bdi>" in html
