from django.apps import AppConfig, apps
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def analyze_sqlite(sender, using: str = "default", **kwargs) -> None:
    """Refresh SQLite's statistics after migrations, which may have added indexes.

    Without statistics for a new index SQLite's planner may prefer it blindly: at a million
    posts, a board page sorted 700,000 rows instead of reading 20 in order. PostgreSQL's
    autovacuum analyzes by itself. Bounded by analysis_limit, so a large database takes seconds.
    """
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")


class WebConfig(AppConfig):
    name = "renkei.web"
    verbose_name = _("Site")

    def ready(self):
        # Once per migrate, after all migrations ran: post_migrate comes once for each app with
        # models (web has none), so listen for one of them.
        post_migrate.connect(analyze_sqlite, sender=apps.get_app_config("registry"))
