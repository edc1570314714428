"""Partnerships pages for bench/run.py: the directory and the anniversaries at 50,000 partnerships.

Data: bench/generate_partnerships.py (see its docstring for the commands).
"""

import subprocess

from bench.run import PYTHON, ROOT, Page

PAGES = [
    Page("partnerships", "partnerships directory (50,000, page of 20)", "/partnerships/", target=0.5, target_p99=200),
    Page(
        "partnerships-anniversaries",
        "anniversaries due in 24 months (50,000 partnerships)",
        "/partnerships/anniversaries/?months=24",
        target=0.5,
        target_p99=200,
    ),
    Page(
        "partnerships-filtered",
        "partnerships directory ?country=US&kind=sister_city",
        "/partnerships/?country=US&kind=sister_city",
    ),
    Page("partnerships-figures", "partnerships by country and prefecture (SVG)", "/partnerships/statistics/"),
    Page("partnerships-municipality", "municipality page with its partnerships", "/local-governments/{busiest}/"),
]


def resolve(env: dict[str, str]) -> dict[str, str]:
    """The local government with the most partnerships, for the municipality page."""
    code = """
import django; django.setup()
from django.db.models import Count
from renkei.partnerships.models import Party
rows = Party.objects.exclude(local_government=None).values("local_government").annotate(n=Count("id"))
row = rows.order_by("-n").first()
print(row["local_government"] if row else "272175")
"""
    out = subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return {"busiest": out.stdout.strip()}
