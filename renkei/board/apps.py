from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardConfig(AppConfig):
    name = "renkei.board"
    verbose_name = _("Bulletin board")

    def ready(self):
        from renkei.board import (
            dashboard,  # noqa: F401  (registers its panel)
            signals,  # noqa: F401
        )
        from renkei.board.services import register_search

        register_search()
