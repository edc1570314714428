from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "renkei.events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from renkei.events import (
            dashboard,  # noqa: F401  (registers its panel)
            signals,  # noqa: F401  (connects the receivers)
        )
        from renkei.events.search import register_search

        register_search()
