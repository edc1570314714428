"""Spreadsheet downloads: a tablib Dataset sent as CSV or Excel."""

import tablib
from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def dataset_response(dataset: tablib.Dataset, *, fmt: str, filename: str) -> HttpResponse:
    """``dataset`` as an attachment named ``filename``: Excel when ``fmt`` is "xlsx", otherwise CSV."""
    if fmt == "xlsx":
        response = HttpResponse(dataset.export("xlsx"), content_type=XLSX_CONTENT_TYPE)
    else:
        # The byte-order mark makes Excel open UTF-8 with Japanese correctly.
        response = HttpResponse(dataset.export("csv").encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
