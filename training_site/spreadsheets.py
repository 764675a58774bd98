"""CSV downloads that spreadsheet programs open safely: one place for the rules."""

import csv

from django.http import HttpResponse

# Spreadsheet programs run cells starting with these as formulas (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """Text a spreadsheet will not run as a formula; None becomes an empty cell."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def csv_download(filename: str) -> tuple[HttpResponse, "csv._writer"]:
    """An attachment response and a csv writer on it. The byte-order mark lets spreadsheet
    programs read French and Arabic as UTF-8."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response, csv.writer(response)


class FormulaGuardedExportMixin:
    """For Wagtail index views with `list_export`: text cells of the CSV export go through
    `csv_cell`, as the project's own CSVs do (Wagtail guards only its XLSX export)."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: _guarded(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )


def _guarded(value):
    return csv_cell(value) if isinstance(value, str) else value
