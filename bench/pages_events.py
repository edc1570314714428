"""Events' pages in the benchmark (data: bench/generate_events.py, 100,000 events, 2,000,000 registrations).

    .venv/bin/python bench/run.py --database-url sqlite:////work/main/var/bench-events.sqlite3 \\
        --pages floor,events-month,events-month-member,events-page,events-registrants,events-network-ics

The month view is this month's calendar (about 750 events a month in the data), as a visitor
and as a signed-in member; the organiser's pages are those of the event with 1,000
registrants, read by the alliance secretariat with two factors.
"""

import subprocess

from bench.generate import ALLIANCE, MEMBER_EMAIL
from bench.generate_events import DETAIL_TITLE_EN, SECRETARIAT_EMAIL
from bench.run import PYTHON, ROOT, Page

ORGANISER = {"user": SECRETARIAT_EMAIL, "second_factor": True}

PAGES = [
    Page("events-month", "events: this month's calendar (visitor)", "/events/", target=0.5, target_p99=200),
    Page("events-month-member", "events: this month's calendar (signed-in member)", "/events/", user=MEMBER_EMAIL),
    Page(
        "events-page",
        "events: page of an event with 1,000 registrants (organiser)",
        "/events/{detail}/",
        target=0.5,
        target_p99=200,
        **ORGANISER,
    ),
    Page(
        "events-registrants",
        "events: its registrants, page 1 of 20 (organiser)",
        "/events/{detail}/manage/registrants/",
        target=0.5,
        target_p99=200,
        **ORGANISER,
    ),
    Page(
        "events-network-ics",
        "events: iCalendar feed of the alliance's upcoming events",
        f"/events/network/{ALLIANCE}.ics",
        target=0.5,
        target_p99=200,
    ),
]


def resolve(env: dict[str, str]) -> dict[str, str]:
    """The id of the event with 1,000 registrants."""
    code = f"""
import django; django.setup()
from renkei.events.models import Event
print(Event.objects.filter(title_en={DETAIL_TITLE_EN!r}).values_list("pk", flat=True).first())
"""
    pk = subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    if pk.stdout.strip() == "None":
        raise SystemExit("No event data: run bench/generate_events.py on this database first")
    return {"detail": pk.stdout.strip()}
