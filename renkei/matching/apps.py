from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "renkei.matching"
    verbose_name = _("Matching")

    def ready(self):
        from renkei.matching.services import register_search

        register_search()
