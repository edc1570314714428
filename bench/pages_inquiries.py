"""The inquiries inbox in the benchmark (data: bench/generate_inquiries.py, 20,000 inquiries to the alliance).

    .venv/bin/python bench/run.py --database-url sqlite:////work/main/var/bench-inquiries.sqlite3 \\
        --pages floor,inquiries-inbox,inquiries-new,inquiries-overdue,inquiries-filtered,inquiries-detail

Read by the alliance secretariat with two factors: the inbox with its figures on top, filtered
by status, by overdue, by kind and assignee, and one inquiry with a thread of 20 entries.
"""

import subprocess

from bench.generate import ALLIANCE
from bench.generate_inquiries import DETAIL_NAME, SECRETARIAT_EMAIL
from bench.run import PYTHON, ROOT, Page

SECRETARIAT = {"user": SECRETARIAT_EMAIL, "second_factor": True}
INBOX = f"/contact/{ALLIANCE}/inbox/"

PAGES = [
    Page("inquiries-inbox", "inquiries: inbox, page 1 of 800 (secretariat)", INBOX, **SECRETARIAT),
    Page("inquiries-new", "inquiries: inbox, new ones", INBOX + "?status=new", **SECRETARIAT),
    Page("inquiries-overdue", "inquiries: inbox, overdue ones", INBOX + "?overdue=on", **SECRETARIAT),
    Page(
        "inquiries-filtered",
        "inquiries: inbox, media requests of one assignee, page 2",
        INBOX + "?kind=media&assignee={assignee}&page=2",
        **SECRETARIAT,
    ),
    Page("inquiries-detail", "inquiries: one inquiry with 20 replies and notes", INBOX + "{detail}/", **SECRETARIAT),
]


def resolve(env: dict[str, str]) -> dict[str, str]:
    """The inquiry with the long thread, and the secretariat's own id as the assignee."""
    code = f"""
import django; django.setup()
from renkei.accounts.models import User
from renkei.inquiries.models import Inquiry
print(Inquiry.objects.filter(name={DETAIL_NAME!r}).values_list("pk", flat=True).first())
print(User.objects.get(email={SECRETARIAT_EMAIL!r}).pk)
"""
    out = subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    detail, assignee = out.stdout.split()
    if detail == "None":
        raise SystemExit("No inquiry data: run bench/generate_inquiries.py on this database first")
    return {"detail": detail, "assignee": assignee}
