"""Links from lesson text to the course's glossary page (`../glossary/#term-N`).

The English lesson links the first use of each term, matched as the term is written. A
translation links a term in the paragraph where the English lesson links it (wagtail-localize
restores link addresses from the English text, paragraph by paragraph), and there the term
may be inflected or abbreviated: French plurals and articles, Arabic clitics, article and
case endings, the acronym, or the English name that the translation quotes.
"""

import html
import re
from functools import lru_cache

__all__ = ["PARAGRAPH", "glossary_link", "glossary_links_of", "term_name"]

PARAGRAPH = re.compile(r"<p>.*?</p>", re.S)
TERM_LINK = re.compile(r'href="\.\./glossary/#term-(\d+)"')
# Text outside tags and outside links, where a link may go.
_TAGS_AND_LINKS = re.compile(r"(<a\b.*?</a>|<[^>]+>)", re.S)
ACRONYM = re.compile(r"[A-Z][A-Za-z/]*[A-Z]s?")
_FRENCH_ARTICLE = r"(?:(?:la|le|les|de|des|du)\s+|[ld]['’])?"
_ARABIC_MARKS = "[\u064b-\u065f\u0670]*"  # short vowels, tanween, shadda, sukun
_ARABIC_CLITICS = "[وف]?[بكل]?ـ?"  # "and", "so", "with", "like", "for" (tatweel after them)
_ARABIC_ENDINGS = "(?:ًا|ا|ً|ٌ|ٍ|ه|ها|هم|ي)?"  # case endings, "its", "their", "my"


def term_name(term: str) -> str:
    """A term's name as lesson text uses it: without emphasis or a parenthesised note."""
    return _plain(term).split(" (")[0].strip()


def _plain(text: str) -> str:
    """As `content.loader.text_to_plain`: emphasis markers dropped."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text.strip())
    return re.sub(r"\*(.+?)\*", r"\1", text)


def glossary_link(
    html_text: str,
    *,
    terms: list[dict],
    linked: set[int],
    allowed: set[int] | None = None,
    language: str = "en",
    source_terms: list[dict] | None = None,
) -> str:
    """Link the first use of each glossary term (not yet in `linked`, and in `allowed` if
    given) in rich-text HTML to its entry on the glossary page, outside tags and links.

    Without `allowed` (the English lesson) a term is matched as written. With it (a
    translation, one paragraph) a term also matches its `language`'s inflected forms, its
    acronym and the English name in `source_terms` (the English glossary, in the same order).
    """
    for number, term in enumerate(terms, start=1):
        if number in linked or (allowed is not None and number not in allowed):
            continue
        if allowed is None:
            patterns = _written(text=term_name(term["term"]))
        else:
            source = source_terms[number - 1]["term"] if source_terms else ""
            patterns = _translated(term=term["term"], language=language, source=source)
        for pattern in patterns:
            linking = _link_first(html_text, pattern=pattern, number=number)
            if linking is not None:
                html_text = linking
                linked.add(number)
                break
    return html_text


def glossary_links_of(body: list[dict]) -> dict[str, list[set[int]]]:
    """Rich-text block id → the glossary terms each of its paragraphs links, from a lesson's
    raw body stream."""
    return {
        block["id"]: [
            {int(n) for n in TERM_LINK.findall(p)} for p in PARAGRAPH.findall(block["value"])
        ]
        for block in body
        if block["type"] == "rich_text"
    }


def _link_first(html_text: str, *, pattern: re.Pattern, number: int) -> str | None:
    """`html_text` with the first match of `pattern` outside tags and links linked to term
    `number`, or None if nothing matches."""
    parts = _TAGS_AND_LINKS.split(html_text)
    for index, part in enumerate(parts):
        if part.startswith("<"):
            continue
        match = pattern.search(part)
        if match is not None:
            start, end = match.span()
            parts[index] = (
                f'{part[:start]}<a href="../glossary/#term-{number}">'
                f"{part[start:end]}</a>{part[end:]}"
            )
            return "".join(parts)
    return None


@lru_cache(maxsize=1024)
def _written(*, text: str) -> tuple[re.Pattern, ...]:
    if len(text) < 3:
        return ()
    return (_compiled([re.escape(html.escape(text, quote=False))]),)


@lru_cache(maxsize=1024)
def _translated(*, term: str, language: str, source: str) -> tuple[re.Pattern, ...]:
    """The forms a translated paragraph may use for the term: the translation's own first,
    then the English ones it may quote (a document's title, an acronym)."""
    own = [_inflected(name, language) for name in _names(term)]
    english = [re.escape(html.escape(name, quote=False)) for name in _names(source)]
    prefix = _ARABIC_CLITICS if language == "ar" else ""
    return tuple(_compiled(forms, prefix=prefix) for forms in (own, english) if forms)


def _compiled(forms: list[str], *, prefix: str = "") -> re.Pattern:
    """One pattern for whole-word `forms`, longest first: the leftmost match wins and, at
    one place, the longest form. `prefix` (clitics written on the word) is part of the link."""
    alternatives = "|".join(sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-]){prefix}(?:{alternatives})(?![\w-])", re.I)


def _names(term: str) -> list[str]:
    """The name and, when the term gives one, its acronym or the acronym's expansion."""
    name = term_name(term)
    names = [name] if len(name) >= 3 else []
    note = re.fullmatch(r".+? \((.+)\)", _plain(term))
    if note is not None:
        inner = note[1].strip()
        if ACRONYM.fullmatch(inner) or (ACRONYM.fullmatch(name) and len(inner) >= 3):
            names.append(inner)
    return names


def _inflected(name: str, language: str) -> str:
    """A pattern for `name` and the forms it takes in running text of `language`."""
    if ACRONYM.fullmatch(name):
        return re.escape(name)
    words = html.escape(name, quote=False).split()
    if language == "fr":
        return rf"\s+{_FRENCH_ARTICLE}".join(_french_word(word) for word in words)
    if language == "ar":
        return r"\s+".join(_arabic_word(word, first=n == 0) for n, word in enumerate(words))
    return r"\s+".join(re.escape(word) for word in words)


def _french_word(word: str) -> str:
    """Singular or plural; either apostrophe."""
    escaped = re.sub("['’]", "['’]", re.escape(word))
    if len(word) < 4 or not word[-1].isalpha():
        return escaped
    if word[-1] in "sx":
        return escaped[:-1] + "[sx]?"
    return escaped + "[sx]?"


def _arabic_word(word: str, *, first: bool) -> str:
    """With or without the article (and, after the first word, a clitic before it), with a
    case ending or pronoun after it, with or without short-vowel marks."""
    word = re.sub(_ARABIC_MARKS, "", word)
    stem = word[2:] if word.startswith("ال") and len(word) > 4 else word
    letters = [re.escape(ch) + _ARABIC_MARKS for ch in stem]
    if stem.endswith("ة"):
        letters[-1] = f"(?:ة|ت(?=ه|ها|هم|ي)){_ARABIC_MARKS}"
    prefix = "(?:ال|ل)?" if first else f"{_ARABIC_CLITICS}(?:ال|ل)?"
    return f"{prefix}{''.join(letters)}{_ARABIC_ENDINGS}"
