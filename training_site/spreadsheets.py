"""Spreadsheet downloads, one layer for every export: CSV and XLSX, both streamed (memory stays
flat however many rows), both with the formula guard, named in one place.

A view builds `Sheet`s whose rows are a generator (reading the database with
`.iterator(chunk_size=CHUNK_SIZE)`) and returns `spreadsheet_response(...)` in the format
`export_format(request)` picked."""

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.text import slugify

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

CHUNK_SIZE = 2000
"""Rows fetched from the database at a time by exports (`queryset.iterator(chunk_size=...)`)."""

SPOOL_BYTES = 1024 * 1024
"""An XLSX file larger than this is built on disk, not in memory."""

# Spreadsheet programs run cells starting with these as formulas (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# XLSX sheet titles: at most 31 characters, none of these.
_SHEET_TITLE_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})


def csv_cell(value) -> str:
    """Text a spreadsheet will not run as a formula; None becomes an empty cell."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


@dataclass
class Sheet:
    """One table of an export: a header row and rows (any iterable, read once). In XLSX a
    sheet of its own, with a native bar chart of the first two columns when `chart` names
    one; in CSV the tables follow each other, each under its title when there are several."""

    title: str | Promise
    header: Sequence
    rows: Iterable[Sequence]
    chart: str = ""


def export_format(request: HttpRequest, default: str = CSV) -> str:
    """The format asked for with `?format=xlsx` or `?format=csv`; `default` otherwise."""
    asked = request.GET.get("format", "")
    return asked if asked in FORMATS else default


def export_filename(*parts) -> str:
    """A download's name without its extension (`spreadsheet_response` adds it): the parts
    slugified, joined by hyphens (`results-stockpile-management-cohort-a`)."""
    words = [slugify(str(part)) for part in parts]
    return "-".join(word for word in words if word) or "export"


def spreadsheet_response(
    *, sheets: Sequence[Sheet], filename: str, fmt: str
) -> StreamingHttpResponse | FileResponse:
    """An attachment download of `sheets` in `fmt` (CSV or XLSX), named `filename` (from
    `export_filename`) plus the extension. Text cells go through `csv_cell` in both formats."""
    name = f"{filename}.{fmt}"
    if fmt == XLSX:
        response = FileResponse(
            _xlsx_file(sheets), as_attachment=True, filename=name, content_type=CONTENT_TYPES[XLSX]
        )
    else:
        response = StreamingHttpResponse(_csv_lines(sheets), content_type=CONTENT_TYPES[CSV])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def spreadsheet_bytes(*, sheets: Sequence[Sheet], fmt: str) -> bytes:
    """The file `spreadsheet_response` would send, as bytes: for files stored or zipped
    (the blank results sheet of a workshop pack)."""
    if fmt == XLSX:
        with _xlsx_file(sheets) as output:
            return output.read()
    return "".join(_csv_lines(sheets)).encode("utf-8")


def guarded(value):
    """A cell value as exported: text (and lazy text) through the formula guard; numbers,
    dates and None as they are."""
    if isinstance(value, str | Promise):
        return csv_cell(force_str(value))
    return value


class _Echo:
    """A file-like object whose write returns what it is given: csv.writer's line."""

    def write(self, value: str) -> str:
        return value


def _csv_text(value) -> str:
    value = guarded(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _csv_lines(sheets: Sequence[Sheet]) -> Iterator[str]:
    """The byte-order mark (spreadsheet programs then read French and Arabic as UTF-8), then
    each sheet's lines."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    titled = len(sheets) > 1
    for index, sheet in enumerate(sheets):
        if index:
            yield writer.writerow([])
        if titled:
            yield writer.writerow([_csv_text(sheet.title)])
        yield writer.writerow([_csv_text(value) for value in sheet.header])
        for row in sheet.rows:
            yield writer.writerow([_csv_text(value) for value in row])


def _xlsx_value(value):
    value = guarded(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)  # Excel has no time zones: local time
    if isinstance(value, Decimal | int | float | datetime.date | str) or value is None:
        return value
    return force_str(value)


def _xlsx_file(sheets: Sequence[Sheet]):
    """A write-only workbook (rows go to disk as they come) saved to a spooled temporary
    file, rewound for FileResponse, which closes it."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(
            title=force_str(sheet.title).translate(_SHEET_TITLE_FORBIDDEN)[:31]
        )
        worksheet.append([_xlsx_value(value) for value in sheet.header])
        count = 0
        for row in sheet.rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(worksheet, _xlsx_value(value))
                if cell.data_type == "f":  # text is never a formula
                    cell.data_type = "s"
                cells.append(cell)
            worksheet.append(cells)
            count += 1
        if sheet.chart and count:
            worksheet.add_chart(_bar_chart(worksheet, sheet, count), "D2")
    output = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (FileResponse closes)
    workbook.save(output)
    output.seek(0)
    return output


def _bar_chart(worksheet, sheet: Sheet, count: int):
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "bar"
    chart.title = force_str(sheet.chart)
    chart.legend = None
    values = Reference(worksheet, min_col=2, min_row=1, max_row=count + 1)
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(Reference(worksheet, min_col=1, min_row=2, max_row=count + 1))
    return chart


class FormulaGuardedExportMixin:
    """For Wagtail index views with `list_export`: its CSV and XLSX downloads go through the
    project's layer (formula guard in both, streamed, rows read in chunks)."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        fmt = XLSX if spreadsheet_format == self.FORMAT_XLSX else CSV
        wagtail_format = self.FORMAT_XLSX if fmt == XLSX else self.FORMAT_CSV

        def rows():
            items = queryset
            if hasattr(queryset, "iterator"):
                items = queryset.iterator(chunk_size=CHUNK_SIZE)
            for item in items:
                yield [
                    self.preprocess_field_value(field, value, wagtail_format)
                    for field, value in self.to_row_dict(item).items()
                ]

        sheet = Sheet(
            title=self.get_filename(),
            header=[self.get_heading(queryset, field) for field in self.list_export],
            rows=rows(),
        )
        return spreadsheet_response(
            sheets=[sheet], filename=export_filename(self.get_filename()), fmt=fmt
        )
