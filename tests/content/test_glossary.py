import pytest

from content.glossary import glossary_link
from content.loader import curriculum_load, stable_id
from courses.models import LessonPage

from .conftest import MODULE, curriculum_edit

ENGLISH = [{"term": "Diversion"}, {"term": "Weapons and ammunition management (WAM)"}]


def test_glossary_terms_are_linked_at_their_first_use_in_a_lesson_only():
    terms = [{"term": "Diversion"}, {"term": "SALW (small arms)"}, {"term": "تحويل الوجهة"}]
    linked: set[int] = set()
    first = glossary_link(
        "<p>Diversion starts small. <b>Diversion</b> again; SALW and salw.</p>",
        terms=terms,
        linked=linked,
    )
    assert first == (
        '<p><a href="../glossary/#term-1">Diversion</a> starts small. <b>Diversion</b> again; '
        '<a href="../glossary/#term-2">SALW</a> and salw.</p>'
    )
    later = glossary_link("<p>Diversion, once more.</p>", terms=terms, linked=linked)
    assert later == "<p>Diversion, once more.</p>"  # already linked in this lesson
    arabic = glossary_link("<p>منع تحويل الوجهة مهم.</p>", terms=terms, linked=set())
    assert '<a href="../glossary/#term-3">تحويل الوجهة</a>' in arabic
    inside = glossary_link('<p><a href="/x">Diversion</a></p>', terms=terms, linked=set())
    assert inside.count("<a ") == 1


def test_english_text_links_a_term_only_as_it_is_written():
    html = glossary_link("<p>Two diversions.</p>", terms=ENGLISH, linked=set())

    assert html == "<p>Two diversions.</p>"


@pytest.mark.parametrize(
    ("language", "term", "paragraph", "linked_text"),
    [
        ("fr", "Gestion des armes", "Deux gestions des armes.", "gestions des armes"),
        ("fr", "Munitions", "Une arme ou une munition.", "munition"),
        (
            "fr",
            "Désarmement, démobilisation et réintégration",
            "Le désarmement, la démobilisation et la réintégration.",
            "désarmement, la démobilisation et la réintégration",
        ),
        ("fr", "Groupe d'experts", "Un groupe d’experts.", "groupe d’experts"),
        ("fr", "Gestion des armes (GAM)", "La GAM, ici.", "GAM"),
        ("fr", "Gestion des armes", "Leur gestion, et les armes.", None),
        ("ar", "تحويل الوجهة", "ونسمّي ذلك تحويلًا للوجهة.", "تحويلًا للوجهة"),
        ("ar", "الذخيرة", "أسلحة وذخيرتها.", "وذخيرتها"),
        ("ar", "الذخيرة", "وفقدت ذخيرةٌ كثيرة.", "ذخيرةٌ"),
        ("ar", "التباين", "فقد اكتشفت تباينًا.", "تباينًا"),
        ("ar", "مجلس التحقيق", "يجوز أن تعقد مجلس تحقيق.", "مجلس تحقيق"),
        ("ar", "إدارة (WAM)", "وفقًا لـWAM.", "لـWAM"),
        ("ar", "إدارة الأسلحة والذخيرة", "الوحدة MOSAIC 05.20.", None),
        (
            "ar",
            "إدارة الأسلحة والذخيرة",
            "المعيار Weapons and Ammunition Management.",
            "Weapons and Ammunition Management",
        ),
    ],
)
def test_a_translation_links_the_forms_its_language_gives_a_term(
    language, term, paragraph, linked_text
):
    """A translated paragraph links the term the English paragraph links (term 2 here) in the
    form the sentence gives it: plural, with an article, a clitic, a case ending, its acronym
    or the English name it quotes."""
    html = glossary_link(
        f"<p>{paragraph}</p>",
        terms=[{"term": "Détournement"}, {"term": term}],
        linked=set(),
        allowed={2},
        language=language,
        source_terms=ENGLISH,
    )

    if linked_text is None:
        assert "<a " not in html
    else:
        assert f'<a href="../glossary/#term-2">{linked_text}</a>' in html


def test_a_translation_prefers_its_own_words_to_the_english_it_quotes():
    html = glossary_link(
        "<p>La norme Weapons and Ammunition Management (gestion des armes).</p>",
        terms=[{"term": "Détournement"}, {"term": "Gestion des armes"}],
        linked=set(),
        allowed={2},
        language="fr",
        source_terms=ENGLISH,
    )

    assert html.count("<a ") == 1
    assert '<a href="../glossary/#term-2">gestion des armes</a>' in html


def test_a_translation_links_a_term_only_where_the_english_paragraph_does():
    html = glossary_link(
        "<p>Deux détournements.</p>",
        terms=[{"term": "Détournement"}],
        linked=set(),
        allowed=set(),
        language="fr",
        source_terms=ENGLISH,
    )

    assert "<a " not in html


LESSON_TEXT = {
    "en": "Report any cache of arms at once. Any diversion starts small.",
    "fr": "Signalez aussitôt les caches d'armes. Tout détournement commence petit.",
    "ar": "أبلغ فورًا عن مخبأ الأسلحة. ويبدأ كل تحويل للوجهة صغيرًا.",
}
TERMS = {
    "en": ["Cache", "Diversion"],
    "fr": ["Cache d'armes", "Détournement"],
    "ar": ["مخبأ أسلحة", "تحويل الوجهة"],
}
LINKED = {
    "en": ["cache", "diversion"],
    "fr": ["caches d'armes", "détournement"],
    "ar": ["مخبأ الأسلحة", "تحويل للوجهة"],
}


@pytest.mark.django_db
def test_every_glossary_link_of_the_english_lesson_is_in_its_translations(
    curriculum_dir, translated_catalogue
):
    for language in ("en", "fr", "ar"):

        def change(document, language=language):
            document["lessons"][1]["body"] = [{"type": "text", "text": LESSON_TEXT[language]}]
            for term, name in zip(document["glossary"]["terms"], TERMS[language], strict=True):
                term["term"] = name

        curriculum_edit(curriculum_dir, f"{MODULE}.{language}.yaml", change)

    curriculum_load(catalogue=translated_catalogue, directory=curriculum_dir)

    for language in ("en", "fr", "ar"):
        lesson = LessonPage.objects.get(
            translation_key=stable_id(MODULE, "lesson/l2"), locale__language_code=language
        )
        html = lesson.body.raw_data[0]["value"]
        for number, text in enumerate(LINKED[language], start=1):
            assert f'<a href="../glossary/#term-{number}">{text}</a>' in html, language
