"""Spreadsheet downloads: a tablib Dataset sent as CSV or Excel, safe to open.

Every export of Renkei goes through ``dataset_response``. Text that people typed (a name, an
organisation, an answer, a question) reaches a spreadsheet that would run it as a formula if it
began with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return): ``=HYPERLINK(…)`` sends the
sheet's data away when clicked, ``=cmd|…`` starts a program. Such text is written with a leading
single quote (OWASP's advice), so the spreadsheet shows it and runs nothing; numbers and dates
stay numbers and dates, and in Excel every text cell is written as text, never as a formula.
"""

import csv
import datetime
import decimal
import io
from collections.abc import Iterable

import openpyxl
import tablib
from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What a spreadsheet reads as the start of a formula: OWASP's list, and the full-width signs that
# Japanese Excel turns into their ASCII forms when it reads a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_QUOTE = "'"
_SHEET_TITLE_MAX = 31  # Excel's limit on a sheet's name
_WIDEST_COLUMN = 60


def is_formula(value) -> bool:
    """Whether a spreadsheet would evaluate this cell: text that starts like a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_cell(value):
    """``value`` as an export writes it: formula-like text behind a single quote, anything else as it is.

    Numbers, dates and booleans are kept (a negative number is still a number); lazy translations
    become text.
    """
    if isinstance(value, Promise):
        value = str(value)
    if is_formula(value):
        return _QUOTE + value
    return value


def unquote_cell(value):
    """The text an export protected with ``safe_cell``, without the quote, so an export imports again."""
    if isinstance(value, str) and value.startswith(_QUOTE) and is_formula(value[1:]):
        return value[1:]
    return value


def _safe_rows(dataset: tablib.Dataset) -> tuple[list, Iterable[list]]:
    headers = [safe_cell(header) for header in dataset.headers or []]
    return headers, ([safe_cell(value) for value in row] for row in dataset)


def _csv(dataset: tablib.Dataset) -> bytes:
    headers, rows = _safe_rows(dataset)
    stream = io.StringIO()
    writer = csv.writer(stream)
    if headers:
        writer.writerow(headers)
    writer.writerows(rows)
    # The byte-order mark makes Excel open UTF-8 with Japanese correctly.
    return stream.getvalue().encode("utf-8-sig")


def _xlsx(dataset: tablib.Dataset) -> bytes:
    headers, rows = _safe_rows(dataset)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _sheet_title(dataset.title)
    widths: dict[int, int] = {}
    for number, values in enumerate([headers, *rows] if headers else rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column)
            if isinstance(value, int | float | decimal.Decimal | datetime.date | datetime.time | None):
                cell.value = value
            else:
                # Control characters other than tab and newline cannot be stored in a workbook.
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
                # Explicitly text: never a formula ("=…") nor an error value ("#N/A").
                cell.data_type = "s"
                widths[column] = max(widths.get(column, 0), _width(cell.value))
    if headers:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, _WIDEST_COLUMN)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _width(text: str) -> int:
    # Japanese characters take two columns' width.
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def _sheet_title(title) -> str:
    text = str(title or "Sheet")
    for char in "\\/*?:[]":
        text = text.replace(char, "-")
    return text.strip("'")[:_SHEET_TITLE_MAX] or "Sheet"


def dataset_response(dataset: tablib.Dataset, *, fmt: str, filename: str) -> HttpResponse:
    """``dataset`` as an attachment named ``filename``: Excel when ``fmt`` is "xlsx", otherwise CSV.

    Every cell passes through ``safe_cell``: the one way Renkei writes a spreadsheet.
    """
    if fmt == "xlsx":
        response = HttpResponse(_xlsx(dataset), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(_csv(dataset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
