"""The news pages of bench/run.py: a network's news list at 100,000 articles (bench/generate_news.py).

    .venv/bin/python bench/run.py --database-url sqlite:////work/main/var/bench-news.sqlite3 \
        --pages floor,news-list,news-list-member,news-list-kind,news-article,news-feed
"""

import subprocess

from bench.generate import ALLIANCE
from bench.run import PYTHON, ROOT, Page

NEWS = f"/networks/{ALLIANCE}/news/"

PAGES = [
    Page("news-list", "news list, page 1 (anonymous, 100,000 articles)", NEWS, target=0.5, target_p99=200),
    Page("news-list-member", "news list, page 1 (signed-in member)", NEWS, True, target=0.5, target_p99=200),
    Page(
        "news-list-kind",
        "news list, メディア掲載 only, page 3 (anonymous)",
        NEWS + "?kind=media&page=3",
        target=0.5,
        target_p99=200,
    ),
    Page("news-article", "an article (anonymous)", NEWS + "{article}/", target=0.5, target_p99=200),
    Page("news-feed", "Atom feed, 50 articles", NEWS + "feed/"),
]


def resolve(env: dict[str, str]) -> dict[str, str]:
    """The newest public article of the alliance, for the article page."""
    code = f"""
import django; django.setup()
from renkei.news.models import Article
articles = Article.objects.public().filter(network__slug={ALLIANCE!r}).order_by("-published_at", "-id")
print(articles.values_list("pk", flat=True).first())
"""
    pk = subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    if pk.stdout.strip() == "None":
        raise SystemExit("No news data: run .venv/bin/python bench/generate_news.py first")
    return {"article": pk.stdout.strip()}
