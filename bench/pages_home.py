"""The two homes in the benchmark: the public home and a signed-in person's own.

    .venv/bin/python bench/run.py --pages floor,home-public,home-member,home-secretariat,dashboard

On bench/generate.py's data, with what bench/generate_board.py, generate_events.py and
generate_news.py add on the same database when it is there: the public home reads the coming
public events of 100,000 and the newest public articles of 100,000; the member's home the alliance
member's boards (700,000 posts on the alliance's), tickets, surveys, programmes, contacts and
notifications; the secretariat's the same for the alliance's secretariat, with its dashboards;
and the alliance's secretariat dashboard (applications, invoices by 年度, inquiries, coming events
against capacity, programme relays, reports, the members' map and growth).
"""

from bench.generate import ALLIANCE, MEMBER_EMAIL
from bench.generate_events import SECRETARIAT_EMAIL
from bench.run import Page

PAGES = [
    Page("home-public", "public home (visitor)", "/", target=0.5, target_p99=200),
    Page(
        "home-member",
        "personal home (alliance member's staff)",
        "/home/",
        user=MEMBER_EMAIL,
        target=0.5,
        target_p99=200,
    ),
    Page(
        "home-secretariat",
        "personal home (alliance secretariat, two factors)",
        "/home/",
        user=SECRETARIAT_EMAIL,
        second_factor=True,
        target=0.5,
        target_p99=200,
    ),
    Page(
        "dashboard",
        "secretariat dashboard (alliance, 664 members, two factors)",
        f"/networks/{ALLIANCE}/manage/",
        user=SECRETARIAT_EMAIL,
        second_factor=True,
        target=0.5,
        target_p99=200,
    ),
]
