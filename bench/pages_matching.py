"""Matching pages for bench/run.py: a programme's relay status table for 1,788 governments, a need
with its suggestions, the needs list.

Data: bench/generate_matching.py (see its docstring for the commands); then

    .venv/bin/python bench/run.py --database-url sqlite:////work/main/var/bench-matching.sqlite3 \\
        --pages floor,matching-relay,matching-need,matching-needs --rounds 1 --duration 10
"""

import subprocess

from bench.run import PYTHON, ROOT, Page

SECRETARIAT = "secretariat@demo.renkei.example"

PAGES = [
    Page(
        "matching-relay",
        "programme relay status table (1,788 targeted governments), secretariat",
        "/matching/programmes/{relay}/relay/",
        target=0.3,
        # The issue sets no latency; run.py's report needs one beside the ratio.
        target_p99=500,
        user=SECRETARIAT,
        second_factor=True,
    ),
    Page(
        "matching-need",
        "need with suggested offers and partners (20,000 needs, 50,000 offers)",
        "/matching/needs/{need}/",
        signed_in=True,
    ),
    Page("matching-needs", "needs list (20,000 needs, page of 20)", "/matching/needs/", signed_in=True),
]


def resolve(env: dict[str, str]) -> dict[str, str]:
    """The programme relayed to every government, and a public need.

    Reads ids only: this runs before bench/run.py migrates the database to the code's columns.
    """
    code = """
import django; django.setup()
from bench.generate_matching import RELAY_TITLE
from renkei.matching.models import Need, Programme
relay = Programme.objects.values_list("pk", flat=True).get(title=RELAY_TITLE)
print(relay, Need.objects.filter(visibility="public").order_by("pk").values_list("pk", flat=True)[100])
"""
    out = subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    relay, need = out.stdout.split()
    return {"relay": relay, "need": need}
