from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _themes_ensure(sender, using: str = "default", **kwargs) -> None:
    """Put the matching taxonomy back when a database was emptied since its migration (a flush)."""
    from renkei.matching.models import Theme
    from renkei.matching.services import themes_load

    if not Theme.objects.using(using).exists():
        themes_load()


class MatchingConfig(AppConfig):
    name = "renkei.matching"
    verbose_name = _("Matching")

    def ready(self):
        from renkei.matching import (
            dashboard,  # noqa: F401  (registers its panel)
            signals,  # noqa: F401
        )
        from renkei.matching.services import register_search

        register_search()
        post_migrate.connect(_themes_ensure, sender=self, dispatch_uid="renkei-matching-themes")
