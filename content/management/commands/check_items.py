from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.item_checks import bank_check, instruction_repeats
from content.loader import CURRICULUM_DIR, CurriculumError, curriculum_questions, curriculum_read

PRETEST_SIZE = (8, 10)
MIN_CLASSROOM = 20
DRAW_SIZE = 20
MAX_ATTEMPTS = 3


class Command(BaseCommand):
    help = (
        "Check each module's final assessment bank against the item-writing standard "
        "(bank size per objective, key positions, longest options, distractors, absolute "
        "words, cueing, sources, answer instructions repeated in stems), plus its pre-test, "
        "classroom bank and scenario debriefs. "
        "Reads the curriculum files; exits 1 when a module falls below the standard."
    )

    def add_arguments(self, parser):
        parser.add_argument("modules", nargs="*", help="Module slugs (default: every module).")
        parser.add_argument("--curriculum", type=Path, default=CURRICULUM_DIR)
        parser.add_argument(
            "--report-only", action="store_true", help="Report problems but exit 0."
        )

    def handle(self, *args, modules, curriculum, report_only, **options):
        try:
            found = curriculum_read(directory=curriculum, modules=modules or None)
        except CurriculumError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        failing = []
        for module, documents in sorted(found.items()):
            for language, document in sorted(documents.items()):
                problems = module_problems(module=module, document=document, language=language)
                name = f"{module}.{language}"
                if problems:
                    failing.append(name)
                    self.stdout.write(self.style.ERROR(f"✗ {name}"))
                    for line in problems:
                        self.stdout.write(f"    {line}")
                else:
                    self.stdout.write(self.style.SUCCESS(f"✓ {name}"))
        if failing and not report_only:
            raise CommandError(f"Below the item-writing standard: {', '.join(failing)}")


def module_problems(*, module: str, document: dict, language: str) -> list[str]:
    """Every way one curriculum file falls short of the standard, as readable lines."""
    questions = curriculum_questions(module=module, document=document)
    objectives = [o["id"] for o in document["objectives"] if isinstance(o, dict)]
    report = bank_check(
        questions, name=f"{module}.{language}", objectives=objectives, language=language
    )
    lines = []
    for finding in report.findings + instruction_repeats(questions, language=language):
        lines.append(f"{finding.rule}: {finding.message}")
        lines.extend(f"      - {item}" for item in finding.items[:8])
    final = document["final"]
    draw = sum((final.get("draw") or {}).values())
    if draw != DRAW_SIZE:
        lines.append(f"draw: {draw} questions per attempt; the standard draws {DRAW_SIZE}")
    if not 1 <= final.get("max_attempts", 0) <= MAX_ATTEMPTS and not final.get("cooldown_hours"):
        lines.append(f"attempts: at most {MAX_ATTEMPTS}, or a cool-down after failures")
    low, high = PRETEST_SIZE
    if not low <= len(document["pretest"]["questions"]) <= high:
        lines.append(f"pre-test: {len(document['pretest']['questions'])} items, not {low}-{high}")
    classroom = [q for q in questions if q.use == "classroom"]
    if len(classroom) < MIN_CLASSROOM:
        lines.append(f"classroom bank: {len(classroom)} items; the standard asks {MIN_CLASSROOM}")
    online_stems = {q.text.strip().lower() for q in questions if q.use == "online"}
    shared = [q.text for q in classroom if q.text.strip().lower() in online_stems]
    if shared:
        lines.append(f"classroom bank: {len(shared)} stems also in the online bank")
    missing = [
        f"{lesson['id']}: {block['title']}"
        for lesson in document["lessons"]
        for block in lesson["body"]
        if block["type"] == "scenario" and not block.get("debrief")
    ]
    if missing:
        lines.append(f"scenarios without a debrief: {', '.join(missing)}")
    return lines
