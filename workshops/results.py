"""Reading a workshop's filled results sheet (CSV in UTF-8, UTF-16 or Windows-1252, or XLSX):
pure parsing and validation, no database."""

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


# Files people upload by mistake, by their first bytes; XLSX (a ZIP) is read, not refused.
BINARY_SIGNATURES = (
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"%PDF", "PDF"),
    (b"\xd0\xcf\x11\xe0", "Excel 97-2003 (.xls)"),
    (b"PK\x03\x04", "ZIP"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7-Zip"),
)


def _binary_kind(data: bytes) -> str | None:
    """The kind of a file that is not a spreadsheet we read, or None."""
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            return kind
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when about every other byte is NUL on one side (text in a
    Latin script saved as UTF-16 without its mark); a stray NUL is a bad cell, not UTF-16."""
    if len(head) < 4:
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if odd * 4 > len(head) and even * 10 < len(head):
        return "utf-16-le"
    if even * 4 > len(head) and odd * 10 < len(head):
        return "utf-16-be"
    return None


def _decode(data: bytes) -> str:
    """Text of a CSV saved as UTF-8 (with or without BOM), UTF-16 or Windows-1252 (what
    Excel in French or Spanish saves as "CSV")."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        encoding = _utf16_without_bom(data[:1000])
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            raise _not_text() from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _not_text() from error
    if CELL_CONTROL.search(text[:1000]):
        raise _not_text()
    return text


def _not_text() -> "ResultsSheetError":
    return ResultsSheetError(
        [
            _(
                "The file is not a spreadsheet. Save it as CSV or Excel workbook (.xlsx) "
                "and upload it."
            )
        ]
    )


def _csv_rows(data: bytes):
    """(row number, cells) per record; a quoted cell's line break stays in its row."""
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return enumerate(reader, start=1)


def _xlsx_cell(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        if "%" in (cell.number_format or ""):
            value = Decimal(str(value)) * 100
        number = Decimal(str(value))
        return format(number.normalize(), "f") if number == number.to_integral() else str(number)
    return str(value)


def _xlsx_rows(data: bytes):
    """(row number, cells) of the workbook's first sheet, numbered as Excel shows them."""
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _not_text() from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows():
            cells = [cell for cell in row if getattr(cell, "row", None)]
            if not cells:
                continue
            yield cells[0].row, [_xlsx_cell(cell) for cell in row]
    finally:
        workbook.close()


def _is_xlsx(data: bytes) -> bool:
    import zipfile

    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        return "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return False


def _sheet_rows(data: bytes):
    if _is_xlsx(data):
        return _xlsx_rows(data)
    kind = _binary_kind(data)
    if kind:
        raise ResultsSheetError(
            [
                _(
                    "This is a %(kind)s file, not a spreadsheet. Upload the results sheet as "
                    "CSV or Excel workbook (.xlsx)."
                )
                % {"kind": kind}
            ]
        )
    return _csv_rows(data)


def _country_names() -> dict[str, str]:
    """Country names, casefolded, in every content language (English, French, Arabic) and
    the active one: an institution types them in its own language."""
    from django.conf import settings
    from django.utils import translation

    names: dict[str, str] = {}
    for language in [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]:
        with translation.override(language):
            names.update({str(name).casefold(): code for code, name in countries})
    names.update({str(name).casefold(): code for code, name in countries})
    return names


def _trimmed(cells: list[str], width: int) -> list[str]:
    """Drops empty cells past the header's width (spreadsheets pad rows with them)."""
    while len(cells) > width and not cells[-1].strip():
        cells = cells[:-1]
    return cells


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
    all the problems found. Row numbers are the spreadsheet's own: the header is row 1, the
    first participant row 2 (and an XLSX sheet's empty rows count)."""
    reader = iter(_sheet_rows(data))
    _header_number, header = next(reader, (1, None))
    if not header or not any(cell.strip() for cell in header):
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
    names = _country_names()
    services, genders = _choice_lookup(Service.choices), _choice_lookup(Gender.choices)
    rows: list[ResultRow] = []
    for row_number, cells in reader:
        cells = _trimmed(cells, len(columns))
        if not any(cell.strip() for cell in cells):
            continue
        if len(errors) >= MAX_ROW_ERRORS:
            unchecked = 1 + sum(1 for _n, cells in reader if any(cell.strip() for cell in cells))
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
