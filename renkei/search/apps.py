from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "renkei.search"
    verbose_name = _("Search")

    def ready(self):
        from renkei.search import signals  # noqa: F401
