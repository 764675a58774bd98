"""The error type and the checker that collects "file: place: message" problems."""

import re
from typing import Any

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID = re.compile(r"^[A-Za-z0-9_-]+$")


class CurriculumError(Exception):
    """One or more curriculum files are invalid; `errors` lists every problem."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


def _at(place: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{place}[{key}]"
    return f"{place}.{key}" if place else key


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class _Checker:
    def __init__(self, filename: str):
        self.filename = filename
        self.errors: list[str] = []

    def fail(self, place: str, message: str) -> None:
        self.errors.append(f"{self.filename}: {place or '(top level)'}: {message}")

    def fields(self, value: Any, place: str, required: tuple, optional: tuple = ()) -> bool:
        """Check `value` is a mapping with the required keys and no unknown ones."""
        if not isinstance(value, dict):
            self.fail(place, f"must be a mapping of fields, not {_kind_of(value)}")
            return False
        for key in value:
            if key not in required and key not in optional:
                self.fail(place, f"unknown field '{key}'")
        ok = True
        for key in required:
            if value.get(key) is None:
                self.fail(place, f"'{key}' is required")
                ok = False
        return ok

    def text(self, data: dict, place: str, key: str, max_length: int | None = None) -> None:
        value = data.get(key)
        if value is None:
            return  # reported by fields() when required
        where = _at(place, key)
        if not isinstance(value, str):
            self.fail(where, f"must be text, not {_kind_of(value)} (put it in quotes)")
        elif not value.strip():
            self.fail(where, "must not be empty")
        elif max_length and len(value) > max_length:
            self.fail(where, f"is {len(value)} characters long; the limit is {max_length}")

    def integer(self, data: dict, place: str, key: str, low: int, high: int | None = None) -> None:
        value = data.get(key)
        if value is None:
            return
        where = _at(place, key)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(where, f"must be a whole number, not {_kind_of(value)}")
        elif value < low or (high is not None and value > high):
            limits = f"between {low} and {high}" if high is not None else f"at least {low}"
            self.fail(where, f"must be {limits}, not {value}")

    def boolean(self, data: dict, place: str, key: str) -> None:
        value = data.get(key)
        if value is not None and not isinstance(value, bool):
            self.fail(_at(place, key), f"must be true or false, not {value!r}")

    def choice(self, data: dict, place: str, key: str, choices: tuple) -> None:
        value = data.get(key)
        if value is not None and value not in choices:
            self.fail(_at(place, key), f"must be one of {', '.join(choices)}, not {value!r}")

    def pattern(self, data: dict, place: str, key: str, regex: re.Pattern, what: str) -> None:
        value = data.get(key)
        if value is None:
            return
        if not isinstance(value, str) or not regex.match(value):
            self.fail(_at(place, key), f"must be {what}, not {value!r}")

    def items(self, data: dict, place: str, key: str, minimum: int = 1) -> list:
        value = data.get(key)
        if value is None:
            return []
        where = _at(place, key)
        if not isinstance(value, list):
            self.fail(where, f"must be a list, not {_kind_of(value)}")
            return []
        if len(value) < minimum:
            self.fail(where, f"needs at least {minimum} item(s), has {len(value)}")
        return value

    def text_items(self, data: dict, place: str, key: str, max_length: int = 500) -> None:
        values = self.items(data, place, key)
        for index, _ in enumerate(values):
            self.text(dict(enumerate(values)), _at(place, key), index, max_length)

    def unique(self, values: list, place: str, key: str) -> None:
        seen: set = set()
        for index, value in enumerate(values):
            if isinstance(value, dict) and isinstance(value.get(key), str):
                if value[key] in seen:
                    self.fail(_at(_at(place, index), key), f"'{value[key]}' is used twice")
                seen.add(value[key])
