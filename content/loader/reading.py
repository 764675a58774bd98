"""Reading the curriculum files and validating them, without touching the database."""

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from ..curriculum_schema import CurriculumError, document_validate, structure_compare

CURRICULUM_DIR = Path(__file__).resolve().parent.parent / "curriculum"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "fr", "ar")
FILE_NAME = re.compile(r"^(?P<module>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<language>[a-z]{2})\.yaml$")


def curriculum_read(
    *, directory: Path = CURRICULUM_DIR, modules: Iterable[str] | None = None
) -> dict[str, dict[str, dict]]:
    """Parse and validate the curriculum files: {module: {language: document}}.

    Raises CurriculumError listing every problem (file and place) if any file is wrong.
    """
    errors: list[str] = []
    found: dict[str, dict[str, dict]] = {}
    wanted = set(modules) if modules is not None else None
    for path in sorted(Path(directory).glob("*.yaml")):
        match = FILE_NAME.match(path.name)
        if not match:
            continue  # terms.yaml and other helpers
        module, language = match["module"], match["language"]
        if wanted is not None and module not in wanted:
            continue
        if language not in LANGUAGES:
            errors.append(
                f"{path.name}: language '{language}' is not one of {', '.join(LANGUAGES)}"
            )
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
            errors.append(f"{path.name}: {where}: {getattr(exc, 'problem', None) or exc}")
            continue
        file_errors = document_validate(data, filename=path.name, module=module, language=language)
        if file_errors:
            errors.extend(file_errors)
            continue
        found.setdefault(module, {})[language] = data
    for module in sorted(wanted - found.keys() if wanted is not None else ()):
        if not any(e.startswith(f"{module}.") for e in errors):
            errors.append(f"{module}.{SOURCE_LANGUAGE}.yaml: no such curriculum file")
    for module, documents in sorted(found.items()):
        source = documents.get(SOURCE_LANGUAGE)
        if source is None:
            if not any(e.startswith(f"{module}.{SOURCE_LANGUAGE}.yaml") for e in errors):
                errors.append(
                    f"{module}.{SOURCE_LANGUAGE}.yaml: missing; English is the source language"
                )
            continue
        for language, document in sorted(documents.items()):
            if language != SOURCE_LANGUAGE:
                errors.extend(
                    structure_compare(
                        source,
                        document,
                        source_name=f"{module}.{SOURCE_LANGUAGE}.yaml",
                        filename=f"{module}.{language}.yaml",
                    )
                )
    if errors:
        raise CurriculumError(errors)
    return found
