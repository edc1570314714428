"""The floor page: the least a Django page can cost here, to measure every other page against.

No database, no base layout, no context processors: a 20-row table from a Python list through
a template string compiled once. It is served by the project itself, behind the same
middleware, at /bench/floor/ when RENKEI_BENCH is on.
"""

from django.http import HttpRequest, HttpResponse
from django.template import engines

ROWS = [
    {"code": f"{13101 + i:05d}0", "name": f"自治体{i + 1}", "kana": f"じちたい{i + 1}", "members": 37 * (i + 1)}
    for i in range(20)
]

TEMPLATE = engines["django"].from_string(
    """<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>floor</title></head><body><main>
<table><thead><tr><th>code</th><th>name</th><th>kana</th><th>members</th></tr></thead><tbody>
{% for row in rows %}<tr><td>{{ row.code }}</td><td>{{ row.name }}</td><td>{{ row.kana }}</td>
<td>{{ row.members }}</td></tr>{% endfor %}</tbody></table></main></body></html>"""
)


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(TEMPLATE.render({"rows": ROWS}))
