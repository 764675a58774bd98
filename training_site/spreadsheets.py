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
