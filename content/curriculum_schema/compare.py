"""A translation against its English file: the same structure and invariant values."""

from typing import Any

from .checker import _at

# Values a translation must copy unchanged from the English file.
INVARIANT_KEYS = {
    "id",
    "slug",
    "type",
    "kind",
    "level",
    "estimated_minutes",
    "pass_mark",
    "max_attempts",
    "cooldown_hours",
    "time_limit_minutes",
    "objective",
    "lesson",
    "points",
    "scoring",
    "correct",
    "answer",
}


def structure_compare(
    source: dict, translation: dict, *, source_name: str, filename: str
) -> list[str]:
    """Where `translation` differs from `source` in anything but its human text."""
    errors: list[str] = []
    _compare(source, translation, "", errors, source_name, filename)
    return errors


def _compare(src: Any, dst: Any, place: str, errors: list, source_name: str, name: str) -> None:
    def fail(where: str, message: str) -> None:
        errors.append(f"{name}: {where or '(top level)'}: {message}")

    if isinstance(src, dict):
        if not isinstance(dst, dict):
            fail(place, f"must be a mapping as in {source_name}")
            return
        for key in sorted(src.keys() - dst.keys() - {"correct"}):
            fail(place, f"'{key}' is missing; {source_name} has it")
        for key in sorted(dst.keys() - src.keys() - {"correct"}):
            fail(place, f"'{key}' is not in {source_name}")
        if src.get("correct", False) != dst.get("correct", False):
            found, expected = dst.get("correct", False), src.get("correct", False)
            fail(_at(place, "correct"), f"is {found!r}; must be {expected!r} as in {source_name}")
        for key in [k for k in src if k in dst and k not in ("language", "correct")]:
            # A matching pair's `answer` is text; a true/false question's is the key.
            invariant = key in INVARIANT_KEYS and not isinstance(src[key], dict | list)
            if invariant and not (key == "answer" and isinstance(src[key], str)):
                if src[key] != dst[key]:
                    fail(
                        _at(place, key),
                        f"is {dst[key]!r}; must be {src[key]!r} as in {source_name}",
                    )
            else:
                _compare(src[key], dst[key], _at(place, key), errors, source_name, name)
    elif isinstance(src, list):
        if not isinstance(dst, list):
            fail(place, f"must be a list as in {source_name}")
        elif len(src) != len(dst):
            fail(place, f"has {len(dst)} items; {source_name} has {len(src)}")
        else:
            for index, (a, b) in enumerate(zip(src, dst, strict=True)):
                _compare(a, b, _at(place, index), errors, source_name, name)
