"""Reading a workshop's filled results sheet (CSV): pure parsing and validation, no database."""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django_countries import countries

from training_site.accounts.models import Gender, Service
from training_site.sanitize import UnsafeText, clean_text

from .packs import RESULTS_COLUMNS

MAX_ROWS = 20_000
# Checking stops after this many rows with problems: nobody reads further, and a file of
# junk must not keep a worker busy building messages.
MAX_ROW_ERRORS = 200
# NUL (which PostgreSQL refuses) and the other controls a cell has no use for; a quoted cell's
# line breaks and tabs are left to the checks of each column.
CELL_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ResultRow:
    row_number: int
    name: str
    country: str
    service: str
    gender: str
    pre_test_score: Decimal | None
    post_test_score: Decimal | None


class ResultsSheetError(ValueError):
    """The sheet can't be imported; `errors` holds the problems, with row numbers (the first
    MAX_ROW_ERRORS rows with problems; then a summary first says how many rows went unchecked)."""

    def __init__(self, errors: list[str], unchecked_rows: int = 0):
        super().__init__("; ".join(errors[:5]))
        self.errors = errors
        self.unchecked_rows = unchecked_rows


def _decode(data: bytes) -> str:
    # UTF-16 text without a BOM is about half NUL bytes; a stray NUL is a bad cell, not UTF-16.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:1000].count(b"\x00") * 4 > len(
        data[:1000]
    ):
        raise ResultsSheetError(
            [_("The file is saved as UTF-16. Save it again as “CSV UTF-8” and upload it.")]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ResultsSheetError(
            [
                _(
                    "The file is not UTF-8 text (unreadable byte at position %(position)s). "
                    "Save it again as “CSV UTF-8” and upload it."
                )
                % {"position": error.start}
            ]
        ) from error


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[value.casefold()] = value
        lookup[str(label).casefold()] = value
    return lookup


def _score(raw: str) -> Decimal | None:
    raw = raw.strip().removesuffix("%").strip().replace(",", ".")
    if not raw:
        return None
    try:
        score = Decimal(raw)
    except InvalidOperation:
        raise ValueError from None
    if not score.is_finite() or score < 0 or score > 100 or score != round(score, 2):
        raise ValueError
    return score


def results_sheet_parse(*, data: bytes) -> list[ResultRow]:
    """Validate every row of a results sheet; return the rows or raise ResultsSheetError with
    all the problems found. Row numbers count the header as row 1, as spreadsheets do."""
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise ResultsSheetError([_("The file is empty.")])
    columns = [column.strip().casefold().replace(" ", "_").replace("-", "_") for column in header]
    unknown = [column for column in columns if column not in RESULTS_COLUMNS]
    missing = [column for column in RESULTS_COLUMNS if column not in columns]
    errors = []
    if unknown:
        errors.append(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if missing:
        errors.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if errors:
        errors.append(
            _("The first row must name these columns: %(columns)s.")
            % {"columns": ", ".join(RESULTS_COLUMNS)}
        )
        raise ResultsSheetError(errors)

    index = {column: columns.index(column) for column in RESULTS_COLUMNS}
    codes = {code.casefold(): code for code, _name in countries}
    names = {str(name).casefold(): code for code, name in countries}
    services, genders = _choice_lookup(Service.choices), _choice_lookup(Gender.choices)
    rows: list[ResultRow] = []
    for row_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(errors) >= MAX_ROW_ERRORS:
            unchecked = 1 + sum(1 for cells in reader if any(cell.strip() for cell in cells))
            summary = _(
                "Checking stopped at row %(row)s after %(limit)s rows with problems; "
                "%(count)s more rows were not checked. Correct the rows below and upload again."
            ) % {"row": row_number, "limit": MAX_ROW_ERRORS, "count": unchecked}
            raise ResultsSheetError([summary, *errors], unchecked_rows=unchecked)
        if len(rows) >= MAX_ROWS:
            raise ResultsSheetError(
                [_("The file has more than %(count)s participants.") % {"count": MAX_ROWS}]
            )
        if len(cells) != len(columns):
            errors.append(
                _("Row %(row)s: expected %(expected)s cells, found %(found)s.")
                % {"row": row_number, "expected": len(columns), "found": len(cells)}
            )
            continue
        value = {column: cells[position].strip() for column, position in index.items()}
        controls = [column for column, text in value.items() if CELL_CONTROL.search(text)]
        if controls:
            errors.append(
                _("Row %(row)s: control characters in %(columns)s.")
                % {"row": row_number, "columns": ", ".join(controls)}
            )
            continue
        row_errors = []
        try:
            value["name"] = clean_text(value["name"]).strip()
            if not value["name"]:
                row_errors.append(_("the name is missing"))
            elif len(value["name"]) > 150:
                row_errors.append(_("the name is longer than 150 characters"))
        except UnsafeText:
            row_errors.append(_("the name holds < or > or a line break"))
        country = value["country"].casefold()
        country_code = codes.get(country) or names.get(country) or ""
        if country and not country_code:
            row_errors.append(
                _("unknown country “%(value)s” (use a two-letter code such as KE)")
                % {"value": value["country"]}
            )
        service = services.get(value["service"].casefold(), "")
        if value["service"] and not service:
            row_errors.append(
                _("unknown service “%(value)s” (use military, police, civilian or other)")
                % {"value": value["service"]}
            )
        gender = genders.get(value["gender"].casefold(), "")
        if value["gender"] and not gender:
            row_errors.append(
                _("unknown gender “%(value)s” (use woman, man, another or undisclosed)")
                % {"value": value["gender"]}
            )
        scores = {}
        for column in ("pre_test_score", "post_test_score"):
            try:
                scores[column] = _score(value[column])
            except ValueError:
                row_errors.append(
                    _("%(column)s “%(value)s” is not a percentage from 0 to 100")
                    % {"column": column, "value": value[column]}
                )
        if row_errors:
            errors.append(
                _("Row %(row)s: %(problems)s.")
                % {"row": row_number, "problems": "; ".join(row_errors)}
            )
            continue
        rows.append(
            ResultRow(
                row_number=row_number,
                name=value["name"],
                country=country_code,
                service=service,
                gender=gender,
                **scores,
            )
        )
    if errors:
        raise ResultsSheetError(errors)
    if not rows:
        raise ResultsSheetError([_("The file has no participants.")])
    return rows
