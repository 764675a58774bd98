"""Item-quality checks for a certification bank: pure functions over questions.

The thresholds are those of the curriculum standard (shared/curriculum-v2.md): a bank large
enough to draw from, keys that test-wiseness cannot find (position, length, absolute words,
cueing), distractors that are real choices, explanations that name a source.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from assessments.questions import ONLINE, Question

MIN_ITEMS = 40
MIN_PER_OBJECTIVE = 3
MAX_KEY_POSITION_SHARE = 0.35
MAX_LONGEST_KEY_SHARE = 0.30
MIN_DISTRACTORS = 2
# Giveaway words in false true/false statements, per language (whole words, lower case).
ABSOLUTE_WORDS = {
    "en": ("only", "always", "never", "every", "all", "none", "completely", "entirely",
           "as long as", "no one", "nothing"),
    "fr": ("seulement", "uniquement", "toujours", "jamais", "complètement", "entièrement",
           "totalement", "tant que", "aucun", "aucune"),
    "ar": ("فقط", "دائما", "دائمًا", "دائماً", "أبدا", "أبدًا", "أبداً", "تماما", "تمامًا",
           "تماماً", "مطلقا", "مطلقًا"),
}  # fmt: skip
# A source in brackets (which may hold a bracketed clause, as in "para 8(b)"): a year, or a
# standard's or document's capitalised name or symbol.
BRACKETS = re.compile(r"[(\[]((?:[^()\[\]]|\([^()]*\))*)[)\]]")
SOURCE_MARK = re.compile(r"\b(?:19|20)\d\d\b|[A-Z]{2,}|S/RES|A/\d")
CUE_MIN_LENGTH = 12  # shorter answers ("True", "Two") match stems by chance
# The quiz page prints its own translated instruction under a multiple-select question
# ("Select all that apply."); a stem that says it too shows it twice. The template's wording
# and the usual paraphrases, per language.
ANSWER_INSTRUCTIONS = {
    "en": re.compile(r"\b(?:select|tick|choose|check|mark) (?:all|every)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(?:cochez|sélectionnez|choisissez) (?:toutes|tous)\b", re.IGNORECASE),
    "ar": re.compile(r"(?:اختر|اختاري|حدد|ضع علامة على) (?:كل|جميع)"),
}


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    items: tuple[str, ...] = ()


@dataclass
class BankReport:
    name: str
    size: int
    per_objective: dict[str, int]
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def _key_index(question: Question) -> int | None:
    keys = [i for i, choice in enumerate(question.choices) if choice.correct]
    return keys[0] if len(keys) == 1 else None


def _label(question: Question) -> str:
    return question.tag and f"{question.text[:60]} [{question.tag}]" or question.text[:70]


def _words(text: str) -> str:
    return " " + re.sub(r"[^\w']+", " ", text.lower()) + " "


def bank_check(
    questions: Sequence[Question],
    *,
    name: str,
    objectives: Sequence[str] = (),
    language: str = "en",
    min_items: int = MIN_ITEMS,
) -> BankReport:
    """Check an online certification bank against the item-writing standard."""
    bank = [q for q in questions if q.use == ONLINE]
    per_objective = Counter(q.objective for q in bank)
    report = BankReport(name=name, size=len(bank), per_objective=dict(per_objective))
    add = report.findings.append
    if len(bank) < min_items:
        add(Finding("bank size", f"{len(bank)} gradable items; the standard asks {min_items}"))
    for objective in objectives:
        if per_objective.get(objective, 0) < MIN_PER_OBJECTIVE:
            add(
                Finding(
                    "bank per objective",
                    f"{objective}: {per_objective.get(objective, 0)} items; "
                    f"the standard asks {MIN_PER_OBJECTIVE}",
                )
            )
    if "" in per_objective and objectives:
        add(Finding("objective tags", f"{per_objective['']} items carry no objective"))

    single = [q for q in bank if q.type == "single_choice" and _key_index(q) is not None]
    if single:
        positions = Counter(_key_index(q) for q in single)
        position, count = positions.most_common(1)[0]
        if count / len(single) > MAX_KEY_POSITION_SHARE:
            add(
                Finding(
                    "key position",
                    f"option {chr(ord('a') + position)} is the key in {count} of {len(single)} "
                    f"single-choice items (at most {MAX_KEY_POSITION_SHARE:.0%})",
                )
            )
        longest = [q for q in single if _key_is_unique_longest(q)]
        if len(longest) / len(single) > MAX_LONGEST_KEY_SHARE:
            add(
                Finding(
                    "longest option",
                    f"the key is the unique longest option in {len(longest)} of {len(single)} "
                    f"single-choice items (at most {MAX_LONGEST_KEY_SHARE:.0%})",
                    tuple(_label(q) for q in longest),
                )
            )
    few = [
        q
        for q in bank
        if q.type == "multiple_select"
        and sum(1 for c in q.choices if not c.correct) < MIN_DISTRACTORS
    ]
    if few:
        add(
            Finding(
                "distractors",
                f"{len(few)} multiple-select items have fewer than {MIN_DISTRACTORS} distractors",
                tuple(_label(q) for q in few),
            )
        )
    words = ABSOLUTE_WORDS.get(language, ())
    giveaways = [
        q
        for q in bank
        if q.type == "true_false"
        and "false" in q.correct_ids
        and any(f" {word} " in _words(q.text) for word in words)
    ]
    if giveaways:
        add(
            Finding(
                "absolute words",
                f"{len(giveaways)} false true/false statements carry an absolute word",
                tuple(_label(q) for q in giveaways),
            )
        )
    stems = Counter(_words(q.text).strip() for q in bank)
    duplicates = [q for q in bank if stems[_words(q.text).strip()] > 1]
    if duplicates:
        add(
            Finding(
                "duplicate stems", "the same stem is used twice", tuple(map(_label, duplicates))
            )
        )
    cues = [
        f"{_label(a)} → {_label(b)}"
        for a in bank
        for key in a.choices
        if key.correct and a.type in ("single_choice", "multiple_select")
        and len(key.text) >= CUE_MIN_LENGTH
        for b in bank
        if b.id != a.id and (b.case is None or a.case is None or b.case.id != a.case.id)
        and _words(key.text).strip() in _words(b.text)
    ]  # fmt: skip
    if cues:
        add(Finding("cueing", "an answer's text appears in another item's stem", tuple(cues)))
    unsourced = [q for q in bank if not names_a_source(q.explanation)]
    if unsourced:
        add(
            Finding(
                "sources",
                f"{len(unsourced)} explanations name no source in brackets",
                tuple(map(_label, unsourced)),
            )
        )
    return report


def instruction_repeats(questions: Sequence[Question], *, language: str = "en") -> list[Finding]:
    """Questions (of any use: pre-test, classroom, online) whose text carries the answer
    instruction that the quiz page already shows ("Select all that apply")."""
    pattern = ANSWER_INSTRUCTIONS.get(language)
    repeating = [q for q in questions if pattern and pattern.search(q.text)]
    if not repeating:
        return []
    return [
        Finding(
            "answer instruction",
            f"{len(repeating)} question texts repeat the answer instruction that the quiz "
            "page prints; remove it from the text",
            tuple(map(_label, repeating)),
        )
    ]


def _key_is_unique_longest(question: Question) -> bool:
    lengths = [len(choice.text) for choice in question.choices]
    key = _key_index(question)
    return key is not None and lengths[key] == max(lengths) and lengths.count(max(lengths)) == 1


def names_a_source(explanation: str) -> bool:
    return any(SOURCE_MARK.search(inside) for inside in BRACKETS.findall(explanation))
